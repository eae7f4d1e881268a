"""The prompt: Enter sends, Ctrl+J adds a newline, up and down at the edges walk the history."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import TextArea

from dialogs.safe_text import inert

# The characters Alt+0..9 arrive as when the terminal sends ESC N (tmux, xterm, GNOME Terminal):
# Textual reads ESC 0..9 as the macOS Option characters.
ALT_DIGITS: dict[str, int] = {c: n for n, c in enumerate("º¡™£¢∞§¶•ª")}


class Prompt(TextArea):
    """Where the clinician types: answers, quick-reply numbers, commands, questions."""

    HELP = """\
## Prompt

Type an answer, a whole case ("Tmax 101.8F, levo + vaso, HFNC 40L"), a question, or a command
(`/back`, `/change oxygen`, `/why`, `/refs`, `/summary`, `/restart`, `/help`).

- **Enter** sends, **Ctrl+J** adds a new line.
- **Up** / **Down** on the first / last line walk through what you sent before, in this consult
  and then in stored ones.
"""

    BINDING_GROUP_TITLE = "Prompt"
    BINDINGS = [  # noqa: RUF012 - Textual's own convention for bindings
        Binding("enter", "submit", "Send", id="prompt_send", tooltip="Send what you typed to the assistant"),
        Binding("ctrl+j", "newline", "New line", id="prompt_newline", tooltip="Add a new line without sending"),
    ]
    # Not priority bindings: those run in the app as soon as the key arrives, while characters
    # typed (or pasted) just before it may still wait in this widget's queue, so a fast typist or a
    # busy moment sent half a line. `_on_key` runs them here, in order with the characters.

    @dataclass
    class Submitted(Message):
        """The user sent `text` (never empty or blank)."""

        prompt: Prompt
        text: str

        @property
        def control(self) -> Prompt:
            return self.prompt

    def __init__(self, *, placeholder: str = "", cursor_blink: bool = True, id: str | None = None) -> None:
        super().__init__(
            "", soft_wrap=True, tab_behavior="focus", show_line_numbers=False, highlight_cursor_line=False,
            compact=True, placeholder=placeholder, id=id,
        )
        self.cursor_blink = cursor_blink
        self._sent: list[str] = []
        self._position = 0  # len(history) means "the line being written"
        self._draft = ""
        # what was typed in earlier consults, newest first: asked for at the first Up, not at start-up
        self.earlier: Callable[[], Sequence[str]] | None = None

    @property
    def sent(self) -> tuple[str, ...]:
        """What was sent from this prompt, oldest first (the history walked by up and down)."""
        return tuple(self._sent)

    def action_submit(self) -> None:
        text = self.text
        if not text.strip():
            return
        if not self._sent or self._sent[-1] != text:
            self._sent.append(text)
        self._position = len(self._sent)
        self._draft = ""
        self.clear()
        self.post_message(self.Submitted(self, text))

    async def _on_key(self, event: events.Key) -> None:
        number = ALT_DIGITS.get(event.character or "")
        if number is not None and self.screen.check_action("quick_reply", (number,)):
            # Alt+N as tmux, xterm and GNOME Terminal send it (ESC N, which Textual reads as the
            # macOS Option character): choose quick reply N, as Alt+N does in terminals that send
            # Meta. Without such a quick reply the character is typed as usual.
            event.stop()
            event.prevent_default()
            await self.run_action(f"screen.quick_reply({number})")
            return
        if not event.is_printable:
            active = self.screen.active_bindings.get(event.key)  # with the user's keymap applied
            if active is not None and active.node is self and active.binding.action in ("submit", "newline"):
                event.stop()
                event.prevent_default()
                self.action_submit() if active.binding.action == "submit" else self.action_newline()
                return
        await super()._on_key(event)

    async def _on_paste(self, event: events.Paste) -> None:
        """A paste goes in as its inert rendering (ESC shown as '\\x1b', line breaks kept), so what is
        shown and what is sent and stored are the same text; TextArea's own handler is not run."""
        event.prevent_default()
        event.stop()
        if self.read_only:
            return
        text = inert(event.text.replace("\r\n", "\n").replace("\r", "\n"))
        result = self.replace(text, *self.selection)
        self.move_cursor(result.end_location)
        self.focus()

    def action_newline(self) -> None:
        self.insert("\n")

    def action_cursor_up(self, select: bool = False) -> None:
        if not select and self.navigator.is_first_wrapped_line(self.cursor_location):
            self._walk_history(-1)
            return
        super().action_cursor_up(select)

    def action_cursor_down(self, select: bool = False) -> None:
        if not select and self.navigator.is_last_wrapped_line(self.cursor_location):
            self._walk_history(+1)
            return
        super().action_cursor_down(select)

    def _load_earlier(self) -> None:
        earlier, self.earlier = self.earlier, None
        if earlier is None:
            return
        here = set(self._sent)
        older = [text for text in reversed(earlier()) if text not in here]
        self._sent[:0] = older
        self._position += len(older)

    def _walk_history(self, direction: int) -> None:
        if direction < 0:
            self._load_earlier()
        target = self._position + direction
        if target < 0 or target > len(self._sent):
            return
        if self._position == len(self._sent):
            self._draft = self.text
        self._position = target
        self.load_text(self._draft if target == len(self._sent) else self._sent[target])
        self.move_cursor(self.document.end)
