"""The kinds the vocabulary's entries name, declared once: the class of each drug and the support
each oxygen device gives. Read by the reader at run time and by the vocabulary file's checks;
kept apart from `vocabulary_file` so that reading clinician text never builds its pydantic models."""

DRUG_CLASSES = ("tocilizumab", "anakinra", "steroid", "antipyretic", "anticytokine")
DEVICE_SUPPORTS = ("cannula", "low-flow", "high-flow", "positive-pressure")
