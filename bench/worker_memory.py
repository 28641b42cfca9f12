"""Peak memory of one worker process: the task modules with VADER (what every worker
loads), then with the learned crisis layer (torch, MiniLM and the classifier) as the
crisis worker loads it when ``MINDPIPE_CRISIS_LEARNED_LAYER`` is on.

    .venv/bin/python bench/worker_memory.py

Writes bench/results/worker_memory.json. Peak resident set size from getrusage.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


def peak_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main() -> None:
    started = time.perf_counter()
    import tasks.app  # noqa: F401  (the worker's task modules)
    from pipeline.sentiment import get_sentiment_analyzer

    get_sentiment_analyzer()
    base = peak_mib()
    base_seconds = time.perf_counter() - started
    from pipeline.crisis_model import get_learned_model

    started = time.perf_counter()
    get_learned_model().probabilities(["warm-up"])
    learned_seconds = time.perf_counter() - started
    learned = peak_mib()
    result = {
        "benchmark": "worker_memory",
        "command": "python bench/worker_memory.py",
        "peak_rss_mib": {"tasks_and_vader": base, "with_learned_crisis_layer": learned},
        "load_seconds": {
            "tasks_and_vader": round(base_seconds, 2),
            "learned_layer": round(learned_seconds, 2),
        },
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    print(json.dumps(result, indent=2))
    out = ROOT / "bench" / "results" / "worker_memory.json"
    out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
