"""The JSON Schema of an output line (ogi/data/report.schema.json, printed by `ogi schema`)."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest

from ogi.data_files import load_json

from .conftest import FIXTURES, ROOT

SCHEMA = load_json("report.schema.json")


def test_the_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_the_command_line_output_meets_the_schema(tmp_path, every_output_meets_the_schema):
    # a real run, in its own process: samples in every format, reports edited to contradict
    # themselves, and files that cannot be read
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "corrupt.docx").write_bytes(b"PK\x03\x04garbage")
    (tmp_path / "binary.pdf").write_bytes(b"%PDF-1.4\n\x00\x01\x02")
    res = subprocess.run(
        [sys.executable, "-m", "ogi", "extract", "-q", FIXTURES / "samples", FIXTURES / "checks", tmp_path],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    lines = [json.loads(line) for line in res.stdout.splitlines()]
    assert res.returncode == 0 and len(lines) > 15
    for line in lines:
        every_output_meets_the_schema.validate(line)
    assert sum(bool(line["errors"]) for line in lines) >= 3


@pytest.mark.parametrize(
    "broken",
    [
        {"year": "2023"},  # a year is a number
        {"cells": {"t2.new.total": -1}},  # counts are never negative
        {"cell_spans": {"t2.new.total": [3]}},  # a span has a start and an end
        {"format": "2020"},  # only the formats ogi knows
        {"flags": [{"rule": "t2.balance", "severity": "fatal", "message": "x", "message_en": "x", "evidence": []}]},
    ],
)
def test_the_schema_refuses_what_the_contract_forbids(broken):
    good = {
        "doc_id": "0123456789ab",
        "source": "x.txt",
        "agency": None,
        "year": None,
        "format": "unknown",
        "title": None,
        "input_kind": "txt",
        "sections": [],
        "cells": {},
        "cell_spans": {},
        "split_cells": [],
        "extra_cells": {},
        "tables_found": {},
        "facts": [],
        "flags": [],
        "errors": [],
    }
    jsonschema.validate(good, SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**good, **broken}, SCHEMA)
