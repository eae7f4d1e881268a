"""Quick replies: the current question's options as numbered buttons.

Alt+1..9 choose from anywhere; with the bar focused (Tab from the prompt) plain 1..9 choose.
Plain digits never choose while the prompt has focus: "101.8F" or "2 doses" must stay text.
Choosing posts `QuickReplies.Chosen` with the option's label, which the screen sends to the
engine as if typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.content import Content
from textual.events import Resize
from textual.message import Message
from textual.widgets import Button

from dialogs.phrasing import option_numbers as option_keys
from dialogs.safe_text import inert

MAX_OPTIONS = 9


class QuickReplies(Container, can_focus=False):
    """Buttons '1 Room air', '2 Nasal cannula ...'. Laid out in a row when they fit, else stacked."""

    DEFAULT_CSS = """
    QuickReplies { height: auto; max-height: 9; layout: vertical; overflow-y: auto; }
    QuickReplies > Button { width: 1fr; height: 1; min-width: 0; content-align: left middle; text-align: left; }
    """
    # In a row (class -row) the bar is laid out horizontally and each button is as wide as its
    # label, 2 cells apart. Those few rules are set on the bar and its buttons directly: a class
    # rule on the bar would make Textual restyle every button from the stylesheet each time the
    # bar switches between a row and a stack (about 6 ms, inside the frame of that reply).
    LAYOUTS: ClassVar[dict[bool, tuple[str, str, tuple[int, int, int, int]]]] = {
        True: ("horizontal", "auto", (0, 2, 0, 0)),  # in a row: layout, button width, button margin
        False: ("vertical", "1fr", (0, 0, 0, 0)),  # stacked, as DEFAULT_CSS has them
    }

    HELP = """\
## Quick replies

The options for the current question. **Alt+1**…**Alt+9** choose one from anywhere; after **Tab**
from the prompt, plain **1**…**9**, arrows and **Enter** work too. You can always type instead.
"""

    BINDING_GROUP_TITLE = "Quick replies"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(str(n), f"choose({n})", f"Option {n}", id=f"quick_reply_{n}", show=False,
                tooltip=f"Choose quick reply {n}")
        for n in range(0, MAX_OPTIONS + 1)
    ]

    @dataclass
    class Chosen(Message):
        label: str

    def __init__(self, options: Sequence[str] = (), *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.options: tuple[str, ...] = tuple(options[:MAX_OPTIONS])
        self.keys: tuple[int, ...] = option_keys(self.options)
        self.display = bool(self.options)

    def compose(self) -> ComposeResult:
        yield from self._buttons(self._labels())

    def _labels(self) -> list[Content]:
        pairs = zip(self.keys, self.options, strict=True)
        return [Content.assemble((f"{n} ", "bold"), inert(label)) for n, label in pairs]

    @staticmethod
    def _buttons(labels: Sequence[Content], first: int = 1) -> list[Button]:
        return [Button(label, compact=True, name=str(n)) for n, label in enumerate(labels, start=first)]

    def chooses(self, key: int) -> bool:
        return key in self.keys

    async def show(self, options: Sequence[str]) -> None:
        """Show these options (an empty sequence hides the bar). Buttons are kept and reused, hidden
        when not needed: building a Button costs about a millisecond, and options change every turn."""
        options = tuple(options[:MAX_OPTIONS])
        if options == self.options and self.display == bool(options):
            return
        self.options = options
        self.keys = option_keys(options)
        self.display = bool(self.options)
        labels = self._labels()
        buttons = list(self.query_children(Button))
        for button, label in zip(buttons, labels, strict=False):
            if button.label != label:
                button.label = label
                button.refresh(layout=True)  # Button does not re-measure itself for a new label
            button.display = True
        for button in buttons[len(labels):]:
            button.display = False
        if len(labels) > len(buttons):
            added = self._buttons(labels[len(buttons):], first=len(buttons) + 1)
            if self.has_class("-row"):
                for button in added:
                    self._lay_out(button, row=True)
            await self.mount_all(added)
        self._layout_for(self.size.width)

    def focus_first(self) -> None:
        buttons = [b for b in self.query_children(Button) if b.display]
        if buttons:
            buttons[0].focus()

    def _layout_for(self, width: int) -> None:
        if not self.options or not width:
            return  # hidden: keep the last layout (a class change restyles every button)
        needed = sum(len(label) + 6 for label in self.options)  # 'N ', padding of 1 each side, margin 2
        row = 0 < needed <= width
        if row == self.has_class("-row"):
            return
        self.set_class(row, "-row", update=False)
        self.styles.layout = self.LAYOUTS[row][0]
        for button in self.query_children(Button):
            self._lay_out(button, row=row)

    def _lay_out(self, button: Button, *, row: bool) -> None:
        _, button.styles.width, button.styles.margin = self.LAYOUTS[row]

    def on_resize(self, event: Resize) -> None:
        self._layout_for(event.size.width)

    def action_choose(self, number: int) -> None:
        """Choose the option shown with this number (its value, for a count; else its position)."""
        if number in self.keys:
            self.post_message(self.Chosen(self.options[self.keys.index(number)]))

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.name and event.button.name.isdigit():
            index = int(event.button.name) - 1  # buttons are named by position
            if 0 <= index < len(self.options):
                self.post_message(self.Chosen(self.options[index]))


ALT_BINDINGS: list[BindingType] = [
    Binding(f"alt+{n}", f"quick_reply({n})", f"Reply {n}", id=f"quick_reply_alt_{n}", show=False,
            tooltip=f"Choose quick reply {n}")
    for n in range(0, MAX_OPTIONS + 1)
]


class QuickReplyKeys:
    """For a screen with a `QuickReplies` bar: Alt+0..9 (`ALT_BINDINGS`) choose from anywhere,
    and are offered only when that number is one of the options shown."""

    def action_quick_reply(self, number: int) -> None:
        self.query_one(QuickReplies).action_choose(number)  # type: ignore[attr-defined]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quick_reply":
            number = parameters[0] if parameters else 0
            return isinstance(number, int) and self.query_one(QuickReplies).chooses(number)  # type: ignore[attr-defined]
        return True
