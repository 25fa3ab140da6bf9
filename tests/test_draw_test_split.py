"""The frozen test split of gathered openings is a reproducible seeded draw that cannot drift."""

from __future__ import annotations

import csv
import sys

import pytest

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import draw_test_split as dts  # noqa: E402

OPENINGS = ROOT / "training_data" / "facts" / "openings"
SEEDS = {"a": 20261206, "b": 20261207, "c": 20261208}  # the seed each gatherer's folder was drawn with


def make_folder(tmp_path, n=10):
    folder = tmp_path / "x"
    folder.mkdir()
    rows = ["file\taddress\tsplit"]
    for i in range(1, n + 1):
        (folder / f"{i:03d}.txt").write_text("一、总体情况", encoding="utf-8")
        rows.append(f"{i:03d}.txt\thttp://example.invalid/{i}\t")
    (tmp_path / "INDEX_x.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder, tmp_path / "INDEX_x.tsv"


def splits(index):
    with index.open(encoding="utf-8") as f:
        return {r["file"]: r["split"] for r in csv.DictReader(f, delimiter="\t")}


def test_draw_is_seeded_and_sized():
    names = [f"{i:03d}.txt" for i in range(1, 51)]
    assert dts.draw(names, 7, 12) == dts.draw(list(reversed(names)), 7, 12)
    assert len(dts.draw(names, 7, 12)) == 12
    assert dts.draw(names, 7, 12) != dts.draw(names, 8, 12)
    with pytest.raises(ValueError):
        dts.draw(names, 7, 51)


def test_writes_the_split_once_and_refuses_another(tmp_path):
    folder, index = make_folder(tmp_path)
    assert dts.main([str(folder), "--seed", "3", "--count", "4"]) == 0
    first = splits(index)
    assert sorted(first.values()).count("test") == 4 and set(first.values()) == {"test", "train"}
    assert dts.main([str(folder), "--seed", "3", "--count", "4"]) == 0  # same draw: no change
    assert splits(index) == first
    assert dts.main([str(folder), "--seed", "4", "--count", "4"]) == 1  # frozen
    assert splits(index) == first
    assert dts.main([str(folder), "--seed", "4", "--count", "4", "--force"]) == 0


def test_index_and_folder_must_agree(tmp_path):
    folder, _ = make_folder(tmp_path)
    (folder / "011.txt").write_text("x", encoding="utf-8")
    assert dts.main([str(folder), "--seed", "3", "--count", "4"]) == 1


@pytest.mark.parametrize("letter", sorted(SEEDS))
def test_committed_split_is_the_seeded_draw(letter):
    folder = OPENINGS / letter
    got = splits(OPENINGS / f"INDEX_{letter}.tsv")
    test = {f for f, s in got.items() if s == "test"}
    assert set(got.values()) == {"test", "train"}
    assert test == dts.draw(sorted(p.name for p in folder.glob("*.txt")), SEEDS[letter], len(test))
