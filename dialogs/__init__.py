"""The conversation layer: the consult dialog as data, free-text understanding, and a pure
`step(state, event) -> (state, replies)` engine. Deterministic; no I/O; no UI toolkit.
"""
