"""A narrative sentence as converters and typists print it: spaces around its numbers (`2024 年`,
`申请 3 件`), spaces inside a justified line (`政 府 信 息`), numbers in bold as Markdown marks
it (`**25**`). Each variant keeps every character of the sentence in order, so that its facts
are the same facts."""

from __future__ import annotations

import random
import re
from collections.abc import Callable

_WIDE = re.compile(r"[\u3001-\u303f\u4e00-\u9fff\uff01-\uffef]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def spaced_numbers(text: str, rng: random.Random) -> str:
    """A space on either side of each number (`12%`, `1.5`, `3,000` stay whole)."""

    def spaced(m: re.Match) -> str:
        after = text[m.end() : m.end() + 1]
        return f" {m.group()}" + ("" if after in ("%", "") else " ")

    return _NUMBER.sub(spaced, text)


def justified(text: str, rng: random.Random, share: float = 0.15) -> str:
    """Spaces after some Chinese characters, as a justified PDF line gives them."""
    return "".join(c + (" " if _WIDE.match(c) and rng.random() < share else "") for c in text)


def bold_numbers(text: str, rng: random.Random, share: float = 0.3) -> str:
    """Some numbers in Markdown bold."""
    return _NUMBER.sub(lambda m: f"**{m.group()}**" if rng.random() < share else m.group(), text)


def converted(text: str, rng: random.Random) -> str:
    """All three at once."""
    return justified(spaced_numbers(bold_numbers(text, rng), rng), rng)


VARIANTS: dict[str, Callable[[str, random.Random], str]] = {
    "numbers spaced": spaced_numbers,
    "justified": justified,
    "numbers bold": bold_numbers,
    "all three": converted,
}
