"""`text_table.*`: a number the narrative states against the table cell that counts the same
thing (applications received vs 表2 本年新收, 规范性文件 vs 表1, 行政复议/行政诉讼 vs 表3).

Entry point: `check_text_against_tables(facts, cells, cell_spans, text, ...)`. The comparisons,
the guards that decide whether a sentence really speaks of the table's quantity, and the
messages are data (`data/checks.toml`, [text_table]). A rule stays silent when a cell it needs
is blank, when the sentence may count something else, and when the text's number (with the
tolerance of 余/约/超过) agrees with any of the rule's sums.
"""

from __future__ import annotations

from ..flags import Flag, cell_evidence
from ..tables.numbers import known
from ..text_marks import SEMICOLONS
from .bounds import Bounds, fact_bounds, show_value
from .config import check_data, pattern
from .context import Contexts, FactContext, fact_evidence


def _hit(rule: dict, key: str, text: str) -> bool:
    return key in rule and bool(pattern(rule[key]).search(text))


def speaks_of(rule: dict, fact: dict, ctx: FactContext, year: int | None = None) -> bool:
    """Whether the fact's sentence clearly states the quantity the rule's cells hold."""
    common = check_data()["text_table"]
    if fact.get("section") in common["skip_sections"]:
        return False
    if year is not None and ctx.year is not None and ctx.year != year:
        return False  # a count of another year
    if _hit(common, "sentence_excludes", ctx.sentence) or _hit(rule, "sentence_excludes", ctx.sentence):
        return False
    if (
        "sentence_needs" in rule
        and not _hit(rule, "sentence_needs", ctx.sentence)
        and fact.get("section") not in rule.get("or_sections", [])
    ):
        return False
    if "item_needs" in rule and not _hit(rule, "item_needs", ctx.item):
        return False  # the tagger's type is not borne out by the words next to the number
    if _hit(common, "clause_excludes", ctx.clause) or _hit(rule, "clause_excludes", ctx.clause):
        return False
    if _hit(rule, "item_excludes", ctx.item) or _hit(rule, "lead_excludes", ctx.lead):
        return False
    if fact.get("negated"):
        if not _hit(common, "negation_cue", ctx.clause_before) or _hit(rule, "negated_excludes", ctx.clause):
            return False
    return True


def _sums(rule: dict, cells: dict, ctx: FactContext) -> list[tuple[dict, int | float]] | None:
    """The rule's sums that apply to this fact, with their values; None if a cell is blank."""
    out: list[tuple[dict, int | float]] = []
    for spec in rule["sums"]:
        if "when" in spec and not pattern(spec["when"]).search(ctx.clause):
            continue
        vals = known(cells.get(k) for k in spec["cells"])
        if vals is None:
            return None  # a blank cell is flagged as missing elsewhere, never taken as 0
        out.append((spec, sum(vals)))
    return out


def _num(v) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def _flag(
    rule: dict,
    i: int,
    fact: dict,
    ctx: FactContext,
    bounds: Bounds,
    sums: list[tuple[dict, int | float]],
    cells: dict,
    spans: dict,
) -> Flag:
    msg = check_data()["text_table"]["message"]
    (first, total), others = sums[0], [(s, v) for s, v in sums[1:] if v != sums[0][1]]
    table = (
        _num(total)
        if len(first["cells"]) == 1
        else " + ".join(_num(cells[k]) for k in first["cells"]) + f" = {_num(total)}"
    )
    also_zh = SEMICOLONS[0].join(s["zh"].format(sum=_num(v)) for s, v in others if "zh" in s)
    also_en = "; ".join(s["en"].format(sum=_num(v)) for s, v in others if "en" in s)
    fields = dict(
        quote=ctx.quote,
        value=show_value(fact, bounds),
        table=table,
        also_zh=f"（{also_zh}）" if also_zh else "",
        also_en=f" ({also_en})" if also_en else "",
        what_zh=rule["what_zh"],
        what_en=rule["what_en"],
        cells_zh=rule["cells_zh"],
        cells_en=rule["cells_en"],
    )
    keys: list[str] = []
    for spec, _ in sums:
        keys += [k for k in spec["cells"] if k not in keys]
    evidence = [fact_evidence(i, fact)] + [cell_evidence(k, cells.get(k), spans.get(k)) for k in keys]
    return Flag.make(
        rule["rule"], rule.get("severity", "warning"), msg["zh"].format(**fields), msg["en"].format(**fields), evidence
    )


def check_text_against_tables(
    facts: list[dict],
    cells: dict,
    cell_spans: dict,
    text: str,
    year: int | None = None,
    tables_found: dict | None = None,
) -> list[Flag]:
    """Flags for narrative facts that contradict the table cell counting the same thing.

    `facts` are the report's facts (evidence names them by index), `cells`/`cell_spans` its
    table cells, `text` the document text the offsets index, `year` the report's year (a count
    said of another year is not compared), `tables_found` which tables were read (None: all)."""
    ctx = Contexts(text, facts)
    flags: list[Flag] = []
    for rule in check_data()["text_table"]["rule"]:
        if tables_found is not None and not tables_found.get(rule["table"]):
            continue
        for i, fact in enumerate(facts):
            if fact.get("type") not in rule["fact_types"] or fact.get("value") is None:
                continue
            c = ctx.of(i)
            if c is None or not speaks_of(rule, fact, c, year):
                continue
            sums = _sums(rule, cells, c)
            if not sums:
                continue
            bounds = fact_bounds(fact, text)
            if any(bounds.contains(v) for _, v in sums):
                continue
            flags.append(_flag(rule, i, fact, c, bounds, sums, cells, cell_spans))
    return flags
