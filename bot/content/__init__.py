"""The article as structured content: sections parsed from `article.txt` plus `remedies.yml`
(topics and where each leads, remedies, exercise kinds, exercises, equipment, aliases), each
answer tied to the section and passage of the article it comes from. The store is loaded from
this (`bot.store.loading`); nothing else reads these files.

`load_content(directory)` reads a content folder (by default this one) and fails loudly, with
every problem listed, when names point nowhere: a next topic, method, section, exercise kind
or listed item that does not exist, a topic without an intent, two topics with one intent.
`Content.problems()` adds the drift check: every passage must still be in its section of the
article, and every answer must have been reviewed with its passage (a fingerprint).

    python -m bot.content --check [--dir DIR]     # structure, drift, intents in domain.yml
    python -m bot.content --refingerprint          # answers and passages reviewed together

Needs only PyYAML.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

CONTENT_DIR = Path(__file__).resolve().parent
ARTICLE_FILE = "article.txt"
REMEDIES_FILE = "remedies.yml"
ARTICLE_PATH = CONTENT_DIR / ARTICLE_FILE
REMEDIES_PATH = CONTENT_DIR / REMEDIES_FILE
DOMAIN_PATH = CONTENT_DIR.parent.parent / "domain.yml"

LIST_KINDS = {"remedy": "remedies", "exercise": "exercises", "equipment": "equipment"}
NARROWING = ("exercise", "equipment")
_INTENT = re.compile(r"^[a-z][a-z0-9_]*$")


class ContentError(ValueError):
    """The content's names do not fit together; `problems` lists every one."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("content errors:\n  " + "\n  ".join(problems))
        self.problems = problems


def normalize(text: str) -> str:
    """Whitespace and typographic quotes folded, so a passage matches however it is wrapped."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip()


def fingerprint(answer: str, passage: str) -> str:
    """Ties an answer to the passage it was written from: a change to either changes this."""
    digest = hashlib.sha256((normalize(answer) + "\n" + normalize(passage)).encode()).hexdigest()
    return digest[:12]


@dataclass(frozen=True)
class Section:
    slug: str
    heading: str
    title: str
    position: int
    body: str


def parse_sections(article_text: str, declared: list[dict]) -> list[Section]:
    """Split the article at the declared headings, in order; each heading must be a line."""
    lines = [line.rstrip() for line in article_text.splitlines()]
    starts = []
    for item in declared:
        try:
            starts.append(lines.index(item["heading"]))
        except ValueError:
            raise ValueError(f"heading not found in the article: {item['heading']!r}") from None
    if starts != sorted(starts):
        raise ValueError("section headings are declared out of article order")
    sections = []
    for pos, item in enumerate(declared):
        end = starts[pos + 1] if pos + 1 < len(starts) else len(lines)
        body = "\n".join(line for line in lines[starts[pos] + 1 : end] if line.strip())
        sections.append(
            Section(item["slug"], item["heading"], item.get("title", item["heading"]), pos, body)
        )
    return sections


# The fields of each part of remedies.yml: (required, optional); None: any others allowed
# (the document may hold parts other modules read).
_FIELDS = {
    "document": (
        {
            "sections",
            "topics",
            "remedies",
            "exercise_kinds",
            "exercises",
            "equipment",
            "body_parts",
            "starters",
        },
        None,
    ),
    "topic": (
        {"intent", "question", "section", "next", "answer", "passage"},
        {"method", "list", "list_of", "narrowed_by", "reviewed", "aliases", "cues", "cue_pairs"},
    ),
    "exercise kind": (
        {"topic", "called", "others", "answer", "passage"},
        {"steps_note", "reviewed"},
    ),
    "remedy": ({"slug", "name", "topic", "section", "aliases"}, {"faults"}),
    "exercise": ({"slug", "name", "kind", "remedy", "section", "purpose", "aliases"}, set()),
    "equipment": ({"slug", "name", "section", "purpose", "aliases"}, set()),
    "body part": ({"slug", "name", "aliases"}, set()),
}


def _fields(what: str, name: str, item) -> list[str]:
    if not isinstance(item, dict):
        return [f"{what} {name}: expected a mapping of fields"]
    required, optional = _FIELDS[what]
    found = [f"{what} {name}: missing {field}" for field in sorted(required - item.keys())]
    if optional is not None:
        found += [
            f"{what} {name}: unknown field {field}"
            for field in sorted(item.keys() - required - optional)
        ]
    return found


def structure_problems(data: dict, sections: list[Section]) -> list[str]:
    """Every missing or unknown field of remedies.yml, then every name that points nowhere."""
    found = _fields("document", REMEDIES_FILE, data)
    if found:
        return found
    found += [p for key, t in data["topics"].items() for p in _fields("topic", key, t)]
    found += [
        p for kind, k in data["exercise_kinds"].items() for p in _fields("exercise kind", kind, k)
    ]
    for what, group in (
        ("remedy", "remedies"),
        ("exercise", "exercises"),
        ("equipment", "equipment"),
        ("body part", "body_parts"),
    ):
        found += [
            p
            for item in data[group]
            for p in _fields(what, item.get("slug") if isinstance(item, dict) else item, item)
        ]
    if found:
        return found

    slugs = {s.slug for s in sections}
    topics, kinds = data["topics"], data["exercise_kinds"]
    groups = {group: {item["slug"] for item in data[group]} for group in LIST_KINDS.values()}
    intents: dict[str, str] = {}
    for key, topic in topics.items():
        intent = topic["intent"]
        if intent is not None and not (isinstance(intent, str) and _INTENT.match(intent)):
            found.append(f"topic {key}: intent {intent!r} is not an intent name")
        elif intent in intents:
            found.append(f"topic {key}: intent {intent} already asks topic {intents[intent]}")
        elif intent:
            intents[intent] = key
        if topic["section"] not in slugs:
            found.append(f"topic {key}: unknown section {topic['section']}")
        if not topic["next"]:
            found.append(f"topic {key}: no next topics")
        for other in topic["next"] or ():
            if other not in topics:
                found.append(f"topic {key}: unknown next topic {other}")
            elif other == key:
                found.append(f"topic {key}: suggests itself")
            elif not topics[other]["intent"]:
                found.append(f"topic {key}: next topic {other} has no intent to ask it with")
        if "method" in topic and topic["method"] not in groups["remedies"]:
            found.append(f"topic {key}: unknown method {topic['method']}")
        if ("list" in topic) != ("list_of" in topic):
            found.append(f"topic {key}: list and list_of go together")
        elif "list" in topic:
            group = LIST_KINDS.get(topic["list_of"])
            if group is None:
                found.append(f"topic {key}: list_of must be one of {', '.join(LIST_KINDS)}")
            else:
                found += [
                    f"topic {key}: unknown {topic['list_of']} {slug} in its list"
                    for slug in topic["list"]
                    if slug not in groups[group]
                ]
        pairs = topic.get("cue_pairs")
        if pairs is not None and not (
            isinstance(pairs, dict)
            and isinstance(pairs.get("within"), int)
            and all(pairs.get(k) and isinstance(pairs[k], list) for k in ("parts", "actions"))
        ):
            found.append(f"topic {key}: cue_pairs needs within (a number), parts and actions")
        found += [
            f"topic {key}: cannot be narrowed by {what}"
            for what in topic.get("narrowed_by", ())
            if what not in NARROWING
        ]
    for list_of in ("remedy", "equipment"):
        count = sum(t.get("list_of") == list_of for t in topics.values())
        if count != 1:
            found.append(f"{count} topics list the {LIST_KINDS[list_of]}: one must")
    for key in data["starters"]:
        if key not in topics or not topics[key]["intent"]:
            found.append(f"starter {key}: not a topic with an intent")
    for kind, item in kinds.items():
        if topics.get(item["topic"], {}).get("list_of") != "exercise":
            found.append(f"exercise kind {kind}: topic {item['topic']} does not list exercises")
        if "{name}" not in str(item["called"]):
            found.append(f"exercise kind {kind}: `called` must contain {{name}}")
    for what, group in (
        ("remedy", "remedies"),
        ("exercise", "exercises"),
        ("equipment", "equipment"),
    ):
        found += [
            f"{what} {item['slug']}: unknown section {item['section']}"
            for item in data[group]
            if item["section"] not in slugs
        ]
    for remedy in data["remedies"]:
        if remedy["topic"] not in topics:
            found.append(f"remedy {remedy['slug']}: unknown topic {remedy['topic']}")
        elif topics[remedy["topic"]].get("method") != remedy["slug"]:
            found.append(
                f"remedy {remedy['slug']}: its topic {remedy['topic']} covers method "
                f"{topics[remedy['topic']].get('method')}"
            )
        found += [
            f"remedy {remedy['slug']}: fault {fault!r} is not one of its aliases"
            for fault in remedy.get("faults") or ()
            if fault not in remedy["aliases"]
        ]
    for exercise in data["exercises"]:
        if exercise["kind"] not in kinds:
            found.append(f"exercise {exercise['slug']}: unknown kind {exercise['kind']}")
        if exercise["remedy"] not in groups["remedies"]:
            found.append(f"exercise {exercise['slug']}: unknown remedy {exercise['remedy']}")
    return found


@dataclass(frozen=True)
class Content:
    article: str
    sections: list[Section]
    data: dict

    def section(self, slug: str) -> Section:
        for section in self.sections:
            if section.slug == slug:
                return section
        raise KeyError(slug)

    def intent_topics(self) -> dict[str, str]:
        """Topic key by the intent that asks it."""
        return {t["intent"]: key for key, t in self.data["topics"].items() if t.get("intent")}

    def problems(self) -> list[str]:
        """Everything in the content that points nowhere, or no longer holds for the article."""
        found = structure_problems(self.data, self.sections)
        if found:
            return found
        reviewed = [(f"topic {key}", t, t["section"]) for key, t in self.data["topics"].items()]
        reviewed += [
            (f"exercise kind {kind}", k, self.data["topics"][k["topic"]]["section"])
            for kind, k in self.data["exercise_kinds"].items()
        ]
        for name, item, section in reviewed:
            if normalize(item["passage"]) not in normalize(self.section(section).body):
                found.append(f"{name}: passage no longer in section {section!r}")
            if str(item.get("reviewed")) != fingerprint(item["answer"], item["passage"]):
                found.append(f"{name}: answer and passage changed without review")
        for group in ("exercises", "equipment"):
            for item in self.data[group]:
                body = normalize(self.section(item["section"]).body).lower()
                name = item["aliases"][0].lower()
                if name not in body:
                    found.append(f"{group} {item['slug']}: {name!r} not in its section")
        return found


# PyYAML's C parser when it was built with libyaml: the same safe loading, ten times faster
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str):
    """YAML text as Python data, safely (as `yaml.safe_load`)."""
    return yaml.load(text, Loader=_LOADER)


def load_content(directory: Path | str = CONTENT_DIR) -> Content:
    """The content of a folder holding article.txt and remedies.yml (read once per folder);
    raises ContentError listing every problem of its structure."""
    return _load(Path(directory).resolve())


@lru_cache(maxsize=8)
def _load(directory: Path) -> Content:
    article = (directory / ARTICLE_FILE).read_text(encoding="utf-8")
    data = safe_load((directory / REMEDIES_FILE).read_text(encoding="utf-8"))
    try:
        sections = parse_sections(article, data["sections"])
    except (KeyError, TypeError, ValueError) as error:
        raise ContentError([f"sections: {error}"]) from None
    problems = structure_problems(data, sections)
    if problems:
        raise ContentError(problems)
    return Content(article, sections, data)


def undeclared_intents(content: Content, domain_path: Path = DOMAIN_PATH) -> list[str]:
    """Topic intents the Rasa domain does not declare (no classifier could ever predict them)."""
    declared = set(safe_load(domain_path.read_text(encoding="utf-8")).get("intents") or [])
    declared = {next(iter(i)) if isinstance(i, dict) else i for i in declared}
    return [
        f"topic {key}: intent {intent} is not declared in {domain_path.name}"
        for intent, key in content.intent_topics().items()
        if intent not in declared
    ]


def _reviewed(node):
    """The parts of the content that carry a `reviewed:` fingerprint, in document order."""
    if isinstance(node, dict):
        if "reviewed" in node:
            yield node
        for value in node.values():
            yield from _reviewed(value)
    elif isinstance(node, list):
        for value in node:
            yield from _reviewed(value)


_REVIEWED_LINE = re.compile(r"^([ \t]+reviewed:[ \t]*)(\S*)[ \t]*$", re.MULTILINE)


def refingerprint(path: Path = REMEDIES_PATH) -> int:
    """Rewrite the `reviewed:` lines after a human checked answers against passages; returns
    how many changed."""
    text = path.read_text(encoding="utf-8")
    parts = list(_reviewed(safe_load(text)))
    lines = _REVIEWED_LINE.findall(text)
    if len(parts) != len(lines):
        raise ContentError(
            [
                f"{path.name}: {len(lines)} `reviewed:` lines for {len(parts)} "
                "reviewed parts; write each on its own line"
            ]
        )
    new = iter([fingerprint(part["answer"], part["passage"]) for part in parts])
    changed = sum(
        str(part["reviewed"]) != fingerprint(part["answer"], part["passage"]) for part in parts
    )
    path.write_text(_REVIEWED_LINE.sub(lambda m: m.group(1) + next(new), text), encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="the default")
    parser.add_argument("--refingerprint", action="store_true")
    parser.add_argument(
        "--dir",
        type=Path,
        default=CONTENT_DIR,
        help="content folder (article.txt, remedies.yml); default bot/content",
    )
    parser.add_argument(
        "--domain",
        type=Path,
        default=None,
        help="Rasa domain whose intents the topics' must be; default domain.yml "
        "for the project's own content",
    )
    args = parser.parse_args(argv)
    if args.refingerprint:
        print(f"updated {refingerprint(args.dir / REMEDIES_FILE)} fingerprints")
        _load.cache_clear()
    try:
        content = load_content(args.dir)
    except ContentError as error:
        for problem in error.problems:
            print("content error:", problem)
        return 1
    problems = content.problems()
    domain = args.domain or (DOMAIN_PATH if args.dir.resolve() == CONTENT_DIR else None)
    if domain is not None and domain.exists():
        problems += undeclared_intents(content, domain)
    for problem in problems:
        print("content drift:", problem)
    if not problems:
        print("content matches the article")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
