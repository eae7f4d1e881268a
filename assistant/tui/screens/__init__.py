"""The app's screens: the consult, the first-run persona question, help."""
