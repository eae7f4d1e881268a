"""The vocabulary file: it loads, no phrase means two things, and every name in it is read
in context as what the file says it is."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dialogs.understanding import read
from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.terms import table

AGENT_NAMES = [(agent, name) for agent, names in vocab.vasopressor_agents().items() for name in names]
DEVICE_NAMES = [(device.support, name) for device in vocab.devices() for name in device.names]
DRUG_NAMES = [name for drug in vocab.drugs() for name in drug.names]
SUPPORT = {
    "cannula": "low-flow",  # with a flow of 3 L/min (without a flow it is asked)
    "low-flow": "low-flow",
    "high-flow": "high-flow",
    "positive-pressure": "positive-pressure",
}


def value(text: str, slot: str) -> object:
    return next((f.value for f in read(text).findings if f.slot == slot), None)


def test_no_phrase_means_two_things() -> None:
    meanings = table()  # raises VocabularyError when one phrase has two meanings
    assert meanings["levo"] == ("vasopressor", "norepinephrine")
    assert meanings["highflow"] == ("oxygen-device", "hfnc")


@pytest.mark.parametrize(("agent", "name"), AGENT_NAMES, ids=[n for _, n in AGENT_NAMES])
def test_every_vasopressor_name_counts_by_the_astct_rule(agent: str, name: str) -> None:
    expected = "vasopressin-only" if agent == "vasopressin" else "one-pressor"
    assert value(f"on {name}", "hypotension") == expected
    with_epinephrine = "one-pressor" if agent in ("vasopressin", "epinephrine") else "multi-pressor"
    assert value(f"on {name} + epi + vaso", "hypotension") == with_epinephrine


@pytest.mark.parametrize(("support", "name"), DEVICE_NAMES, ids=[n for _, n in DEVICE_NAMES])
def test_every_oxygen_device_name_gives_its_support(support: str, name: str) -> None:
    text = f"on 3 L {name}" if support == "cannula" else f"on {name}"
    assert value(text, "oxygen") == SUPPORT[support]


@pytest.mark.parametrize("name", DRUG_NAMES)
def test_every_drug_name_given_counts_as_therapy_given(name: str) -> None:
    assert value(f"{name} given", "anticytokine_given") is True
    assert value(f"is {name} an option?", "anticytokine_given") is None


@pytest.mark.parametrize("sign", vocab.words("neurotoxicity", "signs"))
def test_every_neurological_sign_means_icans(sign: str) -> None:
    assert value(f"now {sign}", "icans") is True


def test_reading_imports_no_ui() -> None:
    probe = (
        "import sys; from dialogs.understanding import read; read('levo + vaso, HFNC 40L')\n"
        "print(sorted(m for m in ('textual', 'rich', 'urllib.request', 'http.client') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
