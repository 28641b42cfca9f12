"""The crisis screen on T-SID: explicit layer, learned layer and both, on the held-out split.

T-SID (MentalLLaMA's test split of short social-media posts) labels each post
``suicide or self-harm tendency`` (at risk) or one of depression / ptsd / no mental
disorders (not at risk). The shipped learned model was fitted by
``mindpipe train crisis --data t-sid_labels.csv`` on a stratified 60 % (seed 7); this
scores the other 40 %, which the model never saw.

    .venv/bin/python bench/crisis_tsid.py --data ../shared/data/mentalllama/t-sid_labels.csv

Writes bench/results/crisis_tsid.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

from pipeline.crisis import Assessment, screen, screen_explicit  # noqa: E402
from pipeline.crisis_eval import at_risk, evaluate, read_labelled, stratified_split  # noqa: E402
from pipeline.crisis_model import get_learned_model  # noqa: E402


def learned_only(text: str) -> Assessment:
    model = get_learned_model()
    probability = float(model.probabilities([text])[0])
    severity = "moderate" if probability >= model.threshold else "none"
    return Assessment(severity=severity, score=probability, layer="learned")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--test-size", type=float, default=0.4)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "crisis_tsid.json"))
    args = parser.parse_args()
    rows = read_labelled(args.data)
    _, test_idx = stratified_split(
        [at_risk(r.label) for r in rows], test_size=args.test_size, seed=args.seed
    )
    held_out = [rows[i] for i in test_idx]
    layers = {
        "explicit": screen_explicit,
        "learned": learned_only,
        "combined": lambda t: screen(t, learned=True),
    }
    results = {}
    for name, function in layers.items():
        started = time.perf_counter()
        report = evaluate(held_out, function)
        report["ms_per_text"] = round(1000 * (time.perf_counter() - started) / len(held_out), 2)
        results[name] = report
        print(
            f"{name:9} precision {report['precision']:.3f}  recall {report['recall']:.3f}  "
            f"F1 {report['f1']:.3f}  {report['counts']}  {report['ms_per_text']} ms/text"
        )
    out = {
        "benchmark": "crisis_tsid",
        "command": "python bench/crisis_tsid.py " + " ".join(sys.argv[1:]),
        "held_out_rows": len(held_out),
        "held_out_at_risk": sum(at_risk(r.label) for r in held_out),
        "split": f"stratified, test share {args.test_size}, seed {args.seed}",
        "model": get_learned_model().metadata,
        "layers": results,
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    Path(args.out).write_text(json.dumps(out, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
