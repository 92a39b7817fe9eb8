"""The article as structured content: sections parsed from `content/article.txt` plus the facts
in `content/remedies.yml`, each tied to the section and passage it comes from.

Needs only PyYAML. `python -m bot.content --check` verifies every passage against the article;
`--refingerprint` records that answers and passages were reviewed together.
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
ARTICLE_PATH = CONTENT_DIR / "article.txt"
REMEDIES_PATH = CONTENT_DIR / "remedies.yml"


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

    def problems(self) -> list[str]:
        """Everything that ties content to the article and does not hold."""
        found = []
        slugs = {s.slug for s in self.sections}
        for key, topic in self.data["topics"].items():
            if topic["section"] not in slugs:
                found.append(f"topic {key}: unknown section {topic['section']}")
                continue
            if normalize(topic["passage"]) not in normalize(self.section(topic["section"]).body):
                found.append(f"topic {key}: passage no longer in section {topic['section']!r}")
            if topic.get("reviewed") != fingerprint(topic["answer"], topic["passage"]):
                found.append(f"topic {key}: answer and passage changed without review")
        related = normalize(self.section("related-questions").body)
        for item in self.data["related_questions"]:
            for field in ("question", "answer"):
                if normalize(item[field]) not in related:
                    found.append(f"related question {item['slug']}: {field} not in the article")
        for group in ("exercises", "equipment"):
            for item in self.data[group]:
                body = normalize(self.section(item["section"]).body).lower()
                name = item["aliases"][0].lower()
                if name not in body:
                    found.append(f"{group} {item['slug']}: {name!r} not in its section")
        for group in ("caveats", "advice"):
            for item in self.data[group]:
                if item["section"] not in slugs:
                    found.append(f"{group} {item['slug']}: unknown section {item['section']}")
        return found


@lru_cache(maxsize=1)
def load_content() -> Content:
    article = ARTICLE_PATH.read_text(encoding="utf-8")
    data = yaml.safe_load(REMEDIES_PATH.read_text(encoding="utf-8"))
    return Content(article, parse_sections(article, data["sections"]), data)


def refingerprint(path: Path = REMEDIES_PATH) -> int:
    """Rewrite the `reviewed:` lines after a human checked answers against passages."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    changed = 0
    for key, topic in data["topics"].items():
        new = fingerprint(topic["answer"], topic["passage"])
        pattern = re.compile(rf"(\n  {re.escape(key)}:\n(?:    .*\n|      .*\n)*?    reviewed: )(\w+)")
        text, n = pattern.subn(lambda m: m.group(1) + new, text, count=1)
        changed += n and topic.get("reviewed") != new
    path.write_text(text, encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--refingerprint", action="store_true")
    args = parser.parse_args(argv)
    if args.refingerprint:
        print(f"updated {refingerprint()} fingerprints")
        load_content.cache_clear()
    problems = load_content().problems()
    for problem in problems:
        print("content drift:", problem)
    if not problems:
        print("content matches the article")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
