"""The UI's small settings file: persona, theme and key overrides, kept as JSON in the data dir.

The data dir is `$CRS_ASSISTANT_DATA` when set, else the platform's user data dir. A missing or
unreadable file means "first run": the app then asks for the persona. No Textual here.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

Persona = Literal["clinician", "trainee"]
PERSONAS: tuple[Persona, ...] = ("clinician", "trainee")
DEFAULT_THEME = "textual-dark"
SETTINGS_NAME = "settings.json"


def data_dir() -> Path:
    configured = os.environ.get("CRS_ASSISTANT_DATA")
    if configured:
        return Path(configured)
    from platformdirs import user_data_dir

    return Path(user_data_dir("crs-assistant"))


def settings_path() -> Path:
    return data_dir() / SETTINGS_NAME


@dataclass(frozen=True)
class Settings:
    persona: Persona | None = None  # None until the user has answered "Which best describes you?"
    theme: str = DEFAULT_THEME
    keymap: dict[str, str] = field(default_factory=dict)  # binding id -> keys, e.g. {"toggle_case": "f2"}

    def with_persona(self, persona: Persona) -> Settings:
        return replace(self, persona=persona)

    def with_theme(self, theme: str) -> Settings:
        return replace(self, theme=theme)

    def to_json(self) -> dict[str, Any]:
        return {"persona": self.persona, "theme": self.theme, "keymap": dict(self.keymap)}


def _from_json(raw: Any) -> Settings:
    if not isinstance(raw, dict):
        return Settings()
    persona = raw.get("persona")
    theme = raw.get("theme")
    keymap = raw.get("keymap")
    return Settings(
        persona=persona if persona in PERSONAS else None,
        theme=theme if isinstance(theme, str) and theme else DEFAULT_THEME,
        keymap={k: v for k, v in keymap.items() if isinstance(k, str) and isinstance(v, str)}
        if isinstance(keymap, dict)
        else {},
    )


def load(path: Path | None = None) -> Settings:
    """The saved settings, or the defaults when the file is missing or not valid JSON."""
    path = path or settings_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    return _from_json(raw)


def save(settings: Settings, path: Path | None = None) -> bool:
    """Write atomically (temp file, then rename). False if the data dir cannot be written."""
    path = path or settings_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(settings.to_json(), indent=2) + "\n", encoding="utf-8")
        tmp.replace(path)
    except OSError:
        return False
    return True
