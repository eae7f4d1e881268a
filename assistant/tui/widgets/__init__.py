"""The consult's widgets: one per module, no engine calls (screens talk to the engine)."""
