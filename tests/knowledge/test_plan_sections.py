"""The plan in three sections: Now, If no improvement, Monitor and support (issue 11, point 3)."""

from __future__ import annotations

from dialogs.render import render_assessment
from knowledge.assessment import assess, to_json
from knowledge.loader import default_kb
from knowledge.slots import Case

SEED = Case(temperature_c=39.0, hypotension="one-pressor", oxygen="high-flow", steroids="low-dose",
            tocilizumab_doses=1, anakinra_mg_day=400.0, weight_kg=82.0, neutropenic=False, icans=False)


def test_every_action_declares_its_section() -> None:
    sections = {a.code: a.section for a in default_kb().actions}
    assert sections["tocilizumab"] == "now" and sections["icu-transfer"] == "now"
    assert sections["siltuximab"] == "if-no-improvement" and sections["anakinra-escalate"] == "if-no-improvement"
    assert sections["labs"] == "monitor" and sections["antifungal-prophylaxis"] == "monitor"


def test_the_seed_plan_has_now_then_escalation_then_monitoring_numbered_in_reading_order() -> None:
    data = to_json(assess(SEED))
    assert [s["title"] for s in data["sections"]] == ["Now", "If no improvement", "Monitor and support"]
    now = [i["action"] for i in data["sections"][0]["items"]]
    assert now[:1] == ["icu-transfer"] and "tocilizumab" in now and "siltuximab" not in now
    numbers = [i["n"] for s in data["sections"] for i in s["items"]]
    assert numbers == list(range(1, len(data["plan"]) + 1))
    assert [i["action"] for i in data["plan"]] == [i["action"] for s in data["sections"] for i in s["items"]]


def test_each_item_keeps_the_cds_hooks_card_shape() -> None:
    for section in to_json(assess(SEED))["sections"]:
        for item in section["items"]:
            assert item["indicator"] in ("info", "warning", "critical")
            assert item["summary"] and len(item["summary"]) <= 140 and item["detail"] == item["text"]
            assert item["source"]["topic"]["code"] == item["action"] and item["source"]["label"].startswith("[")
    toci = next(i for i in to_json(assess(SEED))["plan"] if i["action"] == "tocilizumab")
    assert toci["summary"] == "Tocilizumab: 8 mg/kg IV over 1 hour (maximum 800 mg): 656 mg for 82 kg"


def test_the_text_plan_shows_the_section_headings_and_escalation_evidence() -> None:
    text = render_assessment(assess(SEED))
    plan = text[text.index("Plan:"):]
    assert plan.index("Now:") < plan.index("If no improvement:") < plan.index("Monitor and support:")
    escalation = plan[plan.index("If no improvement:"):plan.index("Monitor and support:")]
    assert "Evidence:" in escalation, "escalation and refractory options carry their evidence level"


def test_where_steroids_are_accepted_the_steroid_ladder_comes_before_the_refractory_list() -> None:
    for grade_case, first_dose in ((dict(oxygen="high-flow"), "methylprednisolone 500 mg"),
                                   (dict(oxygen="positive-pressure"), "methylprednisolone 1,000 mg")):
        case = Case(temperature_c=39.0, hypotension="one-pressor", steroids="full", tocilizumab_doses=1,
                    anakinra_mg_day=400.0, weight_kg=82.0, **grade_case)
        escalation = dict(assess(case).plan.sections)["if-no-improvement"]
        actions = [i.action for i in escalation]
        assert actions[0] == "corticosteroid-escalate" and "siltuximab" in actions
        assert (escalation[0].dose or "").startswith(first_dose)
    declined = assess(SEED)
    assert "corticosteroid-escalate" not in declined.plan.actions, "no steroid ladder when the team declines"
