"""The review page in headless Chromium (Debian's chromium package): the page's script runs,
highlights and flags are there, evidence is highlighted from a link, nothing hostile runs, and
a screenshot is taken.

Chromium's own command line is enough (--dump-dom prints the DOM after the script ran,
--screenshot writes a PNG), so no driver is needed. The fixture installs chromium with apt-get
when it is missing and the tests run as root; otherwise the tests skip, saying why.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest

from ogi.flags import Flag
from ogi.review import render_review

from .review_reports import BALANCE, hostile, report, with_facts

# What the machine notes say Chromium needs here: no sandbox as root, and no background
# traffic that the closed network would refuse at every start.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--virtual-time-budget=5000",
]


def _find() -> str | None:
    return shutil.which("chromium") or next((p for p in ("/usr/bin/chromium",) if os.path.exists(p)), None)


@pytest.fixture(scope="session")
def chromium() -> str:
    path = _find()
    if path is None and hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        for cmd in (
            ["apt-get", "install", "-y", "chromium"],
            ["apt-get", "update"],
            ["apt-get", "install", "-y", "chromium"],
        ):
            if subprocess.run(cmd, env=env, capture_output=True, timeout=900).returncode == 0 and _find():
                break
        path = _find()
    if path is None:
        pytest.skip(
            "headless Chromium is not installed (/usr/bin/chromium) and could not be installed "
            "here (needs root and apt-get): `apt-get install -y chromium`"
        )
    return path


def browse(chromium: str, tmp: Path, url: str, *args: str) -> subprocess.CompletedProcess:
    profile = tmp / f"profile-{len(list(tmp.glob('profile-*')))}"
    return subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={profile}", *args, url], capture_output=True, text=True, timeout=120
    )


def dom(chromium: str, tmp: Path, url: str):
    res = browse(chromium, tmp, url, "--dump-dom")
    assert res.stdout.strip(), res.stderr[-2000:]
    return lxml.html.document_fromstring(res.stdout)


def classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def write(tmp: Path, name: str, rep) -> Path:
    page = tmp / name
    page.write_text(render_review(rep), encoding="utf-8")
    return page


def test_page_in_chromium(chromium, tmp_path):
    rep = with_facts(report(BALANCE))
    page = write(tmp_path, "review.html", rep)
    doc = dom(chromium, tmp_path, page.as_uri())
    body = doc.xpath("//body")[0]
    assert body.get("data-ready") == "1", "the page's script did not run"
    summary = doc.get_element_by_id("summary").text_content()
    assert "200 个单元格 cells · 3 条事实 facts · 3 个标记 flags" in summary  # written by the script
    hl = doc.xpath('//section[@id="text"]//span[@data-m]')
    assert len([e for e in hl if "c" in classes(e)]) >= 200
    assert len([e for e in hl if "f" in classes(e)]) >= 3
    rules = [e.text_content() for e in doc.xpath('//section[@id="flags"]//span[@class="rule"]')]
    assert rules == ["t2.balance", "t2.balance", "text_table.applications"]
    assert not doc.xpath('//*[contains(concat(" ", @class, " "), " active ")]')

    shot = tmp_path / "review.png"
    res = browse(chromium, tmp_path, page.as_uri(), "--window-size=1300,2200", f"--screenshot={shot}")
    assert shot.exists(), res.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 30_000


def test_a_flag_link_highlights_its_evidence(chromium, tmp_path):
    """page.html#flag-1 opens as a click on the flag does: its four cells lit in text and table."""
    page = write(tmp_path, "review.html", report(BALANCE))
    doc = dom(chromium, tmp_path, page.as_uri() + "#flag-1")
    lit = doc.xpath('//section[@id="text"]//span[contains(concat(" ", @class, " "), " active ")]')
    assert {e.get("data-m") for e in lit} == {
        "cell-t2.new.total",
        "cell-t2.carried_in.total",
        "cell-t2.total.total",
        "cell-t2.carried_out.total",
    }
    assert len(doc.xpath('//td[contains(concat(" ", @class, " "), " active ")]')) == 4
    info = doc.get_element_by_id("info")
    assert info.get("hidden") is None and "t2.carried_in.total" in info.text_content()


def test_hostile_report_runs_nothing(chromium, tmp_path):
    rep = hostile()
    page = write(tmp_path, "hostile.html", rep)
    doc = dom(chromium, tmp_path, page.as_uri())
    body = doc.xpath("//body")[0]
    assert body.get("data-ready") == "1" and body.get("data-pwned") is None
    assert not doc.xpath("//img") and not doc.xpath("//b[contains(., '粗体')]")
    assert len(doc.xpath("//script")) == 2
    text = "".join(e.text_content() for e in doc.xpath('//section[@id="text"]//div[@class="txt"]'))
    assert text == rep.text


def test_a_long_evidence_list_stays_inside_a_narrow_page(chromium, tmp_path):
    """Sixty evidence items and one very long one wrap inside a 700-pixel window: the page
    never scrolls sideways. Measured by a page that frames the review page (same folder)."""
    rep = report()
    keys = list(rep.cells)[:60]
    rep.flags = [
        Flag.make(
            "cell.missing",
            "warning",
            "缺少单元格",
            "cells missing",
            [{"cell": k, "value": None, "span": None} for k in keys] + [{"note": "长" * 400}],
        )
    ]
    write(tmp_path, "review.html", rep)
    frame = tmp_path / "frame.html"
    frame.write_text(
        '<!doctype html><html><body style="margin:0"><iframe id="f" src="review.html" '
        'style="width:700px;height:900px;border:0"></iframe><script>'
        'document.getElementById("f").onload = () => { const d = document.getElementById("f").contentDocument;'
        "document.body.dataset.wide = d.documentElement.scrollWidth; "
        "document.body.dataset.room = d.documentElement.clientWidth; };</script></body></html>",
        encoding="utf-8",
    )
    res = browse(chromium, tmp_path, frame.as_uri(), "--allow-file-access-from-files", "--dump-dom")
    body = lxml.html.document_fromstring(res.stdout).xpath("//body")[0]
    assert body.get("data-room"), res.stderr[-2000:]
    assert int(body.get("data-wide")) <= int(body.get("data-room"))


def test_the_page_names_cjk_fonts_for_every_system():
    page = render_review(report())
    for font in ("Noto Sans CJK SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei"):
        assert font in page


def test_malformed_address_is_ignored(chromium, tmp_path):
    """`page.html#%E0%A4%A` (a cut or hand-typed address) must not stop the page's script."""
    page = write(tmp_path, "review.html", report(BALANCE))
    doc = dom(chromium, tmp_path, page.as_uri() + "#%E0%A4%A")
    assert doc.xpath("//body")[0].get("data-ready") == "1", "the page's script stopped"
    assert not doc.xpath('//*[contains(concat(" ", @class, " "), " active ")]')
