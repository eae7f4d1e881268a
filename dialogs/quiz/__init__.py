"""Trainee practice: practice cases, questions with feedback from the knowledge base, scoring
and per-concept spaced repetition. Pure and deterministic for a given seed; no I/O."""
