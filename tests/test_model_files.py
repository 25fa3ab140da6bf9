"""The models' meta.json checks: rule data edited since training is refused with the command
that retrains; a meta.json of an older ogi (no data_files) is used with a warning."""

from __future__ import annotations

import json
import logging
import shutil
from importlib import resources

import pytest

from ogi import model_files
from ogi.facts import load_tagger
from ogi.model_files import ModelError, data_file_hashes, models_dir
from ogi.sections.model import load_model

LOADERS = {"sections": load_model, "facts": load_tagger}
RULE_DATA = {"sections": ["sections.json"], "facts": ["facts.toml", "facts_tagger.cfg"]}


def _model_copy(tmp_path, name: str, data_files: dict | None):
    """A copy of the shipped model `name` under tmp_path/models whose meta.json records
    `data_files` (none when None), as `ogi train` writes it."""
    dst = tmp_path / "models" / name
    shutil.copytree(models_dir() / name, dst)
    meta = json.loads((dst / "meta.json").read_text(encoding="utf-8"))
    meta.pop("data_files", None)
    if data_files is not None:
        meta["data_files"] = data_files
    (dst / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return dst


def _data_copy(tmp_path, monkeypatch):
    """A copy of the installed rule data that the models' check reads instead."""
    data = tmp_path / "data"
    shutil.copytree(resources.files("ogi") / "data", data)
    monkeypatch.setattr(model_files, "data_dir", lambda: data)
    return data


@pytest.mark.parametrize("name", ["sections", "facts"])
def test_a_rule_file_edited_after_training_refuses_the_model_and_says_how_to_retrain(name, tmp_path, monkeypatch):
    _model_copy(tmp_path, name, data_file_hashes(RULE_DATA[name]))
    monkeypatch.setenv("OGI_MODELS", str(tmp_path / "models"))
    data = _data_copy(tmp_path, monkeypatch)
    rules = data / RULE_DATA[name][0]
    rules.write_text(rules.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # any edit changes the inputs
    with pytest.raises(ModelError, match=rf"data/{RULE_DATA[name][0]}.*`ogi train {name}`") as exc:
        LOADERS[name]()
    assert all(f"data/{f}" not in str(exc.value) for f in RULE_DATA[name][1:])  # only the file that changed


def test_a_rule_file_the_model_recorded_that_is_not_installed_refuses_it(tmp_path):
    model = _model_copy(tmp_path, "sections", data_file_hashes(["sections.json"]) | {"gone.toml": "0" * 16})
    with pytest.raises(ModelError, match=r"data/gone\.toml \(not installed\).*ogi train sections"):
        load_model(model)


def test_the_installed_rule_data_passes_the_check(tmp_path, monkeypatch):
    model = _model_copy(tmp_path, "sections", data_file_hashes(["sections.json"]))
    _data_copy(tmp_path, monkeypatch)  # the same bytes elsewhere
    assert load_model(model).meta["data_files"] == data_file_hashes(["sections.json"])


@pytest.mark.parametrize("name", ["sections", "facts"])
def test_a_meta_json_without_data_files_loads_with_a_warning(name, tmp_path, monkeypatch, caplog):
    model = _model_copy(tmp_path, name, None)
    monkeypatch.setattr(logging.getLogger("ogi"), "propagate", True)  # the CLI's set-up may have turned it off
    with caplog.at_level(logging.WARNING, logger="ogi"):
        loaded = LOADERS[name](model)
    assert "data_files" not in loaded.meta
    # (a record is counted once: newer pytest may capture it at the "ogi" logger and at the root)
    records = {id(r): r for r in caplog.records}.values()
    warned = [r.getMessage() for r in records if r.levelno == logging.WARNING]
    assert len(warned) == 1 and "unchecked" in warned[0] and f"ogi train {name}" in warned[0]


def test_a_damaged_data_files_record_is_refused(tmp_path):
    model = _model_copy(tmp_path, "sections", ["sections.json"])  # a list, not {name: hash}
    with pytest.raises(ModelError, match="data_files"):
        load_model(model)


def test_the_models_and_their_rule_data_are_package_data():
    # `pip install .` and the wheel carry what setuptools' package-data names (a wheel build
    # takes too long for the suite: `pip wheel . --no-deps` lists the same files)
    import tomllib

    from .conftest import ROOT

    package = ROOT / "src" / "ogi"
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"][
        "ogi"
    ]
    shipped = {p for g in globs for p in package.glob(g) if p.is_file()}
    needed = {p for folder in ("models", "data") for p in (package / folder).rglob("*") if p.is_file()}
    assert (package / "models" / "sections" / "meta.json") in needed and (
        package / "models" / "facts" / "model"
    ).is_dir()
    assert needed <= shipped, sorted(str(p.relative_to(package)) for p in needed - shipped)
