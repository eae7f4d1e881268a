"""A turn's replies as the Markdown and HTML transcripts write them, without jinja2: the filters
the templates use for them, and what the store keeps of each turn (schema version 8, `fragments`),
rendered when the turn is stored (the chat never imports jinja2, so this module does not).

Inert and escaped as the templates would write them: Markdown one fenced block of the replies'
text, HTML one block a reply (the kind in its class, the text escaped). A change to what these
return needs FRAGMENT_FORM raised (stored fragments of another form are rendered again when exported).
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import escape

from assistant.export.inert import fence, inert
from dialogs.state import Reply

FORMATS = ("md", "html")  # the transcripts whose turns keep a fragment
FRAGMENT_FORM = 1  # raise it when `fragment` renders differently


def reply_text(reply: Reply) -> str:
    """A reply as the chat shows it: its text, then its numbered quick replies."""
    options = "".join(f"\n  {n}) {o}" for n, o in enumerate(reply.options, start=1))
    return reply.text + options


def replies_text(replies: Sequence[Reply]) -> str:
    return "\n\n".join(reply_text(r) for r in replies)


def replies_md(replies: Sequence[Reply]) -> str:
    """The replies in the Markdown transcript: one fenced block, inert."""
    return inert(fence(replies_text(replies)))


def replies_html(replies: Sequence[Reply]) -> str:
    """The replies in the HTML transcript: a block each, escaped and inert."""
    return "".join(f'<div class="reply reply-{_word(r.kind)}"><pre class="text">'
                   f"{escape(inert(reply_text(r)))}</pre></div>\n" for r in replies)


def _word(text: str) -> str:
    """`text` escaped and inert; a plain ASCII word (a reply's kind) has nothing either would change."""
    return text if text.isascii() and text.isalnum() else str(escape(inert(text)))


def fragment(replies: Sequence[Reply], fmt: str) -> str:
    """A turn's replies as the `fmt` transcript writes them: what the store keeps (schema 8)."""
    return replies_md(replies) if fmt == "md" else replies_html(replies)
