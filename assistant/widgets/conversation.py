"""The conversation: an anchored scroll of messages, with a keyboard cursor over them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual import on
from textual.containers import VerticalScroll
from textual.message import Message

from assistant.widgets.messages import ChatMessage


class Conversation(VerticalScroll, can_focus=False):
    """Messages top to bottom. `stream` layout keeps long conversations cheap to lay out."""

    DEFAULT_CSS = """
    Conversation { layout: stream; height: 1fr; }
    """

    HELP = """\
## Conversation

- **Alt+Up** from the prompt moves to the last message; then **Up**/**Down** (or **k**/**j**) move
  between messages.
- A focused message shows the references it cites in the references panel.
- **c** (or **y**) copies the focused message; **Esc** returns to the prompt.
"""

    @dataclass
    class Left(Message):
        """The user left the messages (Esc): the screen gives focus back to the prompt."""

    def on_mount(self) -> None:
        self.anchor()

    @property
    def messages(self) -> list[ChatMessage]:
        return [child for child in self.children if isinstance(child, ChatMessage)]

    async def add(self, messages: Iterable[ChatMessage]) -> None:
        batch = list(messages)
        if batch:
            await self.mount_all(batch)
            self.anchor()  # the user just acted: follow the newest message again

    async def clear_messages(self) -> None:
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
