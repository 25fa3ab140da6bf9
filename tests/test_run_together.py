"""Tables printed with their separators lost (`801000081`), as scraped pages print them.

A synthetic report is built from a random table that adds up; read back, every cell is
either right or null and flagged: a split is never guessed.
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ogi import extract
from ogi.tables.layout import load_layout

from .zoo.model import random_table

LAYOUT = load_layout()
GROUP_HEAD = {
    "denied.state_secret": "（三）不予公开",
    "unavailable.not_held": "（四）无法提供",
    "not_processed.petition": "（五）不予处理",
    "other.no_correction": "（六）其他处理",
}


@st.composite
def tables(draw):
    seed = draw(st.integers(0, 2**32 - 1))
    cells = random_table(random.Random(seed), scale=draw(st.sampled_from([3, 30, 300])), dense=True)
    return {k: v for k, v in cells.items() if not k.startswith("t1.")}  # table 1 is not printed here


def render(cells: dict) -> str:
    lines = [
        "某某局2023年政府信息公开工作年度报告",
        "一、总体情况",
        "本年度我局依法做好政府信息公开工作，各项工作有序开展。" * 3,
        "三、收到和处理政府信息公开申请情况",
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计"
        "商业企业科研机构社会公益组织法律服务机构其他",
    ]
    body = ""
    for row in LAYOUT.t2:
        body += GROUP_HEAD.get(row.key, "") + row.zh + "".join(str(cells[k]) for k in row.cells)
    lines.append(
        body + "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"
        "未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计"
        + "".join(str(cells[k]) for k in LAYOUT.t3_cells)
        + "五、存在的主要问题及改进情况"
    )
    return "\n".join(lines) + "\n"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tables())
def test_never_a_wrong_split(tmp_path, cells):
    p = tmp_path / "scraped.txt"
    p.write_text(render(cells), encoding="utf-8")
    rep = extract(p)
    flagged = {e.get("cell") for f in rep.flags for e in f.evidence}
    known = 0
    for key, want in cells.items():
        got = rep.cells[key]
        if got is None:
            assert key in flagged, key
        else:
            assert got == want, key
            known += 1
    assert not [f for f in rep.flags if f.severity == "error"]
    # a row of zeros splits one way only, so most of a small table is always recovered
    assert known >= 15


def test_extra_value_in_a_row_is_resolved_by_the_sums(tmp_path):
    from .conftest import FIXTURES

    text = (FIXTURES / "samples" / "001_e43356999c5a4606.txt").read_text(encoding="utf-8")
    row = "二、上年结转政府信息公开申请数量\t\t0"
    assert row in text
    p = tmp_path / "extra.txt"
    p.write_text(text.replace(row, "二、上年结转政府信息公开申请数量\t\t5\t0"), encoding="utf-8")
    rep = extract(p)
    assert [rep.cells[k] for k in LAYOUT.t2[1].cells] == [0] * 7
    assert "table.extra_value" in {f.rule for f in rep.flags}
