"""The schema of the reader's vocabulary (`dialogs/data/vocabulary.toml`) and its loading.

Every table and list the reader uses is declared here, so a vocabulary the reader would fail on
(a missing list, a number where words belong, a misspelt key) is refused when it is loaded, one
problem per line naming file, table and key, rather than mid-consult. Beyond the schema: every
product of the slot registry has its names and no other product is named, each drug's class and
each device's support are ones the reader knows, and the slot registry's oxygen slot has every
support the reader can read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, StringConstraints

from dialogs.vocabulary_kinds import DEVICE_SUPPORTS, DRUG_CLASSES
from knowledge import datafile, slot_registry
from knowledge.datafile import Problem

# A device whose support depends on the flow: the reader decides it from the litres.
FLOW_DECIDES = "cannula"

Phrase = Annotated[str, StringConstraints(strict=True, pattern=r"\S")]
Words = list[Phrase]
Numbers = list[StrictInt | StrictFloat]
Count = StrictInt


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True, populate_by_name=True)


class Drug(_Section):
    class_: Phrase = Field(alias="class")
    names: Words = Field(min_length=1)


class Device(_Section):
    support: Phrase
    label: Phrase
    names: Words = Field(min_length=1)


class Questions(_Section):
    openers: Words
    statement_after_opener: Words
    hypothetical: Words


class Answers(_Section):
    yes: Words
    no: Words
    unknown: Words
    full: Words
    low_dose: Words


class Clauses(_Section):
    breaking_words: Words
    joining_words: Words


class Negation(_Section):
    before: Words
    start_verbs: Words
    after: Words
    after_ending: Words
    pseudo: Words
    still_on_cues: Words
    still_on_stops: Words
    planned: Words
    planned_headings: Words
    planned_trailing: Words
    stop_plans: Words
    planned_not_with: Words
    allergy: Words
    terminators: Words
    dangling: Words
    past: Words
    past_after: Words
    off_then: Words
    stop_events: Words
    conditional: Words
    brief_stop: Words
    without: Words
    needed_without: Words
    past_after_not_with: Words
    past_from: Words
    past_to: Words
    device_before: Words
    passive: Words
    passive_then: Words
    history: Words
    not_started: Words
    history_not_with: Words
    extubated: Words
    extubated_not_after: Words
    extubated_not_then: Words
    extubated_not_with: Words


class Temperature(_Section):
    keywords: Words
    links: Words
    celsius_units: Words
    durations: Words
    fahrenheit_units: Words
    fever: Words
    bare_celsius: Numbers
    not_labels: Words
    bare_fahrenheit: Numbers
    afebrile: Words
    not_measured: Words
    correction_not: Words
    course_words: Words


class Correction(_Section):
    cues: Words


class Weight(_Section):
    keywords: Words
    kg_units: Words
    stone_units: Words
    lb_units: Words
    now_words: Words
    earlier_before: Words
    earlier_after: Words
    change_before: Words
    change_after: Words
    threshold_words: Words


class Neutropenia(_Section):
    anc_keywords: Words
    links: Words
    below: Words
    cell_units: Words
    giga_units: Words
    present: Words
    absent: Words


class Neurotoxicity(_Section):
    signs: Words
    generic: Words
    absent: Words
    not_signs: Words
    ice_keywords: Words


class VasopressorsAgents(_Section):
    norepinephrine: Words
    epinephrine: Words
    phenylephrine: Words
    vasopressin: Words
    dopamine: Words
    angiotensin_ii: Words
    metaraminol: Words


class Vasopressors(_Section):
    generic: Words
    not_vasopressin: Words
    not_infusions: Words
    added: Words
    agents: VasopressorsAgents
    count_words: dict[str, Count]


class Hypotension(_Section):
    no_treatment: Words
    child_systolic_limit: Numbers
    other_reasons: Words
    normotensive: Words
    hypotensive: Words
    restarted: Words
    fluids: Words
    not_fluids: Words
    fluid_response: Words


class Oxygen(_Section):
    room_air: Words
    between_supports: Words
    fluid_volume_before: Words
    room_air_failed_before: Words
    room_air_aimed_before: Words
    room_air_failed_after: Words
    measured_on_air_before: Words
    measured_on_air_after: Words
    low_saturation_on_air: Numbers = Field(min_length=1, max_length=1)
    generic: Words
    ignore: Words
    comfort: Words
    comfort_statement: Phrase
    not_comfort_before: Words
    oxygen_needed: Words
    intermittent: Words
    baseline: Words
    home_device: Words
    part_time: Words
    sleep_apnoea: Words
    no_hypoxia: Words
    home_context: Words
    home_saturation: Words
    mask_of_device: Words
    interface_words: Words
    flow_units: Words
    flow_changed: Words
    flow_rate_units: Words
    extubation_to_come: Words
    devices: dict[str, Device] = Field(min_length=1)


class Treatments(_Section):
    given_cues: Words
    because_after_given: Words
    given_context: Words
    nothing_given: Words
    no_crs_therapy: Words
    number_words: dict[str, Count]
    times_words: dict[str, Count]
    ordinal_words: dict[str, Count]


class AnakinraDose(_Section):
    routes: Words
    per_day: Words
    every: Words
    hours: Words
    doses_per_day: dict[str, Count]


class SteroidStance(_Section):
    refuse: Words
    hesitant: Words
    accept: Words
    full: Words
    high: Words
    low: Words
    only: Words


class Spelling(_Section):
    keyboard_rows: Words
    targets: Words
    known: Words
    decoys: Words
    common_english: Words
    sounds_like: dict[str, Phrase]
    beside_pressors: dict[str, Phrase]
    pressor_verbs: Words


class Unheeded(_Section):
    other_time: Words
    now: Words


class TimedRows(_Section):
    now: Words
    earlier: Words
    later: Words
    newest_first: Words


class Patients(_Section):
    anywhere: Words
    markers: Words
    named: Words
    several: Words
    counts: Words
    plural_people: Words
    ordinals: Words
    moved_from: Words
    moving: Words
    other: Words
    other_anywhere: Words
    next_to: Words
    this: Words
    one_course: Words
    people: Words
    kin: Words


class Unread(_Section):
    filler: Words


class IcansDomains(_Section):
    unarousable: Words
    touch: Words
    voice: Words
    spontaneous: Words
    alert: Words
    seizure_prolonged: Words
    seizure_resolved: Words
    seizure_none: Words
    motor_weakness: Words
    motor_none: Words
    icp_diffuse: Words
    icp_focal: Words
    icp_none: Words
    ice_orientation: Words
    ice_naming: Words
    ice_commands: Words
    ice_writing: Words
    ice_counting: Words


class Age(_Section):
    years_units: Words
    months_units: Words
    age_words: Words
    past_before: Words
    duration_before: Words
    old_units: Words
    past_after: Words
    others: Words
    child: Words
    not_child: Words
    adult: Words
    not_adult: Words
    number_words: dict[str, Count]


class Response(_Section):
    therapy: Words
    not_improving: Words
    not_improving_alone: Words
    refractory: Words


class Vocabulary(_Section):
    questions: Questions
    answers: Answers
    clauses: Clauses
    negation: Negation
    temperature: Temperature
    correction: Correction
    weight: Weight
    neutropenia: Neutropenia
    neurotoxicity: Neurotoxicity
    vasopressors: Vasopressors
    hypotension: Hypotension
    oxygen: Oxygen
    treatments: Treatments
    drugs: dict[str, Drug] = Field(min_length=1)
    anakinra_dose: AnakinraDose
    steroid_stance: SteroidStance
    spelling: Spelling
    unheeded: Unheeded
    timed_rows: TimedRows
    patients: Patients
    unread: Unread
    icans_domains: IcansDomains
    products: dict[str, Words]
    age: Age
    response: Response


def known_supports() -> set[str]:
    """The oxygen supports the slot registry has (its oxygen slot's values but none), and the cannula."""
    oxygen = slot_registry.slot("oxygen")
    return {str(v) for v in oxygen.allowed if v != "none"} | {FLOW_DECIDES}


def reference_problems(vocabulary: Vocabulary, rel: str) -> list[Problem]:
    """What the schema cannot say: the products and supports named are the slot registry's."""
    problems = [Problem(rel, f"the reader knows oxygen support '{name}', which the slot registry's oxygen slot "
                             "does not have (knowledge/data/slots.toml)", "[oxygen.devices]")
                for name in sorted(set(DEVICE_SUPPORTS) - known_supports())]
    products = [str(p) for p in slot_registry.default_registry()["product"].allowed]
    problems += [Problem(rel, f"'{name}' is not a product of the slot registry (known: {', '.join(products)})",
                         "[products]", name) for name in vocabulary.products if name not in products]
    problems += [Problem(rel, "missing: every product of the slot registry needs its names", "[products]", name)
                 for name in products if name not in vocabulary.products]
    supports = sorted(known_supports() & set(DEVICE_SUPPORTS))
    devices = vocabulary.oxygen.devices
    problems += [Problem(rel, f"'{device.support}' is not one of {', '.join(supports)}", f"[oxygen.devices.{key}]",
                         "support") for key, device in devices.items() if device.support not in supports]
    problems += [Problem(rel, f"'{drug.class_}' is not one of {', '.join(DRUG_CLASSES)}", f"[drugs.{key}]",
                         "class") for key, drug in vocabulary.drugs.items() if drug.class_ not in DRUG_CLASSES]
    return problems + clash_problems(vocabulary, rel)


def clash_problems(vocabulary: Vocabulary, rel: str) -> list[Problem]:
    """One phrase may not mean two things (the reader's own table, `terms.meanings`)."""
    from dialogs.understanding.terms import meanings
    from dialogs.understanding.vocabulary import VocabularyError

    try:
        meanings(vocabulary.model_dump(by_alias=True))
    except VocabularyError as exc:
        return [Problem(rel, str(exc).removeprefix("vocabulary: "))]
    return []


def read_vocabulary(path: Path, rel: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The parsed vocabulary file, only when it fits the schema and its references hold (else
    None); every problem found."""
    raw, problems = datafile.read_toml(path, rel)
    if raw is None:
        return None, problems
    vocabulary, problems = datafile.validate(Vocabulary, raw, rel)
    if vocabulary is None:
        return None, problems
    problems = reference_problems(vocabulary, rel)
    return (None if problems else raw), problems
