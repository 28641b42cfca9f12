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
    # category -> character offsets of its matches: evidence without copying the words
    evidence: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    screen: str = SCREEN_NAME

    @property
    def categories(self) -> list[str]:
        return list(self.evidence)

    @property
    def spans(self) -> list[tuple[int, int]]:
        return sorted(span for spans in self.evidence.values() for span in spans)


def screen_explicit_phrases(text: str) -> InterimScreen:
    evidence: dict[str, list[tuple[int, int]]] = {}
    for category, patterns in _COMPILED.items():
        spans = sorted(m.span() for pattern in patterns for m in pattern.finditer(text))
        if spans:
            evidence[category] = spans
    return InterimScreen(flagged=bool(evidence), evidence=evidence)
