"""The terminal UI (Textual): the app, its screens, widgets and styles. The only part of the
program that imports Textual, with `assistant.serve`, which runs it in a browser."""
