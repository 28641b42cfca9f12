import pytest

from pipeline.crisis_interim import SCREEN_NAME, screen_explicit_phrases
from pipeline.sentiment import get_sentiment_analyzer, label_for


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I want to kill myself tonight", "suicidal_ideation"),
        ("Sometimes I think everyone would be better off dead without me", "suicidal_ideation"),
        ("I've been cutting myself again", "self_harm"),
        ("I have no reason to live anymore", "suicidal_ideation"),
        ("This is goodbye, thank you for everything", "goodbye"),
    ],
)
def test_given_explicit_crisis_language_when_screened_then_it_is_flagged(
    text: str, category: str
) -> None:
    screen = screen_explicit_phrases(text)
    assert screen.flagged
    assert category in screen.categories
    assert screen.screen == SCREEN_NAME
    start, end = screen.spans[0]
    assert 0 <= start < end <= len(text)


@pytest.mark.parametrize(
    "text",
    [
        "Had a lovely walk with my dog",
        "Work was stressful but I managed",
        "I slept badly and feel tired",
    ],
)
def test_given_ordinary_text_when_screened_then_nothing_is_flagged(text: str) -> None:
    assert not screen_explicit_phrases(text).flagged


def test_given_texts_when_scored_with_vader_then_labels_follow_the_compound_score() -> None:
    analyzer = get_sentiment_analyzer()
    happy = analyzer.score("I feel wonderful and grateful today!")
    sad = analyzer.score("I feel awful, hopeless and alone.")
    assert happy.label == "positive" and happy.compound > 0.5
    assert sad.label == "negative" and sad.compound < -0.5
    assert happy.engine == "vader"
    assert label_for(0.0) == "neutral"


def test_given_many_calls_when_getting_the_analyzer_then_it_is_built_once() -> None:
    assert get_sentiment_analyzer() is get_sentiment_analyzer()
