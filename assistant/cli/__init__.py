"""The command line: argument parsing, the subcommands, and the plain-lines front ends
(`chat`, `chat --jsonl`, `quiz --plain`). Never imports Textual; it launches the TUI through
`assistant.tui.run`."""
