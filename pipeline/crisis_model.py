"""The learned crisis layer: logistic regression over sentence embeddings (MiniLM).

The model is small enough to ship as JSON (one weight per embedding dimension, an
intercept and a decision threshold), so loading it runs no pickled code. ``mindpipe train
crisis`` writes it; ``pipeline/data/crisis_model.json`` is the shipped one (its ``trained_on``
field says from what)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.embeddings import Embedder, get_embedder

SHIPPED_MODEL = Path(__file__).resolve().parent / "data" / "crisis_model.json"


@dataclass(frozen=True)
class LearnedCrisisModel:
    weights: np.ndarray
    intercept: float
    threshold: float
    metadata: dict[str, Any]

    def probabilities(
        self, texts: Sequence[str], *, embedder: Embedder | None = None
    ) -> np.ndarray:
        vectors = (embedder or get_embedder()).embed(texts)
        return 1.0 / (1.0 + np.exp(-(vectors @ self.weights + self.intercept)))

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        body = {
            "kind": "logistic-regression-over-embeddings",
            "weights": [round(float(w), 7) for w in self.weights],
            "intercept": float(self.intercept),
            "threshold": self.threshold,
            **self.metadata,
        }
        path.write_text(json.dumps(body, indent=1) + "\n")


def load_model(path: Path = SHIPPED_MODEL) -> LearnedCrisisModel:
    body = json.loads(path.read_text())
    metadata = {k: v for k, v in body.items() if k not in ("weights", "intercept", "threshold")}
    return LearnedCrisisModel(
        weights=np.asarray(body["weights"], dtype=np.float32),
        intercept=float(body["intercept"]),
        threshold=float(body["threshold"]),
        metadata=metadata,
    )


@lru_cache(maxsize=1)
def get_learned_model() -> LearnedCrisisModel:
    """Loaded once per process, with the embedder it needs."""
    return load_model()


def train_model(
    texts: Sequence[str],
    labels: Sequence[bool],
    *,
    threshold: float = 0.5,
    regularisation: float = 4.0,
    trained_on: str = "",
    embedder: Embedder | None = None,
) -> LearnedCrisisModel:
    """Fit balanced logistic regression on the texts' embeddings."""
    from sklearn.linear_model import LogisticRegression

    embedder = embedder or get_embedder()
    classifier = LogisticRegression(C=regularisation, class_weight="balanced", max_iter=5000)
    classifier.fit(embedder.embed(texts), np.asarray(labels, dtype=bool))
    return LearnedCrisisModel(
        weights=classifier.coef_[0].astype(np.float32),
        intercept=float(classifier.intercept_[0]),
        threshold=threshold,
        metadata={
            "embedding": embedder.engine,
            "trained_on": trained_on,
            "examples": len(texts),
            "positives": int(sum(bool(label) for label in labels)),
            "regularisation_C": regularisation,
        },
    )
