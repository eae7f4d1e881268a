"""`crs-assistant assess`: grade and plan from flags, or many cases as JSON Lines (`--batch`)."""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, TextIO

from assistant.cli_args import ascii_decimal, ascii_whole
from assistant.input_limits import Problem, bad_utf8, loads, raw_lines
from dialogs.safe_text import inert, one_line
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
    value = ascii_whole(text.strip(), most=TOCILIZUMAB_DOSES_MAX)
    if value is None:
        raise ValueError(f"'{text}' is not a number of doses from 0 to {TOCILIZUMAB_DOSES_MAX}")
    return value


def _mg_day(text: str) -> float:
    cleaned = text.strip().lower().removesuffix("/day").removesuffix("mg").strip()
    value = ascii_decimal(cleaned)
    if value is None or not 0 <= value <= ANAKINRA_MG_DAY_MAX:
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
                   default=False, help="antipyretic or anticytokine therapy already given for this episode "
                   "(absent: not given, as with any on/off flag)")
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
            with open(args.batch, "rb") as fh:
                return run_batch(fh, sys.stdout)
        except OSError as exc:
            sys.stderr.write(f"crs-assistant assess: --batch: cannot read '{one_line(args.batch)}': "
                             f"{exc.strerror or exc}\n")
            return 2
    from knowledge.assessment import assess, to_json
    from knowledge.case_flags import case_flags
    from knowledge.slots import Case

    flags = {k: getattr(args, k) for k in SLOT_FLAGS}
    extra: dict[str, Any] = {}
    if args.text is not None:
        flags, extra = merge_text(args.text, {k: v for k, v in flags.items() if v is not None})
        case = Case.model_validate(flags)
    else:
        # every flag was validated by its argparse type or choices; no need to validate twice
        case = Case.model_construct(**flags)
    result = assess(case)
    beyond_caps = case_flags(case)
    if args.format == "json":
        sys.stdout.write(json.dumps({**({"flags": beyond_caps} if beyond_caps else {}), **to_json(result), **extra},
                                    ensure_ascii=False) + "\n")
    else:
        from dialogs.render import render_assessment

        if extra.get("read"):
            sys.stdout.write("I read: " + "; ".join(extra["read"]) + ".\n")
        for problem in [*beyond_caps, *extra.get("problems", [])]:
            sys.stdout.write(f"! {problem}\n")
        sys.stdout.write(render_assessment(result) + "\n")
    return 0


def merge_text(text: str, explicit: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Slot values read from free text, under the explicitly given ones; and what was read."""
    from dialogs.safe_text import inert
    from dialogs.understanding import read

    reading = read(text)
    problems = [inert(p) for p in reading.problems]
    values: dict[str, Any] = {}
    if reading.is_question:
        problems.append("that reads as a question; assess takes patient details, so nothing was read from it")
    else:
        values = {f.slot: f.value for f in reading.findings}
    echoes = [inert(f.echo) for f in reading.findings if not reading.is_question]
    return {**values, **explicit}, {"read": echoes, "problems": problems}


BATCH_LINE_BYTES = 1024 * 1024  # one case is a few hundred bytes; a longer line is an error for that line


def batch_results(lines: Iterable[str | bytes | Problem]) -> Iterator[str]:
    """Exactly one JSON object per input line, in order, each with its `line` number: a result, an
    error (`error`) or, for a blank line, a skip record (`skipped`). Bytes are decoded strictly as
    UTF-8 (a bad byte is an error for its line only); a Problem is the reader's error for its line."""
    from knowledge.assessment import assess, to_json
    from knowledge.case_flags import case_flags
    from knowledge.fast_json import encode
    from knowledge.intake import CaseError, case_from_mapping

    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

    def error(number: int, message: str) -> str:
        return dumps({"line": number, "error": inert(message)})

    for number, line in enumerate(lines, start=1):
        if isinstance(line, Problem):
            yield error(number, line.message)
            continue
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield error(number, bad_utf8(exc.object, exc))
                continue
        if not line.strip():
            yield dumps({"line": number, "skipped": "blank line"})
            continue
        try:
            raw = loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            yield error(number, f"not a JSON object: {msg}")
            continue
        except ValueError as exc:  # NumberTooLong, and Python's own limit on integer digits
            yield error(number, f"not a JSON object this program reads: {exc}")
            continue
        if not isinstance(raw, dict):
            yield error(number, "not a JSON object: each line must be one object of slot values")
            continue
        text = raw.get("text")
        if text is not None and not isinstance(text, str):
            yield error(number, "text: must be a string of clinician free text")
            continue
        try:
            case = case_from_mapping(raw, ignore=frozenset({"text"}))
            flags = case_flags(case)
            head = f'{{"line":{number},' + (f'"flags":{dumps(flags)},' if flags else "")
            if text is None:
                yield head + encode(assess(case))[1:]
                continue
            explicit = {k: v for k, v in case.__dict__.items() if v is not None}
            merged, extra = merge_text(text, explicit)
            merged_case = case_from_mapping(merged)
            result = assess(merged_case)
        except CaseError as exc:
            yield error(number, str(exc))
            continue
        flags = case_flags(merged_case)
        yield dumps({"line": number, **({"flags": flags} if flags else {}), **to_json(result), **extra})


def run_batch(source: IO[str] | IO[bytes], out: TextIO) -> int:
    """Stream `source` (bytes, or text for callers that have it) to `out`, one line at a time."""
    write = out.write
    buffer = getattr(source, "buffer", None)
    lines: Iterable[str | bytes | Problem]
    if buffer is not None:
        lines = raw_lines(buffer, BATCH_LINE_BYTES)
    elif isinstance(source, io.TextIOBase):
        lines = source
    else:
        lines = raw_lines(source, BATCH_LINE_BYTES)  # type: ignore[arg-type]
    for result in batch_results(lines):
        write(result + "\n")
    return 0
