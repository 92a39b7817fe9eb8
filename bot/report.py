"""The unanswered-questions report: out-of-scope, fallback and ambiguous turns from the store,
grouped by similarity (shared content words), most frequent first, so the content can grow
where readers ask.

    python -m bot.report [--limit 20]      # uses DATABASE_URL, like the assistant

Needs the remedy store (`bot.store`) and `bot.settings`.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field

from bot import settings, store

STOPWORDS = set(
    "a an the i me my we you your it its is are was were be been am do does did can could should "
    "would will how what which who whom why when where there this that these those to of in on "
    "for with and or but if so at by from about any some get got have has had just really please "
    "im i'm it's whats what's dont don't tell know want need like much many".split()
)


def words(text: str) -> frozenset[str]:
    tokens = re.findall(r"[a-z0-9']+", text.lower())
    return frozenset(t.rstrip("s") if len(t) > 3 else t for t in tokens if t not in STOPWORDS)


def similar(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return a == b
    return len(a & b) / len(a | b) >= 0.5 or (len(a & b) >= 2 and min(len(a), len(b)) <= 3)


@dataclass
class Group:
    key: frozenset[str]
    texts: Counter = field(default_factory=Counter)
    reasons: Counter = field(default_factory=Counter)
    picks: Counter = field(default_factory=Counter)
    last: object = None

    @property
    def count(self) -> int:
        return sum(self.texts.values())


def group(rows: list[store.Unanswered]) -> list[Group]:
    groups: list[Group] = []
    for row in rows:
        key = words(row.text)
        target = next((g for g in groups if similar(g.key, key)), None)
        if target is None:
            target = Group(key)
            groups.append(target)
        target.texts[row.text.strip()] += 1
        target.reasons[row.reason] += 1
        if row.picked_intent:
            target.picks[row.picked_intent] += 1
        target.last = max(filter(None, [target.last, row.asked_at]))
    return sorted(groups, key=lambda g: (-g.count, g.texts.most_common(1)[0][0]))


def render(groups: list[Group], limit: int) -> str:
    total = sum(g.count for g in groups)
    lines = [f"Unanswered questions: {total} in {len(groups)} groups (most frequent first)", ""]
    for n, g in enumerate(groups[:limit], 1):
        example, _ = g.texts.most_common(1)[0]
        reasons = ", ".join(f"{r} {c}" for r, c in g.reasons.most_common())
        if g.picks:
            reasons += "; readers picked " + ", ".join(f"{i} {c}" for i, c in g.picks.most_common())
        lines.append(
            f'{n:3d}. x{g.count:<4d} "{example[:90]}"  [{reasons}; last {g.last:%Y-%m-%d %H:%M}]'
        )
        for text, count in g.texts.most_common(4)[1:]:
            lines.append(f'            also: "{text[:80]}"' + (f" x{count}" if count > 1 else ""))
    if len(groups) > limit:
        lines.append(f"... and {len(groups) - limit} more groups")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=20)
    args = ap.parse_args(argv)
    try:
        with store.session_scope() as session:
            store.ensure_ready(session)
            rows = store.unanswered(session)
    except store.StoreNotReady as error:
        print(error)
        return 1
    if not rows:
        print(
            f"No unanswered questions logged yet in {store.display_url(settings.database_url())}."
        )
        return 0
    print(render(group(rows), args.limit))
    return 0


if __name__ == "__main__":
    sys.exit(main())
