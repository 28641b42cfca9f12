"""The interim crisis screen: a plain explicit-phrase check.

It is deliberately simple and says so in every stage record it produces; the layered
screen (negation, idiom, learned layer, severity) replaces it. It errs towards flagging.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SCREEN_NAME = "interim explicit-phrase check"

_PHRASES: dict[str, tuple[str, ...]] = {
    "suicidal_ideation": (
        r"\bkill(?:ing)? myself\b",
        r"\bend(?:ing)? (?:my|it all|my own) li(?:fe|ves)\b",
        r"\bend it all\b",
        r"\btake my (?:own )?life\b",
        r"\bsuicid(?:e|al)\b",
        r"\b(?:want|wanted|wish) to die\b",
        r"\bbetter off dead\b",
        r"\bno reason to (?:live|go on)\b",
        r"\bdon'?t want to (?:be alive|live|wake up)\b",
    ),
    "self_harm": (
        r"\b(?:cut|cutting|hurt|hurting|harm|harming) myself\b",
        r"\bself[- ]harm\b",
        r"\boverdos(?:e|ing)\b",
    ),
    "goodbye": (r"\bthis is (?:my )?goodbye\b", r"\bgoodbye forever\b"),
}
_COMPILED = {
    category: [re.compile(p, re.IGNORECASE) for p in patterns]
    for category, patterns in _PHRASES.items()
}


@dataclass(frozen=True)
class InterimScreen:
    flagged: bool
    categories: list[str] = field(default_factory=list)
    # character offsets of matches: evidence without copying the words
    spans: list[tuple[int, int]] = field(default_factory=list)
    screen: str = SCREEN_NAME


def screen_explicit_phrases(text: str) -> InterimScreen:
    categories: list[str] = []
    spans: list[tuple[int, int]] = []
    for category, patterns in _COMPILED.items():
        for pattern in patterns:
            for match in pattern.finditer(text):
                spans.append(match.span())
                if category not in categories:
                    categories.append(category)
    return InterimScreen(flagged=bool(spans), categories=categories, spans=sorted(spans))
