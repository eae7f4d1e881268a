"""JSON encoding of `assess --batch` answers: the standard library beside orjson and msgspec.

Issue 14 point 4 asks whether another encoder would move the batch figure. Measured here, in
this process, on the answers to the benchmark's varied free-text lines: (1) `fast_json.encode`
(the standard library on the parts that differ from case to case, cached text for plan items and
references), (2) the standard library on the whole `to_json` mapping, (3) orjson and (4) msgspec
on the whole mapping (and with building it by `to_json`), each where installed (neither is a
dependency). An encoder whose bytes differ from the standard library's is reported as such.
Run: .venv/bin/python benchmarks/json_encoders.py [CASES]
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from collections.abc import Callable
from typing import Any

from _timing import median, write_result
from batch_throughput import text_cases

from assistant.cli.commands.assess import merge_text
from knowledge.assessment import assess, to_json
from knowledge.fast_json import encode
from knowledge.intake import case_from_mapping

_stdlib = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _optional(name: str, attribute: str) -> Callable[[Any], bytes] | None:
    try:
        module = importlib.import_module(name)
    except ImportError:
        return None
    found: Callable[[Any], bytes] = getattr(module, attribute) if "." not in attribute else (
        getattr(getattr(module, attribute.split(".")[0]), attribute.split(".")[1]))
    return found


def _per_case_us(encode_one: Callable[[Any], object], inputs: list[Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for item in inputs:
            encode_one(item)
        times.append((time.perf_counter() - start) / len(inputs) * 1e6)
    return median(times)


def main(n: int = 3_000, runs: int = 5) -> None:
    results = []
    for line in text_cases(n).splitlines():
        values, _ = merge_text(json.loads(line)["text"], {}, source="field")
        results.append(assess(case_from_mapping(values)))
    mappings = [to_json(r) for r in results]
    expected = [_stdlib(m).encode() for m in mappings]
    ours_same = all(encode(r).encode() == e for r, e in zip(results, expected, strict=True))
    rows = [
        ("`fast_json.encode` (standard library, cached fragments; what `--batch` uses)",
         _per_case_us(encode, results, runs), ours_same),
        ("standard library `json`, whole mapping", _per_case_us(_stdlib, mappings, runs), True),
    ]
    for label, name, attribute in (("orjson", "orjson", "dumps"), ("msgspec", "msgspec", "json.encode")):
        dumps = _optional(name, attribute)
        if dumps is None:
            rows.append((f"{label}, whole mapping (not installed)", float("nan"), False))
            continue
        same = all(dumps(m) == e for m, e in zip(mappings, expected, strict=True))
        rows.append((f"{label}, whole mapping", _per_case_us(dumps, mappings, runs), same))
        rows.append((f"{label}, `to_json` and the whole mapping (what it would replace)",
                     _per_case_us(lambda r, dumps=dumps: dumps(to_json(r)), results, runs), same))
    table = "\n".join(f"| {label} | {us:.1f} | {'yes' if same else 'no'} |" for label, us, same in rows)
    write_result("json_encoders.md", f"""## JSON encoding of `assess --batch` answers

{n:,} answers to the benchmark's varied free-text lines (seeded), median of {runs} runs, one process.

| encoder | us per answer | bytes identical to the standard library |
| --- | --- | --- |
{table}
""")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3_000)
