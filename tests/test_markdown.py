"""Markdown as PDF-to-Markdown converters write it: HTML tables inside the text."""

from __future__ import annotations

from ogi.ingest.markdown import read_markdown

_MD = (
    "# 某区某局2023年政府信息公开工作年度报告\n\n"
    "一、总体情况\n全年主动公开信息120条。\n\n"
    "# 三、收到和处理政府信息公开申请情况\n\n"
    '<html><body><table><tr><td colspan="3" rowspan="2">本列数据的勾稽关系</td>'
    '<td colspan="2">申请人情况</td></tr>'
    "<tr><td>自然人</td><td>总计</td></tr>"
    '<tr><td colspan="3">一、本年新收政府信息<br>公开申请数量</td><td>7</td><td>7</td></tr>'
    '<tr><td colspan="3">二、上年结转&nbsp;申请数量</td><td>0</td><td>0</td></tr>'
    "</table></body></html>\n\n"
    "四、存在的主要问题\n下一步将继续改进。\n"
)


def _read(text: str):
    doc = read_markdown("r.md", text.encode())
    assert doc.ok
    return doc


def test_an_html_table_in_markdown_is_read_as_a_grid_in_place():
    doc = _read(_MD)
    assert len(doc.tables) == 1
    t = doc.tables[0]
    rows = [[c.text if c else None for c in r] for r in t.rows]
    assert rows[2] == ["一、本年新收政府信息公开申请数量"] * 3 + ["7", "7"]
    assert rows[3][0] == "二、上年结转 申请数量" and rows[3][3:] == ["0", "0"]
    # a merged cell is one Cell at every place it covers
    assert rows[0][:3] == rows[1][:3] == ["本列数据的勾稽关系"] * 3
    for r in t.rows:
        for c in r:
            assert c is None or doc.text[c.start : c.end] == c.text
    # no tag reaches the text; the narrative around the table is kept as written
    assert "<t" not in doc.text and "<html>" not in doc.text and "</body>" not in doc.text
    assert "全年主动公开信息120条。" in doc.text[: t.start]
    assert doc.text[t.end :].lstrip().startswith("四、存在的主要问题\n下一步将继续改进。")


def test_a_table_cut_off_by_the_end_of_the_file_ends_after_its_last_cell():
    rows = "<tr><td>行政许可</td><td>12</td></tr><tr><td>行政处罚</td><td>3</td></tr>"
    text = f"总体情况\n\n<table>{rows}\n这一段不在表内。\n"
    doc = _read(text)
    assert [[c.text for c in r if c] for r in doc.tables[0].rows] == [["行政许可", "12"], ["行政处罚", "3"]]
    assert "这一段不在表内。" in doc.text[doc.tables[0].end :]


def test_a_table_tag_without_any_cell_is_left_as_text():
    text = "总体情况\n说明：<table> 标记在此无表格。\n"
    doc = _read(text)
    assert doc.tables == [] and doc.text == text


def test_pipe_and_html_tables_together_in_order():
    pipe = "| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 | 0 |\n| 行政规范性文件 | 2 |\n"
    doc = _read("总体情况\n\n" + pipe + "\n<table><tr><td>行政许可</td><td>5</td></tr></table>\n")
    assert len(doc.tables) == 2 and doc.tables[0].start < doc.tables[1].start
    assert doc.tables[0].rows[2][1].text == "2" and doc.tables[1].rows[0][1].text == "5"
    for t in doc.tables:
        for r in t.rows:
            for c in r:
                assert c is None or doc.text[c.start : c.end] == c.text


def test_a_cell_in_bold_is_read_without_its_marks_and_points_at_its_text():
    doc = _read(
        "| 指标 | 数量 |\n|---|---|\n| **一、本年新收政府信息公开申请数量** | **7** |\n"
        "| *合计* | __12__ |\n| 空 | 3*4 |\n"
    )
    rows = [[c.text for c in r if c] for r in doc.tables[0].rows]
    assert rows == [["指标", "数量"], ["一、本年新收政府信息公开申请数量", "7"], ["合计", "12"], ["空", "3*4"]]
    for r in doc.tables[0].rows:
        for c in r:
            assert c is None or doc.text[c.start : c.end] == c.text
