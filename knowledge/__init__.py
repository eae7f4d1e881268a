"""The clinical layer: curated content, ASTCT grading and the treatment plan.

Knows nothing of dialogs or screens. Imports no UI toolkit.
"""
