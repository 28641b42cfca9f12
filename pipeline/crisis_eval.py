"""Evaluating the crisis screen on labelled CSV files (``text,label``), for the CLI and bench.

A label is a severity name, a 0/1 at-risk flag, or a T-SID label (``suicide or self-harm
tendency`` is at risk). With severity labels the confusion matrix is over severities;
otherwise it is at-risk against not."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.crisis import RANK, SEVERITIES, Assessment

AT_RISK_WORDS = ("1", "true", "yes", "at_risk", "at-risk", "suicide or self-harm tendency")


@dataclass(frozen=True)
class Labelled:
    text: str
    label: str


def read_labelled(path: Path) -> list[Labelled]:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if not rows or "text" not in rows[0]:
        raise ValueError(f"{path} needs a header with 'text' and 'label' (or 'severity')")
    column = "label" if "label" in rows[0] else "severity"
    return [Labelled(r["text"], (r[column] or "").strip().lower()) for r in rows]


def is_severity(label: str) -> bool:
    return label in SEVERITIES


def at_risk(label: str, *, from_severity: str = "low") -> bool:
    if is_severity(label):
        return RANK[label] >= RANK[from_severity]
    return label in AT_RISK_WORDS


def evaluate(
    rows: Sequence[Labelled],
    screen: Callable[[str], Assessment],
    *,
    at_risk_from: str = "low",
) -> dict[str, Any]:
    """Precision, recall and F1 for at-risk, and the confusion matrix."""
    severity_labels = all(is_severity(r.label) for r in rows)
    tp = fp = fn = tn = 0
    matrix: dict[str, dict[str, int]] = {}
    for row in rows:
        assessment = screen(row.text)
        truth = at_risk(row.label, from_severity=at_risk_from)
        predicted = RANK[assessment.severity] >= RANK[at_risk_from]
        tp += truth and predicted
        fp += predicted and not truth
        fn += truth and not predicted
        tn += not truth and not predicted
        actual_key = row.label if severity_labels else ("at_risk" if truth else "not")
        predicted_key = (
            assessment.severity if severity_labels else ("at_risk" if predicted else "not")
        )
        matrix.setdefault(actual_key, {}).setdefault(predicted_key, 0)
        matrix[actual_key][predicted_key] += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "rows": len(rows),
        "at_risk_from": at_risk_from,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "counts": {"tp": tp, "fp": fp, "fn": fn, "tn": tn},
        "confusion": matrix,
        "labels": list(SEVERITIES) if severity_labels else ["at_risk", "not"],
    }


def stratified_split(
    labels: Sequence[bool], *, test_size: float, seed: int
) -> tuple[list[int], list[int]]:
    """Row indices for training and testing, with the same share of positives on both sides."""
    import random

    rng = random.Random(seed)
    train: list[int] = []
    test: list[int] = []
    for value in (True, False):
        indices = [i for i, label in enumerate(labels) if label == value]
        rng.shuffle(indices)
        cut = round(len(indices) * test_size)
        test += indices[:cut]
        train += indices[cut:]
    return sorted(train), sorted(test)
