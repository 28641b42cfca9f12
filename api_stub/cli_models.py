"""``mindpipe train …`` and ``mindpipe eval …``: fit and measure the analysis models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

train_app = typer.Typer(help="Train the models the project ships.")
eval_app = typer.Typer(help="Measure the analysis steps on labelled data.")
console = Console()


@train_app.command("crisis")
def train_crisis(
    data: Annotated[Path, typer.Option(help="CSV with text,label (0/1, severity or T-SID label)")],
    out: Path = Path("pipeline/data/crisis_model.json"),
    test_size: float = 0.4,
    seed: int = 7,
    threshold: float = 0.5,
) -> None:
    """Fit the learned crisis layer on a stratified share of DATA; report the rest."""
    from pipeline.crisis_eval import at_risk, evaluate, read_labelled, stratified_split
    from pipeline.crisis_model import train_model

    rows = read_labelled(data)
    labels = [at_risk(r.label) for r in rows]
    train_idx, test_idx = stratified_split(labels, test_size=test_size, seed=seed)
    with console.status(f"embedding and fitting {len(train_idx)} texts"):
        model = train_model(
            [rows[i].text for i in train_idx],
            [labels[i] for i in train_idx],
            threshold=threshold,
            trained_on=f"{data.name}: stratified {1 - test_size:.0%} split, seed {seed}",
        )
    model.save(out)
    held_out = [rows[i] for i in test_idx]
    if held_out:
        report = evaluate(held_out, lambda t: _learned_only(t, model))  # type: ignore[arg-type,return-value]
        console.print(
            f"held-out {len(held_out)}: precision {report['precision']}, "
            f"recall {report['recall']}, F1 {report['f1']}"
        )
    console.print(f"wrote {out}")


def _learned_only(text: str, model: object) -> object:
    from pipeline.crisis import Assessment

    probability = float(model.probabilities([text])[0])  # type: ignore[attr-defined]
    severity = "moderate" if probability >= model.threshold else "none"  # type: ignore[attr-defined]
    return Assessment(severity=severity, score=round(probability, 3), layer="learned")


@eval_app.command("crisis")
def eval_crisis(
    data: Annotated[Path, typer.Option(help="CSV with text,label (severity name or 0/1)")],
    layer: str = typer.Option("explicit", help="explicit | learned | combined"),
    at_risk_from: str = typer.Option("low", help="the lowest severity counted as at risk"),
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Precision, recall, F1 and the confusion matrix of the crisis screen on DATA."""
    from pipeline.crisis import screen, screen_explicit
    from pipeline.crisis_eval import evaluate, read_labelled
    from pipeline.crisis_model import get_learned_model

    screens = {
        "explicit": screen_explicit,
        "combined": lambda t: screen(t, learned=True),
        "learned": lambda t: _learned_only(t, get_learned_model()),
    }
    if layer not in screens:
        raise typer.BadParameter("layer is explicit, learned or combined")
    report = evaluate(read_labelled(data), screens[layer], at_risk_from=at_risk_from)  # type: ignore[arg-type]
    report["layer"] = layer
    if as_json:
        typer.echo(json.dumps(report, indent=2))
        return
    console.print(
        f"[bold]{layer}[/bold] on {report['rows']} rows (at risk from {at_risk_from}): "
        f"precision {report['precision']}, recall {report['recall']}, F1 {report['f1']}"
    )
    table = Table("actual \\ predicted", *report["labels"])
    for actual in report["labels"]:
        row = report["confusion"].get(actual, {})
        table.add_row(actual, *(str(row.get(p, 0)) for p in report["labels"]))
    console.print(table)
