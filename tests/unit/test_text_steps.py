import pytest

from pipeline.crisis import screen
from pipeline.sentiment import get_sentiment_analyzer, label_for


@pytest.mark.parametrize(
    ("text", "severity", "category"),
    [
        ("I wish I could just not wake up tomorrow", "low", "passive_ideation"),
        ("I keep thinking about killing myself", "moderate", "active_ideation"),
        ("I looked up how many pills it would take to kill myself", "high", "method"),
        ("I cut myself again last night", "high", "self_harm"),
        ("I'm going to kill myself tonight", "imminent", "now"),
        ("This is my last entry. Goodbye everyone.", "imminent", "goodbye"),
    ],
)
def test_given_crisis_language_when_screened_then_severity_and_evidence_follow(
    text: str, severity: str, category: str
) -> None:
    assessment = screen(text)
    assert assessment.severity == severity
    assert category in {e.category for e in assessment.evidence}
    assert assessment.layer == "explicit"
    for evidence in assessment.evidence:
        assert 0 <= evidence.start < evidence.end <= len(text)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("I would never hurt myself, I just needed to vent", "negation"),
        ("This exam is killing me", None),
        ("if he sends one more meeting invite I'll kill myself lol", "idiom"),
        ('My favourite song goes "I want to end it all tonight"', "quotation"),
        ("We discussed suicide prevention and warning signs in class", "discussion"),
        ("Two years ago I wanted to die, but today I feel stronger", "recovery"),
    ],
)
def test_given_hard_negatives_when_screened_then_no_risk_and_the_reason_is_kept(
    text: str, reason: str | None
) -> None:
    assessment = screen(text)
    assert assessment.severity == "none"
    if reason:
        assert reason in assessment.set_aside


def test_given_concern_for_a_friend_when_screened_then_it_is_its_own_category() -> None:
    assessment = screen("My friend told me she wants to kill herself and I don't know what to do")
    assert assessment.severity == "none"
    assert assessment.third_person is True


def test_given_an_assessment_when_serialised_then_it_holds_no_words() -> None:
    text = "I keep thinking about killing myself"
    data = screen(text).as_dict()
    assert "killing" not in repr(data)
    assert data["severity"] == "moderate" and data["evidence"]


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
