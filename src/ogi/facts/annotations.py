"""The fact annotations of `training_data/facts/`: reading them, and moving them to and from
the two annotation tools people use (doccano and Label Studio JSONL).

One record is one sentence: `{"id", "doc", "source", "text", "facts": [{start, end, type,
value, unit, approx, negated, category}], "note"}` (see training_data/facts/README.md).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .values import fact_data, read_value


def load_annotations(data_dir: Path) -> list[dict]:
    """Every annotated sentence of every `*.jsonl` in `data_dir` (or of the one file it
    names), in file order. Subfolders are never read: the frozen test split lies in one
    (`training_data/facts/test/`), and training must not see it."""
    out = []
    files = [Path(data_dir)] if Path(data_dir).is_file() else sorted(Path(data_dir).glob("*.jsonl"))
    for f in files:
        with f.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    try:
                        out.append(json.loads(line))
                    except json.JSONDecodeError as exc:
                        raise ValueError(f"{f}:{n}: not JSON ({exc.msg})") from None
    return out


def data_hash(data_dir: Path) -> str:
    h = hashlib.sha1()
    for f in sorted(Path(data_dir).glob("*.jsonl")):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:12]


def to_doccano(rec: dict) -> dict:
    """doccano's sequence-labelling JSONL: `label` is [[start, end, type], ...]; our value
    attributes ride along under `ogi` so that a round trip loses nothing."""
    return {
        "id": rec["id"],
        "text": rec["text"],
        "label": [[f["start"], f["end"], f["type"]] for f in rec["facts"]],
        "ogi": {"doc": rec.get("doc"), "source": rec.get("source"), "note": rec.get("note", ""), "facts": rec["facts"]},
    }


def to_label_studio(rec: dict) -> dict:
    """A Label Studio task with the facts as a prediction-free annotation of `labels` results."""
    results = [
        {
            "id": f"f{i}",
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {
                "start": f["start"],
                "end": f["end"],
                "text": rec["text"][f["start"] : f["end"]],
                "labels": [f["type"]],
            },
            "meta": {k: f[k] for k in ("value", "unit", "approx", "negated", "category")},
        }
        for i, f in enumerate(rec["facts"])
    ]
    return {
        "data": {"text": rec["text"], "id": rec["id"], "doc": rec.get("doc"), "source": rec.get("source")},
        "annotations": [{"result": results}],
    }


def _fact_from_span(text: str, start: int, end: int, typ: str, extra: dict | None) -> dict:
    """A fact from a bare span: its value read from the text unless the file carried one."""
    if typ not in fact_data()["types"]:
        raise ValueError(f"unknown fact type {typ!r} (known: {', '.join(fact_data()['types'])})")
    if extra:
        return {"start": start, "end": end, "type": typ, **extra}
    r = read_value(text[start:end], fact_data()["types"][typ])
    negated = r.value is None
    return {
        "start": start,
        "end": end,
        "type": typ,
        "value": 0 if negated else r.value,
        "unit": r.unit,
        "approx": r.approx,
        "negated": negated,
        "category": None,
    }


def from_doccano(obj: dict) -> dict:
    text = obj["text"]
    kept = {(f["start"], f["end"], f["type"]): f for f in obj.get("ogi", {}).get("facts", [])}
    facts = []
    for s, e, typ in obj.get("label", []):
        old = kept.get((s, e, typ))
        facts.append(
            _fact_from_span(
                text,
                s,
                e,
                typ,
                {k: old[k] for k in ("value", "unit", "approx", "negated", "category")} if old else None,
            )
        )
    meta = obj.get("ogi", {})
    return {
        "id": obj.get("id"),
        "doc": meta.get("doc") or obj.get("doc"),
        "source": meta.get("source"),
        "text": text,
        "facts": sorted(facts, key=lambda f: f["start"]),
        "note": meta.get("note", ""),
    }


def from_label_studio(obj: dict) -> dict:
    data = obj["data"]
    text = data["text"]
    anns = obj.get("annotations") or obj.get("predictions") or [{"result": []}]
    facts = []
    for r in anns[-1]["result"]:
        v = r["value"]
        for typ in v.get("labels", []):
            facts.append(_fact_from_span(text, v["start"], v["end"], typ, r.get("meta")))
    return {
        "id": data.get("id"),
        "doc": data.get("doc"),
        "source": data.get("source"),
        "text": text,
        "facts": sorted(facts, key=lambda f: f["start"]),
        "note": "",
    }


FORMATS = {"doccano": (to_doccano, from_doccano), "label-studio": (to_label_studio, from_label_studio)}
