"""`crs-assistant assess`: grade and plan from flags, or many cases as JSON Lines (`--batch`).

The slot flags (names, help, choices, ranges) are generated from the slot registry
(`knowledge/data/slots.toml`). An on/off flag left out means unknown.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from assistant.cli.args import ascii_decimal, ascii_whole
from dialogs.safe_text import one_line
from knowledge import slot_registry
from knowledge.slot_registry import Slot
from knowledge.units import UnitError, parse_temperature, parse_weight


def _typed(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    def convert(text: str) -> Any:
        try:
            return parse(text)
        except (UnitError, ValueError) as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    convert.__name__ = parse.__name__
    return convert


def _whole(slot: Slot) -> Callable[[str], int]:
    lo, hi = slot.range

    def whole(text: str) -> int:
        value = ascii_whole(text.strip(), most=int(hi))
        if value is None or not lo <= value <= hi:
            raise ValueError(f"'{text}' is not a number of {slot.unit or 'units'} from {lo:g} to {hi:g}")
        return value

    return whole


def _mg_day(slot: Slot) -> Callable[[str], float]:
    lo, hi = slot.range

    def mg_day(text: str) -> float:
        cleaned = text.strip().lower().removesuffix("/day").removesuffix("mg").strip()
        value = ascii_decimal(cleaned)
        if value is None or not lo <= value <= hi:
            raise ValueError(f"'{text}' is not a daily dose in mg from {lo:g} to {hi:g} (e.g. 400 or 400mg)")
        return value

    return mg_day


# a number flag's `parser` in the registry: what turns its text into the slot's value
_PARSERS: dict[str, Callable[[Slot], Callable[[str], Any]]] = {
    "temperature": lambda slot: parse_temperature,
    "weight": lambda slot: parse_weight,
    "whole": _whole,
    "mg_day": _mg_day,
}


def _flag_help(slot: Slot) -> str | None:
    assert slot.flag is not None
    return None if slot.flag.help is None else slot.flag.help.replace("{label}", slot.label)


def add_slot_flags(p: argparse.ArgumentParser) -> None:
    """One flag per case slot the registry gives a flag, in the registry's order; on/off flags
    come in pairs, and every flag left out means unknown (None)."""
    for slot in slot_registry.default_registry().case_slots:
        flag = slot.flag
        if flag is None:
            continue
        if slot.kind == "bool":
            p.add_argument(flag.name, dest=slot.name, action="store_const", const=True, default=None,
                           help=_flag_help(slot))
            p.add_argument(str(flag.off), dest=slot.name, action="store_const", const=False)
        elif slot.kind == "choice":
            p.add_argument(flag.name, dest=slot.name, choices=slot.allowed, metavar=flag.metavar,
                           help=_flag_help(slot))
        else:
            p.add_argument(flag.name, dest=slot.name, type=_typed(_PARSERS[str(flag.parser)](slot)),
                           metavar=flag.metavar, help=_flag_help(slot))


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "assess",
        help="ASTCT grade and treatment plan for one case (flags) or many (--batch)",
        description="Grade CRS by ASTCT and build a plan from the knowledge base. "
        "Slots not given stay unknown: the grade is null while one that decides it is missing.",
    )
    add_slot_flags(p)
    p.add_argument("--text", metavar="TEXT",
                   help="clinician free text, e.g. 'Tmax 101.8F, levo + vaso, HFNC 40L'; flags given as well win")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--batch", metavar="FILE", help="JSON Lines of cases ('-' for stdin); JSON Lines out")
    p.set_defaults(run=run)


SLOT_FLAGS: tuple[str, ...] = tuple(s.name for s in slot_registry.default_registry().case_slots if s.flag is not None)


def run(args: argparse.Namespace) -> int:
    if args.batch is not None:
        from assistant.cli.batch import run_batch  # its own module: a run with flags or text never imports it

        if args.batch == "-":
            return run_batch(sys.stdin, sys.stdout)
        try:
            with open(args.batch, "rb") as fh:
                return run_batch(fh, sys.stdout)
        except BrokenPipeError:
            raise  # the reader of our output went away (`| head`): not a problem with the file
        except OSError as exc:
            sys.stderr.write(f"crs-assistant assess: --batch: cannot read '{one_line(args.batch)}': "
                             f"{exc.strerror or exc}\n")
            return 2
    from knowledge.assessment import assess, to_json
    from knowledge.case_flags import case_flags
    from knowledge.slots import Case

    flags = {k: v for k in SLOT_FLAGS if (v := getattr(args, k, None)) is not None}
    merged, extra = merge_text(args.text, flags)
    if "patients" in extra:
        sys.stderr.write(f"crs-assistant assess: --text: {extra['patients']}\n")
        return 2
    # every flag was validated by its argparse type or choices, and every read value by the reader
    case = Case.checked(merged) if args.text is not None else Case.model_construct(**merged)
    result = assess(case)
    beyond_caps = case_flags(case)
    if args.format == "json":
        sys.stdout.write(json.dumps({**({"flags": beyond_caps} if beyond_caps else {}), **to_json(result), **extra},
                                    ensure_ascii=False) + "\n")
    else:
        from dialogs.render import render_assessment

        if extra.get("read"):
            sys.stdout.write("I read: " + "; ".join(extra["read"]) + ".\n")
        if extra.get("notes"):
            sys.stdout.write("Noted: " + "; ".join(extra["notes"]) + ".\n")
        if extra.get("unread"):
            sys.stdout.write("Not read: " + "; ".join(f"'{u}'" for u in extra["unread"]) + ".\n")
        for problem in [*beyond_caps, *extra.get("problems", [])]:
            sys.stdout.write(f"! {problem}\n")
        sys.stdout.write(render_assessment(result) + "\n")
    return 0


def merge_text(
    text: str | None, explicit: dict[str, Any], source: str = "flag"
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Slot values from free text and structured input by the one merge rule (`dialogs.intake`),
    and what was read: echo, notes, problems and what could not be read."""
    from dialogs.intake import take
    from dialogs.safe_text import inert
    from knowledge.loader import default_kb

    intake = take(text, explicit, kb=default_kb(), source=source)
    if intake.patients:
        labels = ", ".join(inert(p.label) for p in intake.patients)
        count = len(intake.patients)
        return {}, {"patients": f"the text names {count} patients ({labels}): give one patient at a time"}
    extra: dict[str, Any] = {}
    if text is not None:
        problems = [inert(p) for p in intake.problems]
        if intake.question:
            problems.append(
                f"the question '{inert(intake.question)}' is not answered by assess: ask it in 'crs-assistant chat'"
            )
        extra = {
            "read": [inert(e) for e in intake.echo],
            "notes": [inert(n) for n in intake.notes],
            "unread": [inert(u) for u in intake.unread],
            "problems": problems,
        }
    elif intake.problems or intake.echo:
        extra = {"read": [inert(e) for e in intake.echo], "problems": [inert(p) for p in intake.problems]}
    return intake.values, extra
