"""A practice run as a pure fold: `quiz_begin(seed, count)` then `quiz_step(state, text)`.

Replies have the consult's shapes (dialogs.state.Reply), so the same front ends show them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from dialogs.quiz.cases import PracticeCase, run_cases
from dialogs.quiz.questions import Question, questions_for
from dialogs.render import tags
from dialogs.state import Reply
from knowledge.assessment import assess
from knowledge.loader import default_kb

HELP = "Answer with the option's number (or its letter, or its words). 'quit' ends the run and shows the score."


@dataclass(frozen=True)
class Answer:
    case_id: str
    kind: str
    chosen: str
    right: str
    correct: bool
    concepts: tuple[str, ...]


@dataclass(frozen=True)
class QuizState:
    seed: int
    cases: tuple[PracticeCase, ...]
    queue: tuple[tuple[int, Question], ...]  # (case index, question)
    position: int = 0
    answers: tuple[Answer, ...] = ()
    finished: bool = False

    @property
    def current(self) -> tuple[int, Question] | None:
        return self.queue[self.position] if self.position < len(self.queue) else None


def quiz_begin(seed: int, count: int, prefer: tuple[str, ...] = ()) -> tuple[QuizState, list[Reply]]:
    cases = run_cases(seed, count, prefer)
    queue = tuple((i, q) for i, case in enumerate(cases) for q in questions_for(case, seed))
    state = QuizState(seed, cases, queue)
    intro = Reply("info", f"Practice run (seed {seed}): {len(cases)} cases, {len(queue)} questions. "
                          "Read each note as you would at the bedside. " + HELP)
    return state, [intro, *_present(state)]


def _present(state: QuizState) -> list[Reply]:
    current = state.current
    if current is None:
        return []
    index, question = current
    replies = []
    if state.position == 0 or state.queue[state.position - 1][0] != index:
        case = state.cases[index]
        replies.append(Reply("info", f"Case {index + 1} of {len(state.cases)}:\n{case.text}",
                             data={"case": case.id}))
    replies.append(Reply("question", question.prompt, slot=question.kind, options=question.options))
    return replies


def _choice(question: Question, text: str) -> int | None:
    said = text.strip().lower().rstrip(".")
    if said.isdigit() and 1 <= int(said) <= len(question.options):
        return int(said) - 1
    if len(said) == 1 and "a" <= said <= chr(ord("a") + len(question.options) - 1):
        return ord(said) - ord("a")
    labels = [o.lower() for o in question.options]
    return labels.index(said) if said in labels else None


def _as_the_vignette_says(line: str, case: PracticeCase) -> str:
    """A basis line without a temperature the vignette never gave ("afebrile" is not "37.0 C")."""
    t = case.slots.temperature_c
    if t is None or t >= 38.0:
        return line
    shown = f"{t:.1f}"
    if shown in case.text or f"{t:g}" in case.text:
        return line
    return line.replace(f"no fever ({shown} C)", "no fever (afebrile)")


def _dose_arithmetic(question: Question, case: PracticeCase) -> list[str]:
    """The sum behind the dose answer, from the statement's own parameters and the case's weight."""
    dose = next((d for d in (default_kb().by_id[s].dose for s in question.statements) if d and d.mg_per_kg), None)
    w = case.slots.weight_kg
    if dose is None or dose.mg_per_kg is None or w is None:
        return []
    raw = round(dose.mg_per_kg * w)
    line = f"Arithmetic: {dose.mg_per_kg:g} mg/kg x {w:g} kg = {raw:g} mg"
    if dose.max_mg is not None and raw > dose.max_mg:
        line += f", above the {dose.max_mg:g} mg maximum: {dose.max_mg:g} mg"
    return [line]


def _explain(question: Question, case: PracticeCase, chosen: int, teaching: bool) -> str:
    kb = default_kb()
    lines = []
    for index, sid in question.pitfalls:
        if index == chosen:
            st = kb.by_id[sid]
            lines.append(f"That is a classic pitfall: {st.text} {tags(st.refs)}")
    result = assess(case.slots)
    if question.kind == "icans":
        lines.append("ICANS grade basis: " + "; ".join(result.icans.basis))
    if question.kind == "grade":
        lines.append("Grade basis: " + "; ".join(_as_the_vignette_says(b, case) for b in result.grading.basis))
        from knowledge.practice import default_practice  # the vignettes' schema: only in a practice run

        concepts = {c.id: c for c in default_practice()[0]}
        teach = [concepts[c].statement for c in question.concepts if c in concepts][:2]
    else:
        teach = list(question.statements[:2])
    if question.kind == "dose":
        lines += _dose_arithmetic(question, case)
    for sid in dict.fromkeys(teach):
        st = kb.by_id[sid]
        lines.append(f"{st.text} {tags(st.refs)}")
        if teaching and st.evidence:
            lines.append(f"  Evidence: {st.evidence}")
    return "\n".join(lines)


def quiz_step(state: QuizState, text: str, *, teaching: bool = True) -> tuple[QuizState, list[Reply]]:
    if state.finished:
        return state, [Reply("info", "This run has ended.")]
    said = text.strip().lower()
    if said in ("quit", "/quit", "exit", "stop"):
        done = replace(state, finished=True)
        return done, [summary_reply(done)]
    if said in ("help", "/help", "?"):
        return state, [Reply("info", HELP)]
    current = state.current
    assert current is not None
    index, question = current
    chosen = _choice(question, text)
    if chosen is None:
        return state, [Reply("error", f"Please answer with a number from 1 to {len(question.options)}. " + HELP,
                             slot=question.kind, options=question.options)]
    case = state.cases[index]
    correct = chosen == question.correct
    right = question.options[question.correct]
    head = "Correct." if correct else f"Not quite. The answer is: {right}."
    answer = Answer(case.id, question.kind, question.options[chosen], right, correct, question.concepts)
    feedback = Reply("info", f"{head}\n{_explain(question, case, chosen, teaching)}",
                     data={"correct": correct, "chosen": answer.chosen, "right": right,
                           "concepts": list(question.concepts)})
    advanced = replace(state, position=state.position + 1, answers=(*state.answers, answer))
    if advanced.current is None:
        advanced = replace(advanced, finished=True)
        return advanced, [feedback, summary_reply(advanced)]
    return advanced, [feedback, *_present(advanced)]


def concept_results(state: QuizState) -> list[tuple[str, bool]]:
    return [(c, a.correct) for a in state.answers for c in a.concepts]


def concept_tally(results: Iterable[tuple[str, bool]]) -> dict[str, list[int]]:
    """Per concept: [right, answered]."""
    tally: dict[str, list[int]] = {}
    for concept, ok in results:
        counts = tally.setdefault(concept, [0, 0])
        counts[0] += int(ok)
        counts[1] += 1
    return tally


def summary_reply(state: QuizState) -> Reply:
    right = sum(a.correct for a in state.answers)
    total = len(state.answers)
    by_concept = concept_tally(concept_results(state))
    from knowledge.practice import default_practice

    titles = {c.id: c.title for c in default_practice()[0]}
    lines = [f"Score: {right} of {total}."]
    for concept, (hits, n) in sorted(by_concept.items(), key=lambda kv: (kv[1][0] / kv[1][1], kv[0])):
        lines.append(f"  {hits}/{n}  {titles.get(concept, concept)}")
    kinds = Counter(a.kind for a in state.answers if a.correct)
    return Reply("info", "\n".join(lines), data={"score": right, "total": total, "by_concept": by_concept,
                                                 "right_by_kind": dict(kinds)})
