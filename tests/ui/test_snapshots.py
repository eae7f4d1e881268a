"""Snapshot specifications of the consult UI, at 80x24 and 120x40, dark and light.

Each was looked at before it was accepted (`--snapshot-update`); the docstring says what one
should see. Runs are pinned: settings passed in (no file), fixed persona and theme, no cursor
blink, and the knowledge-base version (a content hash, which changes with any data edit)
replaced by a fixed label.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from assistant.settings import Persona, Settings
from assistant.tui.app import CrsApp, make_app
from assistant.tui.widgets.conversation import Conversation
from assistant.tui.widgets.prompt import Prompt
from knowledge.loader import KnowledgeBase
from tests.ui.conftest import answered, no_clock

SHORTHAND = "Tmax 101.8F, levo + vaso, HFNC 40L"
REST = ["full", "2", "no", "no", "70 kg", "no", "no", "unknown"]
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
THEMES = [pytest.param("textual-dark", id="dark"), pytest.param("textual-light", id="light")]

Snap = Callable[..., bool]


@pytest.fixture(autouse=True)
def fixed_kb_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(KnowledgeBase, "version", property(lambda self: "SNAPSHOT"))


def app(theme: str = "textual-dark", persona: Persona | None = "clinician") -> CrsApp:
    return make_app(settings=Settings(persona=persona, theme=theme), settings_path=None, cursor_blink=False,
                    clock=no_clock)


def typing(*texts: str, then: tuple[str, ...] = ()) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        for text in texts:
            prompt = pilot.app.screen.query_one(Prompt)
            prompt.insert(text)
            before = pilot.app.screen.query_one(Conversation).total
            await pilot.press("enter")
            await answered(pilot, before)
        if then:
            await pilot.press(*then)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES)
def test_first_question(snap_compare: Snap, size: tuple[int, int], theme: str) -> None:
    """You should see the header "CRS assistant  Knowledge base SNAPSHOT · updated <date>", the
    consult's introduction, the first question "? What is the highest temperature in the last 24
    hours?" in bold, one quick reply "1 Afebrile (below 38.0 C)", the prompt with its placeholder,
    the one-line disclaimer on amber and the footer keys. At 120x40 the "Case so far" panel on the
    right lists every slot as "not yet answered"; at 80x24 a status line reads "ASTCT grade: not
    yet known · clinician · Ctrl+B case so far" instead."""
    assert snap_compare(app(theme), terminal_size=size, run_before=typing())


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES)
def test_shorthand_read_and_graded(snap_compare: Snap, size: tuple[int, int], theme: str) -> None:
    """You should see the user's line "You  Tmax 101.8F, levo + vaso, HFNC 40L" on a tinted band,
    then "I read: 101.8 F = 38.78 C; one vasopressor ...; high-flow oxygen (HFNC 40 L/min).",
    "ASTCT grade so far: 3." and the steroids question, with three quick replies in one row
    ("1 Full dose...", "2 Low dose only", "3 No steroids"). "ASTCT grade 3" shows in red in the
    case panel (120x40, with temperature 38.78 C, one vasopressor, high-flow oxygen filled in)
    or in the status line (80x24)."""
    assert snap_compare(app(theme), terminal_size=size, run_before=typing(SHORTHAND))


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES)
def test_plan_focused_with_references(snap_compare: Snap, size: tuple[int, int], theme: str) -> None:
    """After the whole consult, the plan message is focused (accent bar on its left): at its top
    the badge " ASTCT grade 3 " on red, then the underlined heading "Now" and its numbered items
    one line each (bold label, "critical", bold reference markers such as [ASCO] [SRC2]), with
    "Dose: ... 560 mg for 70 kg" under Tocilizumab; at 80x24 the first items fit above the
    references, at 120x40 all of Now, then "▸ If no improvement (1 item): Steroid escalation if no
    improvement", "▸ Monitor and support (4 items): ..." and the dim hint
    "Enter or click: every section ...". The footer offers "⏎ All sections". Under the conversation
    the "References" panel lists what the plan cites (tag, title, source, year, notes). No quick
    replies (nothing is pending); at 120x40 the case panel shows every slot answered, the steroid
    stance "full dose acceptable" and the computed doses (tocilizumab 560 mg for 70 kg,
    dexamethasone)."""
    assert snap_compare(app(theme), terminal_size=size, run_before=typing(SHORTHAND, *REST, then=("alt+up",)))


@pytest.mark.parametrize("size", SIZES)
def test_plan_arrives_at_its_top_with_now_on_screen(snap_compare: Snap, size: tuple[int, int]) -> None:
    """The seed case in one line (grade 3, one tocilizumab dose, anakinra 400 mg/day, low-dose
    steroids only, 82 kg): the plan opens at its top. Badge " ASTCT grade 3 " on red, "Now"
    underlined, items 1-7 (ICU transfer, Vasopressor support, IV fluids and supportive care, Oxygen
    and ventilatory support, Tocilizumab with "Dose: 8 mg/kg IV over 1 hour (maximum 800 mg): 656 mg
    for 82 kg", Lower-dose corticosteroids with its dexamethasone dose, Anakinra), then
    "▸ If no improvement (7 items): Anakinra dose escalation, Siltuximab, ..." and "▸ Monitor and
    support (4 items): ..." with hanging indents. Nothing pending: no quick replies."""
    seed = ("fever 39, levo, HFNC 40L, low dose steroids only, toci x1, anakinra 100 mg q6h, 82 kg, "
            "not neutropenic, no icans, no better after toci")
    assert snap_compare(app(), terminal_size=size, run_before=typing(seed, "unknown"))


def test_undefined_grade_is_bracketed(snap_compare: Snap) -> None:
    """Fever with vasopressin as the only vasopressor, at 80x24: the badge "ASTCT grade: not defined
    by ASTCT for this presentation" on grey, "Now" with Vasopressor support and IV fluids (both
    critical), "▸ Monitor and support (3 items): ...", then in italics "The choice of grade is the
    clinician's: ..." and "▸ If you grade it as grade 2: Tocilizumab, Lower-dose corticosteroids,
    Antifungal prophylaxis", "▸ If you grade it as grade 3: ICU transfer, Tocilizumab, High-dose
    corticosteroids, Steroid escalation if no improvement, Antifungal prophylaxis" (antifungal
    prophylaxis goes with the steroids)."""
    case = ("fever 39.2, on vasopressin only, room air, full steroids, no toci, no anakinra, 70 kg, "
            "not neutropenic, no icans")
    assert snap_compare(app(), terminal_size=(80, 24), run_before=typing(case, "unknown"))


def test_first_run_persona_question(snap_compare: Snap) -> None:
    """On a first run a centred dialog asks "Which best describes you?" with two buttons,
    "1 Clinician: concise plans" (focused) and "2 Trainee: the same plan with teaching explanations
    and evidence notes", and a hint about pressing 1 or 2; the consult is dimmed behind it."""
    assert snap_compare(app(persona=None), terminal_size=(80, 24), run_before=typing())


def test_nothing_cut_off_at_60_columns(snap_compare: Snap) -> None:
    """At 60x24 after the shorthand case: the header wraps onto two lines rather than being cut,
    messages wrap, the three quick replies stack one per line, the status line reads "ASTCT grade
    3 · clinician · Ctrl+B case so far", the disclaimer uses its short wording "Decision support
    only. Verify against primary sources." and the footer keys all fit."""
    assert snap_compare(app(), terminal_size=(60, 24), run_before=typing(SHORTHAND))


def test_markup_and_escapes_typed_are_shown_literally(snap_compare: Snap) -> None:
    """The user's line shows exactly "[red]red?[/red] [@click=app.quit]quit[/] \\x1b[31mansi [b]":
    no red text, no bold, no link, and the escape character as the four characters \\x1b. The
    engine's reply to it follows in normal colours."""
    hostile = "[red]red?[/red] [@click=app.quit]quit[/] \x1b[31mansi [b]"
    assert snap_compare(app("textual-light"), terminal_size=(80, 24), run_before=typing(hostile))


def test_stored_consults_to_reopen(snap_compare: Snap, stored: Path) -> None:
    """Palette "sessions: open a stored consult" over the consult (dimmed): a centred dialog
    "Stored consults (newest first)", an empty filter field "/ filters by label or first line", then
    the list: "#2  2026-03-14 02:00 UTC · 1 turn · no grade yet · 39.2
    (this consult)" greyed out, then "#1  2026-03-14 01:00 UTC · 2 turns · last grade 3 · Tmax 101.8F,
    levo + vaso, HFNC 40L" highlighted (each with the first line typed), and the hint "Enter
    reopens a consult where it stopped; / filters; Esc goes back to this one."
    """
    from assistant.tui.store_access import StoredSessions

    crs = make_app(settings=Settings(persona="clinician", theme="textual-dark"), settings_path=None, clock=no_clock,
                   cursor_blink=False, sessions=StoredSessions(str(stored), lambda: 2))

    async def open_sessions(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        crs.action_open_session()
        await pilot.pause()

    assert snap_compare(crs, terminal_size=(100, 30), run_before=open_sessions)


@pytest.mark.parametrize("size", SIZES)
def test_practice_run_in_quiz_mode(snap_compare: Snap, size: tuple[int, int]) -> None:
    """You should see the practice header "CRS practice  seed 4", the run's introduction, "Case 1
    of 2" with the case text marked by a bar at its left (at 80x24 its first lines are above the
    view), the question "What is the ASTCT CRS
    grade?", the six grade options as quick replies numbered 1-6, then (after 2 is pressed) "You
    Grade 1", "Correct." with its grade basis and the [ASTCT] reference, the next question with
    its options stacked (the first focused, drawn in the accent colour), the prompt's hint, and the
    disclaimer."""
    from assistant.tui.quiz_app import make_quiz_app

    quiz = make_quiz_app(4, 2, settings=Settings(persona="trainee", theme="textual-dark"), cursor_blink=False)

    async def choose(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()

    assert snap_compare(quiz, terminal_size=size, run_before=choose)
