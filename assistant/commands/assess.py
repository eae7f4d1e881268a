"""`crs-assistant assess`: grade and plan from flags, or many cases as JSON Lines (`--batch`)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

from knowledge.slot_values import (
    ANAKINRA_MG_DAY_MAX,
    HYPOTENSION_VALUES,
    OXYGEN_VALUES,
    STEROID_VALUES,
    TOCILIZUMAB_DOSES_MAX,
)
from knowledge.units import UnitError, parse_temperature, parse_weight


def _typed(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    def convert(text: str) -> Any:
        try:
            return parse(text)
        except (UnitError, ValueError) as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    convert.__name__ = parse.__name__
    return convert


def _doses(text: str) -> int:
    if not text.strip().isdigit() or int(text) > TOCILIZUMAB_DOSES_MAX:
        raise ValueError(f"'{text}' is not a number of doses from 0 to {TOCILIZUMAB_DOSES_MAX}")
    return int(text)


def _mg_day(text: str) -> float:
    cleaned = text.strip().lower().removesuffix("/day").removesuffix("mg").strip()
    try:
        value = float(cleaned)
    except ValueError:
        value = -1.0
    if not 0 <= value <= ANAKINRA_MG_DAY_MAX:
        raise ValueError(f"'{text}' is not a daily dose in mg from 0 to {ANAKINRA_MG_DAY_MAX:g} (e.g. 400 or 400mg)")
    return value


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "assess",
        help="ASTCT grade and treatment plan for one case (flags) or many (--batch)",
        description="Grade CRS by ASTCT and build a plan from the knowledge base. "
        "Slots not given stay unknown: the grade is null while one that decides it is missing.",
    )
    p.add_argument("--temp", dest="temperature_c", type=_typed(parse_temperature), metavar="T",
                   help="highest temperature: 38.6, 38.6C or 101.5F (bare numbers: 30-45 is C, 86-113 is F)")
    p.add_argument("--anticytokine-given", dest="anticytokine_given", action=argparse.BooleanOptionalAction,
                   default=None, help="antipyretic or anticytokine therapy already given for this episode "
                   "(absent: unknown; a tocilizumab dose count or anakinra dose above zero implies it)")
    p.add_argument("--hypotension", choices=HYPOTENSION_VALUES,
                   help="none; fluids (no vasopressor needed); one-pressor (with or without vasopressin); "
                   "multi-pressor (excluding vasopressin); vasopressin-only")
    p.add_argument(
        "--oxygen",
        choices=OXYGEN_VALUES,
        help="none, low-flow (<= 6 L/min), high-flow (> 6 L/min or any mask), positive-pressure",
    )
    p.add_argument("--steroids", choices=STEROID_VALUES, help="what the team accepts: full, low-dose or none")
    p.add_argument("--tocilizumab-doses", dest="tocilizumab_doses", type=_typed(_doses), metavar="N",
                   help="tocilizumab doses given in this episode")
    p.add_argument("--anakinra-mg-day", dest="anakinra_mg_day", type=_typed(_mg_day), metavar="MG",
                   help="current anakinra dose in mg/day (0 if none)")
    p.add_argument("--weight", dest="weight_kg", type=_typed(parse_weight), metavar="W", help="70, 70kg or 154lb")
    p.add_argument("--neutropenic", dest="neutropenic", action="store_const", const=True, default=None)
    p.add_argument("--not-neutropenic", dest="neutropenic", action="store_const", const=False)
    p.add_argument("--icans", dest="icans", action="store_const", const=True, default=None,
                   help="signs of neurotoxicity")
    p.add_argument("--no-icans", dest="icans", action="store_const", const=False)
    p.add_argument("--text", metavar="TEXT",
                   help="clinician free text, e.g. 'Tmax 101.8F, levo + vaso, HFNC 40L'; flags given as well win")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--batch", metavar="FILE", help="JSON Lines of cases ('-' for stdin); JSON Lines out")
    p.set_defaults(run=run)


SLOT_FLAGS = (
    "temperature_c", "anticytokine_given", "hypotension", "oxygen", "steroids",
    "tocilizumab_doses", "anakinra_mg_day", "weight_kg", "neutropenic", "icans",
)


def run(args: argparse.Namespace) -> int:
    if args.batch is not None:
        if args.batch == "-":
            return run_batch(sys.stdin, sys.stdout)
        try:
            with open(args.batch, encoding="utf-8", errors="replace") as fh:
                return run_batch(fh, sys.stdout)
        except OSError as exc:
            sys.stderr.write(f"crs-assistant assess: --batch: cannot read '{args.batch}': {exc.strerror}\n")
            return 2
    from knowledge.assessment import assess, to_json
    from knowledge.slots import Case

    flags = {k: v for k in SLOT_FLAGS if (v := getattr(args, k)) is not None}
    merged, extra = merge_text(args.text, flags)
    if "patients" in extra:
        sys.stderr.write(f"crs-assistant assess: --text: {extra['patients']}\n")
        return 2
    # every flag was validated by its argparse type or choices, and every read value by the reader
    result = assess(Case.model_validate(merged) if args.text is not None else Case.model_construct(**merged))
    if args.format == "json":
        sys.stdout.write(json.dumps({**to_json(result), **extra}, ensure_ascii=False) + "\n")
    else:
        from dialogs.render import render_assessment

        if extra.get("read"):
            sys.stdout.write("I read: " + "; ".join(extra["read"]) + ".\n")
        if extra.get("notes"):
            sys.stdout.write("Noted: " + "; ".join(extra["notes"]) + ".\n")
        if extra.get("unread"):
            sys.stdout.write("Not read: " + "; ".join(f"'{u}'" for u in extra["unread"]) + ".\n")
        for problem in extra.get("problems", []):
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


def batch_results(lines: Iterable[str]) -> Iterator[str]:
    """One JSON result (or error object) per non-blank input line, in order."""
    from knowledge.assessment import assess, to_json
    from knowledge.fast_json import encode
    from knowledge.intake import CaseError, case_from_mapping

    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            yield dumps({"line": number, "error": f"not a JSON object: {msg}"})
            continue
        if not isinstance(raw, dict):
            yield dumps({"line": number, "error": "not a JSON object: each line must be one object of slot values"})
            continue
        text = raw.get("text")
        if text is not None and not isinstance(text, str):
            yield dumps({"line": number, "error": "text: must be a string of clinician free text"})
            continue
        try:
            case = case_from_mapping(raw, ignore=frozenset({"text"}))
            explicit = {k: v for k, v in case.__dict__.items() if v is not None}
            merged, extra = merge_text(text, explicit, source="field")
            if "patients" in extra:
                yield dumps({"line": number, "error": extra["patients"]})
                continue
            if text is None and merged == explicit:
                yield encode(assess(case))
                continue
            result = assess(case_from_mapping(merged))
        except CaseError as exc:
            yield dumps({"line": number, "error": str(exc)})
            continue
        yield dumps({**to_json(result), **extra})


def run_batch(source: TextIO, out: TextIO) -> int:
    write = out.write
    for result in batch_results(source):
        write(result + "\n")
    return 0
