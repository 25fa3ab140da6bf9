"""Text normalization applied by every reader before offsets are taken.

Offsets index the normalized text, so what `ogi text` prints is what every span points at.
Only changes a reader of the report would not notice are made: full-width digits and Latin
letters become ASCII one for one, odd spaces become plain ones, converter marks such as
`[bookmark: _GoBack]` and zero-width characters are dropped.
"""

from __future__ import annotations

import re

# One-for-one folds: full-width digits, Latin letters, % . , - and the ideographic space.
_FOLD = {chr(0xFF10 + i): str(i) for i in range(10)}
_FOLD.update({chr(0xFF21 + i): chr(0x41 + i) for i in range(26)})
_FOLD.update({chr(0xFF41 + i): chr(0x61 + i) for i in range(26)})
_FOLD.update(
    {
        "\uff05": "%",
        "\uff0e": ".",
        "\u00a0": " ",
        "\u3000": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\x0b": "\n",
        "\x0c": "\n",
    }
)
_FOLD_TABLE = str.maketrans(_FOLD)
# the runs of characters to fold, found in C: most reports hold few or none, and translating
# the whole text looks up every character in the table
_TO_FOLD = re.compile("[" + re.escape("".join(_FOLD)) + "]+")

_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"  # zero-width and soft hyphen
_DROP = re.compile(
    r"\[bookmark:[^\]]*\]"  # docx-to-text converters
    r"|\[_?GoBack\]"
    r"|[" + _INVISIBLE + "]"
)


# A character that starts anything normalize_text changes (a converter's mark starts with
# `[`): most texts and pieces (a table cell, a line) hold none, and one scan for a character
# class answers for them instead of four passes.
_MAY_CHANGE = re.compile("[" + re.escape("\r[" + _INVISIBLE + "".join(_FOLD)) + "]")


def normalize_text(text: str) -> str:
    """Normalize one piece of extracted text (see the module doc)."""
    if not _MAY_CHANGE.search(text):
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _DROP.sub("", text)
    return _TO_FOLD.sub(lambda m: m.group().translate(_FOLD_TABLE), text)
