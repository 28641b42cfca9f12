"""Sentiment scoring. VADER is the embedded default; its lexicon ships in its wheel."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any, Protocol

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

# VADER's documented thresholds for the compound score
POSITIVE_AT = 0.05
NEGATIVE_AT = -0.05


@dataclass(frozen=True)
class SentimentScore:
    compound: float  # −1..1
    label: str  # positive | neutral | negative
    engine: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class SentimentAnalyzer(Protocol):
    engine: str

    def score(self, text: str) -> SentimentScore: ...


def label_for(compound: float) -> str:
    if compound >= POSITIVE_AT:
        return "positive"
    if compound <= NEGATIVE_AT:
        return "negative"
    return "neutral"


class VaderAnalyzer:
    engine = "vader"

    def __init__(self) -> None:
        self._analyzer = SentimentIntensityAnalyzer()

    def score(self, text: str) -> SentimentScore:
        compound = float(self._analyzer.polarity_scores(text)["compound"])
        return SentimentScore(
            compound=round(compound, 4), label=label_for(compound), engine=self.engine
        )


@lru_cache(maxsize=1)
def get_sentiment_analyzer() -> SentimentAnalyzer:
    """Loaded once per process: building VADER's lexicon costs ~100 ms."""
    return VaderAnalyzer()
