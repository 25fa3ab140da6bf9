from hypothesis import given
from hypothesis import strategies as st

from ogi.facts.text import clause_around, clause_before, marks

_TEXT = st.text(alphabet="，,；;。：:（）()、\n 收到申请12件", max_size=40)


@given(
    _TEXT, st.data(), st.integers(min_value=0, max_value=45), st.sampled_from(["clause_end", "item_end", "list_end"])
)
def test_the_clause_before_a_place_runs_back_to_an_end_mark_or_its_reach(text, data, limit, which):
    start = data.draw(st.integers(min_value=0, max_value=len(text)))
    ends = getattr(marks(), which)
    clause = clause_before(text, start, limit, ends)
    a = start - len(clause)
    assert text[a:start] == clause and len(clause) <= limit
    assert not any(c in ends for c in clause)
    # it stops only at the start of the text, at its reach or just after an end mark
    assert a == 0 or len(clause) == limit or text[a - 1] in ends


def test_the_default_clause_and_the_clause_around_a_count():
    text = "本年度共收到申请12件，其中当面申请3件。"
    s = text.index("3件")
    assert clause_before(text, s) == "其中当面申请"
    assert clause_around(text, s, s + 2) == "其中当面申请3件"
