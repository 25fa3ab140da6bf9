"""The layout zoo: the format's tables printed in every layout ogi meets (render.py), from
golden and random tables (model.py), and how a reading of them scores (`score`)."""

from __future__ import annotations

from dataclasses import dataclass, field

# An expected value for a cell the print cannot tell (a blank cell in run-together digits
# leaves no trace): any reading of it is consistent with the document, so it is not scored.
UNTOLD = object()


@dataclass
class Score:
    right: int = 0  # a stated cell read with its value
    null: int = 0  # a stated cell left null, and flagged
    silent: int = 0  # a stated cell left null without a flag
    wrong: list[tuple[str, object, object]] = field(default_factory=list)  # (cell, want, got)

    def add(self, other: Score) -> None:
        self.right += other.right
        self.null += other.null
        self.silent += other.silent
        self.wrong += other.wrong

    @property
    def stated(self) -> int:
        return self.right + self.null + self.silent


def score(cells: dict, flags: list, expected: dict) -> Score:
    """Every cell either right, or null (flagged where the document states it); never wrong."""
    flagged = {e.get("cell") for f in flags for e in f.evidence}
    missing_tables = {e.get("table") for f in flags if f.rule == "table.missing" for e in f.evidence}
    s = Score()
    for key, want in expected.items():
        if want is UNTOLD:
            continue
        got = cells.get(key)
        if want is None:
            if got is not None:
                s.wrong.append((key, want, got))
        elif got is None:
            if key in flagged or key.split(".")[0] in missing_tables:
                s.null += 1
            else:
                s.silent += 1
        elif got == want:
            s.right += 1
        else:
            s.wrong.append((key, want, got))
    return s
