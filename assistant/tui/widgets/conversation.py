"""The conversation: an anchored scroll of messages, with a keyboard cursor over them.

Long consults stay fast: Textual lays out every mounted widget on each layout pass, so only the
newest `KEEP` messages stay mounted. Older ones are folded into an "earlier messages" row that
shows them again (a batch at a time) on Enter or click; nothing is lost. A reopened consult's
older turns are not even built until then (`LaterTurn`): its start-up costs the same at any length.
When where it stopped already fills the screen, even its newest earlier turns are built and
mounted just after the first frame (`fills`, `after_first_frame`): they would be out of view in it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.events import Click, Resize
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget

from assistant.tui.widgets.messages import ChatMessage

KEEP = 24  # messages kept mounted (a screenful at 120x40 is about 15)
SLACK = 10  # fold only when this many more have arrived, so folding is rare
BATCH = 40  # messages shown again per Enter on the "earlier messages" row


@dataclass(frozen=True)
class LaterTurn:
    """A reopened consult's turn whose messages are built only when it is unfolded."""

    build: Callable[[], list[ChatMessage]]


Folded = ChatMessage | LaterTurn


class EarlierMessages(Widget, can_focus=True):
    """'▲ N earlier messages': Enter or click shows the previous batch again."""

    DEFAULT_CSS = """
    EarlierMessages { height: 1; color: $text-muted; }
    EarlierMessages:focus { color: $text; background: $boost; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "unfold", "Show earlier", id="conversation_unfold",
                tooltip="Show earlier messages of this consult again"),
        Binding("down,j", "next", "Next", id="conversation_earlier_next", show=False),
    ]

    @dataclass
    class Unfold(Message):
        pass

    def __init__(self) -> None:
        super().__init__(id="earlier")
        self.count = 0  # folded messages
        self.turns = 0  # turns of a reopened consult not built yet

    def render(self) -> Content:
        parts = [f"{self.count} earlier messages"] if self.count or not self.turns else []
        if self.turns:
            parts.append(f"{self.turns:,} earlier turn{'s' if self.turns != 1 else ''}")
        return Content(f"▲ {' and '.join(parts)} (Enter to show)")

    def action_unfold(self) -> None:
        self.post_message(self.Unfold())

    def action_next(self) -> None:
        messages = self.parent.query_children(ChatMessage) if self.parent else None
        if messages:
            messages.first().focus()

    def on_click(self, event: Click) -> None:
        event.stop()
        self.action_unfold()


class Conversation(VerticalScroll, can_focus=False):
    """Messages top to bottom. `stream` layout keeps long conversations cheap to lay out."""

    DEFAULT_CSS = """
    Conversation { layout: stream; height: 1fr; }
    """
    # Nothing of its own to draw (no border, padding or scrollbar: see app.tcss), only its
    # background between the messages: Textual then paints its lines as blanks instead of
    # re-rendering each one (every turn, since each mount clears a container's line cache).
    BLANK = True

    HELP = """\
## Conversation

- **Alt+Up** from the prompt moves to the last message; then **Up**/**Down** (or **k**/**j**) move
  between messages.
- A focused message shows the references it cites in the references panel.
- **c** (or **y**) copies the focused message; **Esc** returns to the prompt.
- In a long consult the oldest messages fold into an "earlier messages" row: **Enter** on it
  shows them again.
"""

    @dataclass
    class Left(Message):
        """The user left the messages (Esc): the screen gives focus back to the prompt."""

    def __init__(self, *messages: ChatMessage, id: str | None = None) -> None:
        super().__init__(*messages, id=id)
        self.folded: list[Folded] = []  # unmounted copies of the oldest messages (or turns not built), oldest first
        self._first_frame: Callable[[], Awaitable[None]] | None = None

    def after_first_frame(self, callback: Callable[[], Awaitable[None]]) -> None:
        """Run `callback` once the first layout with this conversation in it has been drawn."""
        self._first_frame = callback

    async def on_resize(self, event: Resize) -> None:
        # Textual draws a layout's frame before its widgets handle the Resize it sends them
        callback, self._first_frame = self._first_frame, None
        if callback is not None:
            await callback()

    def on_mount(self) -> None:
        self.anchor()

    @property
    def messages(self) -> list[ChatMessage]:
        return [child for child in self.children if isinstance(child, ChatMessage)]

    @property
    def total(self) -> int:
        """Messages in the conversation: mounted, and folded away (a turn not built yet counts once)."""
        return len(self.messages) + len(self.folded)

    @property
    def folded_messages(self) -> list[ChatMessage]:
        """The folded messages built so far (a reopened consult's older turns are built on unfolding)."""
        return [m for m in self.folded if isinstance(m, ChatMessage)]

    def fills(self, size: Size) -> bool:
        """Whether its messages, drawn at most `size.width` wide, take `size.height` lines or more,
        known before any layout: then, anchored to the bottom, nothing mounted above them shows
        in a view at most that size (margins and padding only add lines or narrow it)."""
        return sum(message.min_lines(size.width) for message in self.messages) >= size.height

    async def add(self, messages: Iterable[ChatMessage]) -> None:
        batch = list(messages)
        if batch:
            await self.mount_all(batch)
            self.anchor()  # the user just acted: follow the newest message again
            if len(self.messages) > KEEP + SLACK:
                # after the frame that shows the new messages: folding is housekeeping, and
                # removing widgets would double that frame's cost
                self.call_after_refresh(self._fold_oldest)

    async def _fold_oldest(self) -> None:
        mounted = self.messages
        if len(mounted) > KEEP + SLACK:
            oldest = mounted[: len(mounted) - KEEP]
            plans = [m for m in mounted if m.has_class("-plan")]
            if plans and plans[-1] in oldest:
                oldest.remove(plans[-1])  # the current plan is never folded away
            await self._fold(oldest)

    def show_top_of(self, message: ChatMessage) -> None:
        """Scroll so that `message` starts at the top of the view (once it has been laid out)."""
        self.release_anchor()
        self.call_after_refresh(self.scroll_to_widget, message, top=True, animate=False)

    async def _fold(self, oldest: list[ChatMessage]) -> None:
        if self.app.focused in oldest:
            return  # never pull the focused message away from under the user
        self.folded.extend(message.clone() for message in oldest)
        await self.remove_children(oldest)
        await self._show_earlier_row()

    async def _show_earlier_row(self) -> None:
        rows = self.query_children(EarlierMessages)
        if not self.folded:
            await rows.remove()
            return
        row = rows.first() if rows else None
        if row is None:
            row = EarlierMessages()
            await self.mount(row, before=0)
        row.turns = sum(1 for m in self.folded if isinstance(m, LaterTurn))
        row.count = len(self.folded) - row.turns
        row.refresh()

    @on(EarlierMessages.Unfold)
    async def _unfold(self, event: EarlierMessages.Unfold) -> None:
        event.stop()
        batch: list[ChatMessage] = []
        while self.folded and len(batch) < BATCH:
            item = self.folded.pop()
            batch[:0] = item.build() if isinstance(item, LaterTurn) else [item]
        if not batch:
            await self._show_earlier_row()
            return
        first = self.messages[0] if self.messages else None
        self.release_anchor()
        await self.mount_all(batch, before=first) if first is not None else await self.mount_all(batch)
        await self._show_earlier_row()
        batch[-1].focus()
        self.call_after_refresh(batch[-1].scroll_visible, animate=False)  # once it has been laid out

    async def add_earlier(self, messages: Sequence[ChatMessage], later: Sequence[LaterTurn] = ()) -> None:
        """Messages from before this run (a reopened consult), above the ones shown. Only the newest
        are mounted; older ones go straight into the "earlier messages" row (a long session would
        otherwise mount thousands of widgets at start-up), and `later`, the turns before them, are
        built only when unfolded."""
        shown = self.messages
        cut = max(0, len(messages) - max(0, KEEP - len(shown)))
        older, newest = list(messages[:cut]), list(messages[cut:])
        self.folded[:0] = [*later, *older]  # oldest first: the turns not built yet come before these
        if newest:
            await self.mount_all(newest, before=shown[0]) if shown else await self.mount_all(newest)
        if messages:
            self.anchor()
        if later or older:
            await self._show_earlier_row()

    async def clear_messages(self) -> None:
        self.folded.clear()
        await self.remove_children()

    def focus_last(self) -> bool:
        messages = self.messages
        if not messages:
            return False
        messages[-1].focus()
        return True

    @on(ChatMessage.Move)
    def _move(self, event: ChatMessage.Move) -> None:
        event.stop()
        if event.step == 0:
            self.post_message(self.Left())
            return
        messages = self.messages
        try:
            index = messages.index(event.message)
        except ValueError:
            return
        target = index + event.step
        if 0 <= target < len(messages):
            messages[target].focus()
            messages[target].scroll_visible(animate=False)
        elif target >= len(messages):
            self.post_message(self.Left())
        elif self.folded:
            self.query_one(EarlierMessages).focus()
