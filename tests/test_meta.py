"""Agency and year from the title and preamble, by how these are written (invented names)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ogi.meta import _INLINE_TITLE, _inline_matches, read_meta

from .conftest import CORPUS, ROOT, require_corpus

BODY = "\n本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。\n"


@pytest.mark.parametrize(
    "text, agency",
    [
        # the preamble announces the report: what the verb leads into is the name
        ("根据《条例》要求，现将石桥县统计局2023年政府信息公开工作年度报告向社会公布。" + BODY, "石桥县统计局"),
        ("根据《条例》规定，现发布《石桥县2023年度政府信息公开工作报告》。" + BODY, "石桥县"),
        (
            "按照要求，石桥市卫生健康委编制了石桥市卫生健康委员会2023年政府信息公开工作年度报告。" + BODY,
            "石桥市卫生健康委员会",
        ),
        # a cited notice names another body; the contact line names this one (its office: the department)
        (
            "根据《石桥市人民政府办公室关于做好2023年政府信息公开工作年度报告编制工作的通知》要求，编制本报告。"
            "如对本报告有疑问，请与石桥县农业农村局办公室联系（地址：石桥县）。" + BODY,
            "石桥县农业农村局",
        ),
        ("我局编制了2023年政府信息公开工作年度报告。" + BODY, None),
        ("一、总体情况\n2023年，全区坚持以人民为中心。" + BODY, None),
        # a government's own office is an agency of its own
        ("本报告由石桥县人民政府办公室编制。如有疑问，请与石桥县人民政府办公室联系。" + BODY, "石桥县人民政府办公室"),
        # titles: a site banner, a page's field row under the site's name, a breadcrumb, a title cut in two
        ("石桥市人民政府门户网站 部门 石桥市体育局2022年政府信息公开工作年度报告\n正文" + BODY, "石桥市体育局"),
        (
            "石桥县人民政府\n| 标题: | 石桥县交通运输局2025年政府信息公开工作年度报告 | ||\n正文" + BODY,
            "石桥县交通运输局",
        ),
        (
            "当前位置：首页>政府信息公开>政府信息公开年报>2023年>部门公开年报\n石桥街道2023年度政府信息公开工作年度报告\n"
            + BODY,
            "石桥街道",
        ),
        ("石桥县司法局2023年政府信息公开\n工作年度报告\n正文" + BODY, "石桥县司法局"),
        (
            "区统计局2022年政府信息公开工作年度报告\n发布日期：2023-01-19\n石桥市东区统计局2022年政府信息公开工作年度报告\n"
            + BODY,
            "石桥市东区统计局",
        ),
        # a title's first characters are the name even where they read like a particle or a pronoun
        ("将乐县人民政府2023年政府信息公开工作年度报告\n正文" + BODY, "将乐县人民政府"),
        ("本溪市人民政府2023年政府信息公开工作年度报告\n正文" + BODY, "本溪市人民政府"),
        # the overview's first sentence says who did the work
        ("一、总体情况\n2023年，石桥县水利局坚持以习近平新时代中国特色社会主义思想为指导。" + BODY, "石桥县水利局"),
    ],
)
def test_agency_as_the_report_writes_it(text, agency):
    assert read_meta(text).agency == agency


def test_agency_and_year_on_every_document_we_have():
    # the corpus openings (heads/INDEX.tsv) and the full reports (tests/fixtures/agencies.tsv)
    require_corpus(CORPUS / "heads" / "INDEX.tsv")
    res = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "agency_accuracy.py"), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr
    counts = json.loads(res.stdout.splitlines()[-1])
    assert counts["agency"]["right"] >= 167 and counts["agency"]["WRONG"] <= 5
    assert counts["year"] == {"right": 194, "not found": 3, "wrong": 0}


# Pieces of preamble lines: verbs, names (one longer than a name may be), years (one inside
# a longer run of digits), spaces and new lines, the title's words and a cited notice's marks.
_PIECES = [
    *("公布", "发布", "编制", "现将", "，", "。", "《关于", "的通知》", "》"),
    *("石桥县", "（区）统计局", "云溪石湾松台梅坞临沣柏川" * 3, "x"),
    *("2021", "1999", "12022", "202", "5"),
    *(" ", "\u3000", "\t", "\n", " \n "),
    *("年", "年度", "政府", "信息公开", "信息", "工作", "报告", "年报"),
]


@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_inline_titles_found_as_a_full_scan_finds_them(pieces):
    # The scan tries the pattern only where a match can start; a scan at every character
    # must find the same matches.
    head = "".join(pieces)
    full = [(m.span(), m.groups()) for m in _INLINE_TITLE.finditer(head)]
    assert [(m.span(), m.groups()) for m in _inline_matches(head)] == full


def test_inline_title_found_after_a_long_run_of_spaces():
    head = "现将" + " " * 50 + "石桥县统计局2023年政府信息公开工作年度报告公布如下"
    (m,) = list(_inline_matches(head))
    assert (m.start(), m.group(1), m.group(2)) == (2, "石桥县统计局", "2023")  # from the spaces on
