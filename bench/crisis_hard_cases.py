"""The crisis screen on the team's held-out hard-case suite (tests/data/crisis_hard_cases.csv)
and on the development set its explicit patterns were tuned on (crisis_dev_cases.csv):
high and imminent cases caught at moderate or above (the alert level), and false alarms on
the hard negatives (idioms, negations, quotes and lyrics, clinical discussion, past
recovery, concern for someone else, everyday sadness), per layer.

    .venv/bin/python bench/crisis_hard_cases.py

Writes bench/results/crisis_hard_cases.json.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

from pipeline.crisis import RANK, screen, screen_explicit  # noqa: E402

SUITES = {
    # held out: never tuned on
    "hard_cases": ROOT / "tests" / "data" / "crisis_hard_cases.csv",
    # development: the explicit layer's patterns were tuned on this one
    "dev_cases": ROOT / "tests" / "data" / "crisis_dev_cases.csv",
}


def main() -> None:
    report = {}
    for suite, path in SUITES.items():
        with open(path, newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        print(f"{suite} ({len(rows)} rows)")
        report[suite] = {"rows": len(rows), "layers": measure(rows)}
    out = ROOT / "bench" / "results" / "crisis_hard_cases.json"
    out.write_text(
        json.dumps(
            {
                "benchmark": "crisis_hard_cases",
                "command": "python bench/crisis_hard_cases.py",
                "suites": report,
                "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            },
            indent=2,
        )
        + "\n"
    )
    print(f"wrote {out}")


def measure(rows: list[dict[str, str]]) -> dict[str, object]:
    layers = {"explicit": screen_explicit, "combined": lambda t: screen(t, learned=True)}
    results = {}
    for name, function in layers.items():
        severe = [r for r in rows if r["severity"] in ("high", "imminent")]
        negatives = [r for r in rows if r["severity"] == "none"]
        caught = sum(RANK[function(r["text"]).severity] >= RANK["moderate"] for r in severe)
        alarms = Counter(
            r["category"]
            for r in negatives
            if RANK[function(r["text"]).severity] >= RANK["moderate"]
        )
        by_category = {
            category: Counter(
                function(r["text"]).severity for r in rows if r["category"] == category
            )
            for category in sorted({r["category"] for r in rows})
        }
        results[name] = {
            "high_imminent_caught": caught,
            "high_imminent_total": len(severe),
            "recall_high_imminent": round(caught / len(severe), 3),
            "false_alarms": sum(alarms.values()),
            "hard_negatives": len(negatives),
            "false_alarm_rate": round(sum(alarms.values()) / len(negatives), 3),
            "false_alarms_by_category": dict(alarms),
            "severity_by_category": {k: dict(v) for k, v in by_category.items()},
        }
        print(
            f"{name:9} high/imminent caught {caught}/{len(severe)}; "
            f"false alarms {sum(alarms.values())}/{len(negatives)} "
            f"({100 * sum(alarms.values()) / len(negatives):.1f} %)"
        )
    return results


if __name__ == "__main__":
    main()
