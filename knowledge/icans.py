"""ASTCT ICANS grading (FACTS.md section 2), a pure function over the five domains.

Domains: encephalopathy (the ICE score, 0-10, or for children under 12 the CAPD), depressed
level of consciousness, seizure, motor findings and raised intracranial pressure / cerebral
oedema. The most severe domain sets the grade. An ICE of 0 in a patient who is awake (global
aphasia) is grade 3; ICE grade 4 needs an unarousable patient, which the consciousness domain
grades. The grade is given only when every domain is known or a known domain already reaches
grade 4; otherwise `at_least` says how high the known domains reach (never a lower grade than
the true one is given as the grade).

CAPD: FACTS gives only "CAPD >= 9 suggests grade 3 ICANS" (ASCO; V2). A CAPD below 9 does not
grade: the encephalopathy domain is then "not covered" and the grade stays open.
"""

from __future__ import annotations

from typing import Literal

from knowledge.plain import Plain

# The domain slots (declared in knowledge/data/slots.toml) and what each value grades.
CONSCIOUSNESS_GRADE: dict[str, int] = {"alert": 0, "spontaneous": 1, "voice": 2, "touch": 3, "unarousable": 4}
SEIZURE_GRADE: dict[str, int] = {"none": 0, "resolved": 3, "prolonged": 4}
ICP_GRADE: dict[str, int] = {"none": 0, "focal-oedema": 3, "diffuse": 4}
DOMAIN_SLOTS: tuple[str, ...] = ("ice_score", "capd_score", "consciousness", "seizure", "motor_weakness", "raised_icp")
CAPD_GRADE3 = 9
ICE_ITEMS: tuple[tuple[str, int], ...] = (
    ("orientation", 4), ("naming", 3), ("commands", 1), ("writing", 1), ("counting", 1),
)

Status = Literal["graded", "incomplete", "no-icans", "unknown"]


class IcansResult(Plain):
    """The ICANS grade, or the least it can be while domains are missing."""

    grade: int | None  # 0-4 when every domain is known (0: no ICANS), else None
    status: Status
    at_least: int  # the highest grade the known domains reach
    basis: tuple[str, ...]
    missing: tuple[str, ...]  # domain slots still needed for the grade


def ice_grade(score: int) -> int:
    """The grade of the ICE domain alone, for an awake patient: 10 is 0, 7-9 is 1, 3-6 is 2, 0-2 is 3."""
    if not 0 <= score <= 10:
        raise ValueError(f"an ICE score is 0-10, not {score}")
    if score == 10:
        return 0
    if score >= 7:
        return 1
    if score >= 3:
        return 2
    return 3


def ice_total(orientation: int, naming: int, commands: int, writing: int, counting: int) -> int:
    """The ICE score from its items: orientation to year, month, city, hospital (0-4); naming
    three objects (0-3); following simple commands, writing a standard sentence, counting back
    from 100 by ten (0-1 each)."""
    given = (orientation, naming, commands, writing, counting)
    for (name, top), value in zip(ICE_ITEMS, given, strict=True):
        if not 0 <= value <= top:
            raise ValueError(f"ICE item {name} is 0-{top}, not {value}")
    return sum(given)


def _domains(values: dict[str, object]) -> tuple[dict[str, int], list[str]]:
    graded: dict[str, int] = {}
    basis: list[str] = []
    ice = values.get("ice_score")
    capd = values.get("capd_score")
    consciousness = values.get("consciousness")
    if isinstance(ice, int) and consciousness != "unarousable":
        graded["encephalopathy"] = ice_grade(ice)
        if ice == 0:
            basis.append("ICE 0 in a patient able to respond (e.g. global aphasia): grade 3")
        elif ice < 10:
            basis.append(f"ICE {ice}/10: grade {graded['encephalopathy']}")
        else:
            basis.append("ICE 10/10: no encephalopathy")
    elif isinstance(capd, int) and consciousness != "unarousable":
        if capd >= CAPD_GRADE3:
            graded["encephalopathy"] = 3
            basis.append(f"CAPD {capd} (child under 12): 9 or more suggests grade 3 [ASCO; secondary reproduction]")
        else:
            basis.append(f"CAPD {capd} (below 9): grading by CAPD below 9 is not covered by the fact sheets")
    elif consciousness == "unarousable":
        basis.append("ICE not possible: the patient is unarousable")
    if isinstance(consciousness, str):
        graded["consciousness"] = CONSCIOUSNESS_GRADE[consciousness]
        if graded["consciousness"]:
            basis.append(f"depressed consciousness ({consciousness}): grade {graded['consciousness']}")
    seizure = values.get("seizure")
    if isinstance(seizure, str):
        graded["seizure"] = SEIZURE_GRADE[seizure]
        if graded["seizure"]:
            words = "seizure resolving rapidly or with intervention" if seizure == "resolved" else \
                "prolonged (> 5 min) or repetitive seizures without return to baseline"
            basis.append(f"{words}: grade {graded['seizure']}")
    motor = values.get("motor_weakness")
    if isinstance(motor, bool):
        graded["motor"] = 4 if motor else 0
        if motor:
            basis.append("deep focal motor weakness (hemiparesis, paraparesis): grade 4")
    icp = values.get("raised_icp")
    if isinstance(icp, str):
        graded["icp"] = ICP_GRADE[icp]
        if graded["icp"]:
            words = "focal oedema on imaging" if icp == "focal-oedema" else \
                "diffuse cerebral oedema, posturing, cranial nerve VI palsy, papilloedema or Cushing's triad"
            basis.append(f"{words}: grade {graded['icp']}")
    return graded, basis


def grade_icans(values: dict[str, object]) -> IcansResult:
    """The ASTCT ICANS grade from a case's values (`icans` and the domain slots; others ignored)."""
    graded, basis = _domains(values)
    top = max(graded.values(), default=0)
    icans = values.get("icans")
    given = any(values.get(s) is not None for s in DOMAIN_SLOTS)
    if not given and icans is not True:
        if icans is False:
            return IcansResult(0, "no-icans", 0, ("no signs of neurotoxicity reported",), ())
        return IcansResult(None, "unknown", 0, (), ())
    needed: list[str] = []
    if "encephalopathy" not in graded and values.get("consciousness") != "unarousable":
        needed.append("ice_score")
    for slot, domain in (("consciousness", "consciousness"), ("seizure", "seizure"),
                         ("motor_weakness", "motor"), ("raised_icp", "icp")):
        if domain not in graded:
            needed.append(slot)
    if top == 4 or not needed:
        if top == 0:
            return IcansResult(0, "no-icans", 0, ("every ICANS domain normal",), ())
        return IcansResult(top, "graded", top, (*basis, f"the most severe domain sets ICANS grade {top}"), ())
    return IcansResult(None, "incomplete", top, tuple(basis), tuple(needed))
