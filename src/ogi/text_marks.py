"""The punctuation and numbering marks of `data/text.toml`, as strings and pattern classes.

Every module outside the facts stage that cuts report text (tables, sections, ingest,
checks, meta) takes its marks from here, so a mark added to the data reaches all of them.
"""

from __future__ import annotations

import re

from .data_files import load_toml

_MARKS: dict = load_toml("text.toml")["marks"]

CN_NUMERALS: str = _MARKS["cn_numerals"]
CIRCLED: str = _MARKS["circled"]
CIRCLED_NEGATIVE: str = _MARKS["circled_negative"]
ITEM_DELIMS: str = _MARKS["item_delims"]
DECIMAL_POINTS: str = _MARKS["decimal_points"]
ENUMERATION_COMMA: str = _MARKS["enumeration_comma"]
OPEN_PARENS: str = _MARKS["open_parens"]
CLOSE_PARENS: str = _MARKS["close_parens"]
OPEN_BRACKETS: str = _MARKS["open_brackets"]
CLOSE_BRACKETS: str = _MARKS["close_brackets"]
CLOSING_QUOTES: str = _MARKS["closing_quotes"]
FULL_STOP: str = _MARKS["full_stop"]
EXCLAMATION_QUESTION: str = _MARKS["exclamation_question"]
EXCLAMATION_QUESTION_ASCII: str = _MARKS["exclamation_question_ascii"]
SEMICOLONS: str = _MARKS["semicolons"]
COLONS: str = _MARKS["colons"]
COMMAS: str = _MARKS["commas"]
TABLE_RULES: str = _MARKS["table_rules"]
MINUS_SIGNS: str = _MARKS["minus_signs"]
DASHES: str = _MARKS["dashes"]
RULE_DASHES: str = _MARKS["rule_dashes"]
SLASHES: str = _MARKS["slashes"]
BLANK_CELLS: frozenset[str] = frozenset(_MARKS["blank_cells"])

# The ends of a Chinese sentence (。！？).
SENTENCE_ENDS: str = FULL_STOP + EXCLAMATION_QUESTION


def char_class(*sets: str, negate: bool = False) -> str:
    """A pattern class of the characters of `sets`: `char_class(COMMAS, COLONS)` -> `[，,：:]`."""
    return "[" + ("^" if negate else "") + re.escape("".join(sets)) + "]"


# The number that opens an item or heading at the start of a line: 一、 （二） (3) 4.
ITEM_START = re.compile(
    r"^\s*(?:"
    + char_class(CN_NUMERALS)
    + r"+\s*"
    + char_class(ITEM_DELIMS)
    + "|"
    + char_class(OPEN_PARENS)
    + r"\s*["
    + CN_NUMERALS
    + r"\d]+\s*"
    + char_class(CLOSE_PARENS)
    + r"|\d{1,2}\s*"
    + char_class(ITEM_DELIMS)
    + r"(?!\d))"
)
