"""Flags: what does not add up or is missing, with the evidence a person can check."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Flag:
    rule: str
    severity: str  # error | warning | info
    message: str
    message_en: str
    evidence: list[dict] = field(default_factory=list)

    @classmethod
    def make(cls, rule: str, severity: str, message: str, message_en: str, evidence: list[dict] | None = None) -> Flag:
        return cls(rule, severity, message, message_en, evidence or [])

    def to_json(self) -> dict:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "message_en": self.message_en,
            "evidence": self.evidence,
        }


def cell_evidence(key: str, value, span: tuple[int, int] | None) -> dict:
    return {"cell": key, "value": value, "span": list(span) if span else None}
