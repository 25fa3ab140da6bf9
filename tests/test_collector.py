"""The cycle collector is paused while one report is read, and left as it was after."""

from __future__ import annotations

import gc
from unittest import mock

import pytest

from ogi import extract
from ogi.report import read_document


@pytest.mark.parametrize("enabled", [True, False])
@pytest.mark.parametrize("fails", [False, True])
def test_extract_pauses_the_collector_and_restores_it(tmp_path, enabled, fails):
    p = tmp_path / "r.txt"
    p.write_text("一、总体情况\n本年度共收到政府信息公开申请3件。\n", encoding="utf-8")
    seen = []

    def spy(path):
        seen.append(gc.isenabled())
        if fails:
            raise RuntimeError("boom")
        return read_document(path)

    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with mock.patch("ogi.report.read_document", spy):
            if fails:
                with pytest.raises(RuntimeError):
                    extract(p, sections=False, facts=False)
            else:
                assert extract(p, sections=False, facts=False).text
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
    assert seen == [False]
