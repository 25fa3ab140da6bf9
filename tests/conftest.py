"""Shared test helpers: where the fixtures, golden files and the shared corpus are."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
GOLDEN = ROOT / "tests" / "golden"
# CI clones the repo with shared/ beside it; OGI_SHARED points elsewhere if needed.
SHARED = Path(os.environ.get("OGI_SHARED", ROOT.parent / "shared")).resolve()
CORPUS = SHARED / "corpus"
SAMPLE_STEMS = ["000_a603a2208d919e1a", "001_e43356999c5a4606", "003_b1e886070ef0a9dc"]


def golden_files() -> list[Path]:
    return sorted(GOLDEN.rglob("*.json"))


def load_golden(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def source_of(golden: dict) -> Path:
    """The document a golden file describes: samples are fixtures, corpus files stay in shared/."""
    src = golden["source"]
    if src.startswith("samples/"):
        return FIXTURES / src
    return CORPUS / src.split("/", 1)[1]


def require_corpus(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} is not here: the shared corpus (../shared/corpus) is absent on this machine")


@pytest.fixture(autouse=True, scope="session")
def every_output_meets_the_schema():
    """Every report the tests make in this process is checked against the shipped JSON Schema
    (`ogi schema`) as it is turned into its output line."""
    import jsonschema

    from ogi.data_files import load_json
    from ogi.report import Report

    validator = jsonschema.Draft202012Validator(load_json("report.schema.json"))
    plain = Report.to_json

    def checked(self):
        line = plain(self)
        validator.validate(line)
        return line

    Report.to_json = checked
    yield validator
    Report.to_json = plain
