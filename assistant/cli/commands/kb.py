"""`crs-assistant kb check | list | show ID`: for reviewers of the knowledge base."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_parser(sub: Any) -> None:
    p = sub.add_parser("kb", help="check, list or show knowledge-base content")
    kb_sub = p.add_subparsers(dest="kb_command", metavar="ACTION", required=True, parser_class=type(p))
    kb_sub.add_parser(
        "check", help="validate the knowledge base, the slot registry and the dialog's data; exit 1 listing problems"
    ).set_defaults(run=run_check)
    listing = kb_sub.add_parser("list", help="one line per statement")
    listing.add_argument("--product", metavar="X", help="only what the knowledge base says about one product "
                         "(axi-cel, teclistamab, ...), with status, region and label date")
    listing.set_defaults(run=run_list)
    show = kb_sub.add_parser("show", help="one statement in full, or one reference by tag")
    show.add_argument("id")
    show.set_defaults(run=run_show)
    impact = kb_sub.add_parser("impact", help="replay every stored consult under today's knowledge base and list "
                               "those whose last plan shown would change")
    from assistant.cli.store_flags import add_store_flags

    add_store_flags(impact, root=False)
    impact.set_defaults(run=run_impact)


def run_impact(args: argparse.Namespace) -> int:
    from assistant.cli.commands.sessions import fail, opened
    from assistant.store import StoreError, store_target
    from assistant.store.impact import impact_lines

    try:
        store = opened("kb impact", store_target(args.data_dir))
        if store is None:
            sys.stdout.write("No stored consults: nothing to compare.\n")
            return 0
        with store:
            lines = impact_lines(store)
    except StoreError as exc:
        return fail("kb impact", str(exc))
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from dialogs.vocabulary_check import problems as dialog_data_problems
    from knowledge.check import check

    problems = check() + dialog_data_problems()  # the knowledge base, its slot registry, the dialog's data
    if problems:
        print(f"{len(problems)} problem(s) in the knowledge base:")
        for p in problems:
            print(f"  - {p}")
        return 1
    from knowledge.loader import default_kb

    kb = default_kb()
    print(f"knowledge base {kb.version}: {len(kb.statements)} statements, "
          f"{len(kb.references)} references, {len(kb.actions)} actions: no problems")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from knowledge.loader import default_kb

    kb = default_kb()
    product = getattr(args, "product", None)
    if product is not None:
        return _list_product(kb.statements, product)
    for st in kb.statements:
        action = st.action or "-"
        print(f"{st.id:34} {action:28} {st.review.status:8} {','.join(st.refs)}")
    return 0


def _list_product(statements: Any, product: str) -> int:
    from knowledge.slot_registry import default_registry

    known = [str(v) for v in default_registry()["product"].allowed]
    if product not in known:
        sys.stderr.write(f"crs-assistant kb list: unknown product '{product}'; products: {', '.join(known)}\n")
        return 2
    for st in statements:
        if product not in st.product:
            continue
        when = "; ".join(f"{k} {v.model_dump(exclude_none=True, by_alias=True)}" for k, v in st.when.items())
        print(f"{st.id}  [{st.action}/{st.role}]  status {st.status}, region {st.region}, label date {st.label_date}, "
              f"refs {','.join(st.refs)}")
        print(f"  when: {when}")
        print(f"  {st.text}")
    return 0


def run_show(args: argparse.Namespace) -> int:
    from dialogs.render import reference_line
    from knowledge.loader import default_kb

    kb = default_kb()
    if args.id in kb.references:
        print(reference_line(kb.references[args.id]))
        return 0
    st = kb.by_id.get(args.id)
    if st is None:
        from dialogs.safe_text import one_line

        sys.stderr.write(f"crs-assistant kb show: no statement or reference '{one_line(args.id)}'; "
                         "try 'crs-assistant kb list'\n")
        return 2
    print(f"{st.id}  ({kb.origin[st.id]})")
    print(st.text)
    print(f"refs: {', '.join(st.refs)}")
    if st.evidence:
        print(f"evidence: {st.evidence}")
    print(f"review: {st.review.status}, {st.review.date}, by {st.review.by}")
    if st.action:
        print(f"plan: {st.action} ({st.role})")
        for label, cond in [("when", st.when)] + [("when any", c) for c in st.when_any]:
            if cond:
                tests = (f"{k} {v.model_dump(exclude_none=True, by_alias=True)}" for k, v in cond.items())
                print(f"  {label}: " + "; ".join(tests))
        if st.when_actions:
            print(f"  when the plan has any of: {', '.join(st.when_actions)}")
        if st.dose:
            print(f"  dose: {st.dose.words}")
    return 0
