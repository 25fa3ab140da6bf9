"""The data files are the single source of what they declare: one loader reads them, and the
modules that use a name, a mark or a fact type take it from there instead of spelling it again."""

from __future__ import annotations

import ast
import csv
import re
import sys
import tomllib

import pytest

from ogi.checks import check_tables
from ogi.checks.config import check_data
from ogi.data_files import load_csv, load_json, load_toml
from ogi.facts.annotations import load_annotations
from ogi.facts.values import fact_data
from ogi.tables.layout import load_layout, normalize_label
from ogi.text_marks import CIRCLED, CIRCLED_NEGATIVE, ITEM_DELIMS

from .conftest import ROOT

SRC = ROOT / "src" / "ogi"
DATA = SRC / "data"
# The stages whose marks text.toml holds (the facts stage keeps its own patterns in facts.toml).
# ingest/normalize.py is left out: its table folds every full-width character (not only marks)
# to its ASCII form, as Unicode defines them.
MARK_USERS = sorted(
    p for d in ("tables", "checks", "sections", "ingest") for p in (SRC / d).rglob("*.py") if p.name != "normalize.py"
) + [SRC / "meta.py"]


def _python_files():
    return [p for p in SRC.rglob("*.py") if p.name != "data_files.py"]


def test_one_loader_reads_the_data_files():
    opened = re.compile(r'/\s*"data"\s*/.*\.(open|read_text|read_bytes)\(|^\s*import (tomllib|csv)\b', re.M)
    offenders = [str(p.relative_to(ROOT)) for p in _python_files() if opened.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


_LOADERS = {".toml": load_toml, ".json": load_json, ".csv": load_csv}  # (*.cfg: spaCy reads them)


@pytest.mark.parametrize("path", sorted(p for p in DATA.iterdir() if p.suffix in _LOADERS), ids=lambda p: p.name)
def test_every_data_file_loads(path):
    assert _LOADERS[path.suffix](path.name)


def _cells_csv() -> list[dict[str, str]]:
    with (DATA / "cells.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_checks_name_columns_and_groups_as_cells_csv_does():
    layout = load_layout()
    cells = dict.fromkeys(layout.cells, 0)
    # column `commercial` of row `new` off by one: the balance, outcome and row sums all break
    col = layout.t2_columns[1]
    cells[f"t2.{layout.t2[0].key}.{col}"] = 1
    group = layout.t3_groups[1]
    cells[f"t3.{group}.{layout.t3_columns[0]}"] = 1
    flags = check_tables(cells, {}, {"t1": True, "t2": True, "t3": True})
    printed = {r["key"]: r for r in _cells_csv()}
    col_zh = printed[f"t2.{layout.t2[0].key}.{col}"]["col_zh"].split("·")[-1]
    group_zh = printed[f"t3.{group}.{layout.t3_columns[0]}"]["row_zh"].split("·")[-1]
    balance = [f for f in flags if f.rule == "t2.balance"]
    assert len(balance) == 1 and f"「{col_zh}」" in balance[0].message
    t3 = [f for f in flags if f.rule == "t3.group_sum"]
    assert len(t3) == 1 and f"「{group_zh}」" in t3[0].message
    parts = [printed[f"t3.{group}.{c}"]["col_zh"] for c in layout.t3_columns[:-1]]
    assert "、".join(parts) in t3[0].message


def test_checks_name_in_english_exactly_the_layouts_columns_and_groups():
    layout = load_layout()
    names = check_data()["tables"]
    assert set(names["columns_en"]) == set(layout.t2_columns)
    assert set(names["groups_en"]) == set(layout.t3_groups)
    assert set(names["names_zh"]) == set(names["names_en"]) >= {"t1", "t2", "t3"}


def test_table2_groups_own_the_rows_their_keys_prefix():
    layout = load_layout()
    for g in layout.t2_groups:
        assert g.rows, g.key
        assert any(normalize_label(g.zh).endswith(a) for a in g.aliases), g.key


@pytest.mark.parametrize(
    "mark", list(CIRCLED + CIRCLED_NEGATIVE) + [f"1{d}" for d in ITEM_DELIMS] + [f"十{d}" for d in ITEM_DELIMS]
)
def test_label_numbering_is_text_tomls(mark):
    assert normalize_label(f"{mark}其他") == "其他"


def _literals(tree: ast.AST):
    """String constants outside docstrings and f-strings (messages)."""
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant):
                skip.add(id(node.body[0].value))
        if isinstance(node, ast.JoinedStr):
            skip.update(id(v) for v in node.values)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            yield node


def test_no_module_spells_its_own_punctuation():
    marks = tomllib.loads((DATA / "text.toml").read_text(encoding="utf-8"))["marks"]
    wide = {c for k, v in marks.items() if isinstance(v, str) and k != "cn_numerals" for c in v if ord(c) > 127}
    found = []
    for path in MARK_USERS:
        for node in _literals(ast.parse(path.read_text(encoding="utf-8"))):
            s = node.value
            classes = re.findall(r"\[\^?((?:\\.|[^\]\\])+)\]", s)
            if any(set(c) & wide for c in classes) or (set(s) & wide and not re.search(r"[\w\u4e00-\u9fff]", s)):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {s!r}")
    assert found == [], "\n".join(found)


def test_annotation_checker_reads_the_fact_types_and_units_of_facts_toml():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import check_fact_annotations as cfa
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    assert cfa.DEFAULT_UNIT == fact_data()["types"]
    assert cfa.TYPES == set(fact_data()["types"])
    assert cfa.UNITS == set(fact_data()["units"])


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_facts_toml_shared_words_are_written_out_and_no_placeholder_is_unknown():
    raw = load_toml("facts.toml")
    shared = raw["shared_words"]
    assert shared and all(isinstance(w, str) and w for w in shared.values())
    used = {m for s in _strings(raw) for m in re.findall(r"\{([a-z_]+)\}", s)}
    assert set(shared) <= used, "a shared word no pattern uses"
    # {arabic}, {chinese} and {units} are written out by the candidate pattern's reader
    assert used - set(shared) <= {"arabic", "chinese", "units"}, "a placeholder of no shared word (misspelt?)"
    read = fact_data()
    left = {m for s in _strings(read) for m in re.findall(r"\{([a-z_]+)\}", s)}
    assert not left & set(shared)
    after = read["number_rule"]
    assert any(shared["issuing"] in r.get("before", "") for r in after)


def test_facts_toml_absence_guards_name_known_types_and_their_verbs():
    data = fact_data()
    types = set(data["types"])
    for key in ("absence_words", "absence_not_before", "absence_not_after", "absence_needs_verb"):
        assert set(data.get(key, {})) <= types, key
    # a noun that needs the type's verb reads it from [type_needs]: each such type has one
    assert set(data["absence_needs_verb"]) <= set(data["type_needs"])
    for typ, words in data["absence_needs_verb"].items():
        re.compile(words)
        assert not re.search(data["type_needs"][typ], words), "the noun holds its own verb: the guard is void"


def test_facts_toml_words_a_type_needs_name_known_types_and_hold_in_their_training_sentences():
    data = fact_data()
    for key in ("type_needs", "sentence_needs"):
        assert data[key] and set(data[key]) <= set(data["types"]), key
    # every annotated count of a type stands in a sentence with the words it needs anywhere
    needs = {t: re.compile(w) for t, w in data["sentence_needs"].items()}
    checked = 0
    for r in load_annotations(ROOT / "training_data" / "facts"):
        for f in r["facts"]:
            if f["type"] in needs and not f["negated"]:
                assert needs[f["type"]].search(r["text"]), (r["id"], f["type"])
                checked += 1
    assert checked > 100


def test_facts_toml_rules_stand_over_the_model_only_for_types_the_rules_read():
    # `with_rule_types` offers the rules' facts of `rule_read_types` only: a type named here and
    # not there would stand over nothing
    data = fact_data()
    assert data["rules_over_model"] and set(data["rules_over_model"]) <= set(data["rule_read_types"])
