"""The embedding model and the learned crisis layer: shipped, offline, loaded once."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from api_stub.cli import app as cli
from pipeline.crisis import screen
from pipeline.crisis_model import SHIPPED_MODEL, get_learned_model, load_model
from pipeline.embeddings import get_embedder


def test_given_the_shipped_package_when_embedding_then_vectors_are_unit_length_and_meaningful() -> (
    None
):
    embedder = get_embedder()
    vectors = embedder.embed(["I want to die", "I wish my life would end", "I baked bread today"])
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2
    assert get_embedder() is embedder  # loaded once per process
    assert os.environ.get("HF_HUB_OFFLINE") == "1"


def test_given_the_shipped_model_when_loaded_then_it_says_what_it_was_trained_on() -> None:
    model = load_model(SHIPPED_MODEL)
    assert model.weights.shape == (384,)
    assert 0 < model.threshold < 1
    assert "t-sid" in model.metadata["trained_on"].lower()
    assert get_learned_model() is get_learned_model()


def test_given_a_paraphrase_without_the_phrases_when_the_learned_layer_is_on_then_it_alerts() -> (
    None
):
    text = "honestly i dont see myself being around much longer, i am so tired of fighting"
    assert screen(text, learned=False).severity == "none"  # no phrase the explicit layer knows
    paraphrase = screen(text, learned=True)
    assert (paraphrase.layer, paraphrase.severity) == ("learned", "moderate")
    assert paraphrase.score >= get_learned_model().threshold
    assert [e.category for e in paraphrase.evidence] == ["learned"]
    ordinary = screen(
        "Baked sourdough with my sister and watched a movie, lovely evening", learned=True
    )
    assert ordinary.severity == "none"


def test_given_labelled_csv_when_evaluated_then_metrics_and_matrix_are_reported(
    tmp_path: Path,
) -> None:
    data = tmp_path / "cases.csv"
    rows = [
        ("I keep thinking about killing myself", "moderate"),
        ("I cut myself again last night", "high"),
        ("this exam is killing me", "none"),
        ("I would never hurt myself", "none"),
    ]
    with open(data, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label"])
        writer.writerows(rows)
    result = CliRunner().invoke(cli, ["eval", "crisis", "--data", str(data), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["counts"] == {"tp": 2, "fp": 0, "fn": 0, "tn": 2}
    assert report["precision"] == report["recall"] == 1.0
    assert report["confusion"]["high"]["high"] == 1
    table = CliRunner().invoke(cli, ["eval", "crisis", "--data", str(data)])
    assert "precision 1.0" in table.output and "actual" in table.output


def test_given_a_small_binary_csv_when_training_then_a_loadable_model_is_written(
    tmp_path: Path,
) -> None:
    data = tmp_path / "train.csv"
    risky = ["I want to die", "I am going to kill myself", "I want to end my life", "I cut myself"]
    calm = [
        "Lovely walk in the park",
        "Work was fine today",
        "Made pasta for dinner",
        "Called my mum",
    ]
    with open(data, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label"])
        writer.writerows([(t, "1") for t in risky] + [(t, "0") for t in calm])
    out = tmp_path / "model.json"
    result = CliRunner().invoke(
        cli, ["train", "crisis", "--data", str(data), "--out", str(out), "--test-size", "0.5"]
    )
    assert result.exit_code == 0, result.output
    model = load_model(out)
    probabilities = model.probabilities(["I want to kill myself", "Nice dinner with friends"])
    assert probabilities[0] > probabilities[1]
    assert model.metadata["examples"] == 4 and model.metadata["positives"] == 2
