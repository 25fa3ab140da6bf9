"""Why a document failed, as data (data/errors.toml): its error entry, and whether a rerun
should read it again."""

from __future__ import annotations

import json

from ..data_files import load_toml
from ..document import IngestError


def _errors() -> dict:
    return load_toml("errors.toml")


def failure(code: str, **values) -> IngestError:
    zh, en = _errors()["messages"][code]
    return IngestError(code, zh.format(**values), en.format(**values))


def is_transient(errors_json: str | None) -> bool:
    """Whether a `reports.errors` value holds an error that may pass on a rerun."""
    if not errors_json:
        return False
    transient = set(_errors()["transient"])
    return any(e.get("code") in transient for e in json.loads(errors_json))
