"""Five weeks of readers' questions for the editor's report tests: answers given per topic,
ratings, unanswered questions (with "did you mean" picks), warning-sign counts, and one row of
each kind older than the retention period."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.store.models import Answered, Rating, Triage, Unanswered

NOW = datetime(2026, 11, 29, 12, 0)

# (topic, section, questions asked per week, oldest week first)
ANSWERED = [
    ("stretches", "stretches", [4, 6, 5, 8, 9], "which stretches help my upper back?"),
    ("how_to_foam_roll", "how-to-foam-roll", [3, 4, 6, 5, 7], "how do I foam roll my upper back"),
    ("posture", "posture", [2, 2, 3, 4, 3], "what posture should I run with"),
    ("equipment", "equipment", [1, 2, 1, 3, 2], "what gear helps"),
    ("running_technique", "running-technique", [1, 1, 2, 2, 3], "should I change my arm swing"),
    ("frequency", "stretches", [0, 1, 1, 2, 2], "how often should I stretch"),
    ("professional", "conclusion", [0, 1, 0, 1, 1], "should I see a physio"),
    ("common", "introduction", [1, 0, 0, 1, 0], "is this common in runners"),
]
# (topic, helpful, unhelpful, an unhelpful question)
RATINGS = [
    ("stretches", 9, 2, "which stretch for between the shoulder blades"),
    ("how_to_foam_roll", 6, 3, "how long do I roll each spot"),
    ("posture", 3, 3, "how do I stop hunching at the end of a long run"),
    ("equipment", 2, 1, "is a massage gun better than a roller"),
]
UNANSWERED = [
    ("how do I treat shin splints", "out_of_scope", None),
    ("how to treat shin splints?", "out_of_scope", None),
    ("shin splints treatment", "out_of_scope", None),
    ("should I use ice or heat on my upper back", "not_covered", None),
    ("ice or heat for upper back pain?", "not_covered", None),
    ("what is a good 10k pace", "out_of_scope", None),
    ("rolling or stretching?", "ambiguous", "ask_stretches"),
    ("roll or stretch first", "ambiguous", "ask_stretches"),
    ("back or neck exercises?", "ambiguous", "ask_strengthening"),
    ("which one for the mornings", "ambiguous", None),
]
TRIAGE = ["chest pain", "chest pain", "breathlessness", "pain after a fall or accident"]


def seed(session: Session, now: datetime = NOW) -> dict[str, int]:
    """Add the rows; returns how many of each are within the retention period."""
    n = 0

    def at(week: int, i: int) -> datetime:
        return now - timedelta(days=7 * (4 - week) + (i % 6), hours=i % 5)

    def ref() -> str:
        nonlocal n
        n += 1
        return f"seed{n:05d}"

    for topic, section, weeks, question in ANSWERED:
        for week, count in enumerate(weeks):
            for i in range(count):
                when = min(at(week, i), now)
                session.add(Answered(ref=ref(), question=question, topic=topic, section=section,
                                     asked_at=when))  # fmt: skip
    for topic, helpful, unhelpful, question in RATINGS:
        for i in range(helpful + unhelpful):
            good = i < helpful
            session.add(
                Rating(
                    ref=ref(),
                    question=f"about {topic.replace('_', ' ')}" if good else question,
                    topic=topic,
                    section=topic,
                    helpful=good,
                    rated_at=now - timedelta(days=i % 20),
                )
            )
    for i, (text, reason, pick) in enumerate(UNANSWERED):
        session.add(
            Unanswered(
                ref=ref(),
                text=text,
                reason=reason,
                intent="out_of_scope",
                confidence=0.5,
                picked_intent=pick,
                asked_at=now - timedelta(days=i * 3),
            )
        )
    for i, sign in enumerate(TRIAGE):
        session.add(Triage(sign=sign, at=now - timedelta(days=i * 5)))
    old = now - timedelta(days=120)
    session.add(Answered(ref=ref(), question="an old question", topic="posture", asked_at=old))
    session.add(Rating(ref=ref(), question="an old rating", topic="posture", helpful=False,
                       rated_at=old))  # fmt: skip
    session.add(Unanswered(ref=ref(), text="an old unanswered one", reason="out_of_scope",
                           asked_at=old))  # fmt: skip
    session.add(Triage(sign="fever", at=old))
    session.flush()
    return {
        "answered": sum(sum(w) for _, _, w, _ in ANSWERED),
        "rated": sum(h + u for _, h, u, _ in RATINGS),
        "helpful": sum(h for _, h, _, _ in RATINGS),
        "unanswered": len(UNANSWERED),
        "triage": len(TRIAGE),
    }
