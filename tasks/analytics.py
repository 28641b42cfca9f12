"""Analytics lane: sentiment (emotion, themes and patterns join later)."""

from __future__ import annotations

from pipeline.text_stages import analyse_sentiment
from tasks.stage import stage_task

score_sentiment = stage_task(
    name="tasks.analytics.score_sentiment", stage="sentiment", soft_time_limit=60, time_limit=90
)(analyse_sentiment)
