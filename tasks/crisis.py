"""Crisis lane tasks: screening runs first, on its own queue and worker."""

from __future__ import annotations

from pipeline.text_stages import screen_for_crisis
from tasks.stage import stage_task

screen = stage_task(
    name="tasks.crisis.screen", stage="crisis_screen", soft_time_limit=20, time_limit=30
)(screen_for_crisis)
