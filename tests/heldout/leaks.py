"""Leak check for the held-out data: held-out messages must really be held out.

A held-out example that is a copy of a training example, or one word away from one, measures
memory rather than understanding. This module reads every user message of

  * the training data: the ``examples`` of every intent in ``data/*.yml`` (``data/nlu.yml``
    and any other data file with examples; ``user:`` steps of stories and rules too), with
    entity annotations such as ``[foam roller](equipment)`` reduced to ``foam roller``;
  * the held-out files in ``tests/heldout/``: Rasa NLU files (``nlu.yml``, ``nlu_more.yml``),
    the conversation checks (``conversations.json``: every single question and every turn of
    every multi-turn conversation) and the understanding sets (``understanding.yml``,
    ``understanding_fresh.yml``: every ``text`` and every ``context`` message),

normalises each text (lowercase, unicode apostrophes to ``'``, apostrophes dropped so
``what's`` == ``whats``, other punctuation to spaces, whitespace collapsed) and counts a LEAK
when two texts are

  * equal after normalising ("exact"), or
  * one word apart ("one word"): word-level edit distance 1, i.e. one word substituted,
    inserted or deleted. Two different one-word texts ("hello" / "hey") are not counted: they
    share no word, so nothing was copied.

It compares every held-out file with every data file, and the held-out files pairwise
(a message in two held-out files is counted twice in an evaluation). Duplicates inside one
file are not leaks.

The development sets (every ``tests/dev/*.yml``, read like the understanding sets) are tuned
on, so each must copy neither a training example nor a held-out message: every development
file is compared with every held-out file and every data file the same way. For those pairs
only the development side of a leak is printed, so the held-out and training messages stay
unread by whoever fixes the development set.

The search is indexed (exact texts, one-word-wildcard keys, one-word deletions), so the whole
check runs in well under a second.

    python tests/heldout/leaks.py          # prints the leaks per pair of files; exit 1 if any

Only the standard library and PyYAML are used.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
HELDOUT = ROOT / "tests" / "heldout"

_ENTITY = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_NON_WORD = re.compile(r"[^\w\s]|_")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when PyYAML has it


# -- normalising -----------------------------------------------------------------------------


def strip_entities(text: str) -> str:
    """``[foam roller](equipment)`` -> ``foam roller`` (also the ``[x]{"entity": ..}`` form)."""
    return _ENTITY.sub(r"\1", text)


def normalise(text: str) -> str:
    text = strip_entities(text).lower().translate(_APOSTROPHES).replace("'", "")
    return " ".join(_NON_WORD.sub(" ", text).split())


def words(text: str) -> tuple[str, ...]:
    return tuple(normalise(text).split())


def relation(a: str, b: str) -> str | None:
    """ "exact", "one word" or None for two raw texts (the definition the index implements)."""
    x, y = words(a), words(b)
    if not x or not y:
        return None
    if x == y:
        return "exact"
    if max(len(x), len(y)) < 2:
        return None  # two different single words share nothing
    if len(x) == len(y):
        return "one word" if sum(p != q for p, q in zip(x, y)) == 1 else None
    if abs(len(x) - len(y)) != 1:
        return None
    long, short = (x, y) if len(x) > len(y) else (y, x)
    return "one word" if any(long[:i] + long[i + 1 :] == short for i in range(len(long))) else None


# -- reading ---------------------------------------------------------------------------------


def _example_lines(block: str) -> list[str]:
    out = []
    for line in str(block).splitlines():
        line = line.strip()
        if line.startswith("- "):
            out.append(strip_entities(line[2:].strip()))
    return out


def _user_steps(node) -> Iterable[str]:
    """``user:`` texts anywhere in stories / rules (end-to-end steps)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "user" and isinstance(value, str):
                yield strip_entities(value.strip())
            else:
                yield from _user_steps(value)
    elif isinstance(node, list):
        for item in node:
            yield from _user_steps(item)


def read_yaml(path: Path) -> list[str]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
    texts: list[str] = []
    for block in data.get("nlu", []) or []:
        if isinstance(block, dict) and "intent" in block and "examples" in block:
            examples = block["examples"]
            if isinstance(examples, list):  # the list form: [{text: ...}, ...] or [str, ...]
                texts += [
                    strip_entities(e["text"] if isinstance(e, dict) else str(e)) for e in examples
                ]
            else:
                texts += _example_lines(examples)
    for message in data.get("messages", []) or []:  # the understanding set
        if isinstance(message, dict):
            texts += [str(c) for c in message.get("context", []) or []]
            if "text" in message:
                texts.append(str(message["text"]))
    for key in ("stories", "rules"):
        texts += list(_user_steps(data.get(key, [])))
    return texts


def _pairs(node) -> Iterable[str]:
    """Every ``[spec, text]`` pair's text in the conversation file, however deep."""
    if isinstance(node, list):
        if len(node) == 2 and all(isinstance(x, str) for x in node):
            yield node[1]
        else:
            for item in node:
                yield from _pairs(item)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _pairs(value)


def read_json(path: Path) -> list[str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    # "topics" holds the reply checks (keywords), "about" a description: no user messages.
    return list(_pairs({k: v for k, v in data.items() if k not in ("topics", "about")}))


def read_texts(path: Path) -> list[str]:
    path = Path(path)
    return read_json(path) if path.suffix == ".json" else read_yaml(path)


def data_files(root: Path = ROOT) -> list[Path]:
    """The data/ files that hold user messages (data/nlu.yml; rules and stories only if they
    have end-to-end ``user:`` steps)."""
    return sorted(p for p in (root / "data").glob("*.y*ml") if read_yaml(p))


def heldout_files(root: Path = ROOT) -> list[Path]:
    folder = root / "tests" / "heldout"
    return sorted(p for p in folder.iterdir() if p.suffix in (".yml", ".yaml", ".json"))


def dev_files(root: Path = ROOT) -> list[Path]:
    """The development sets: every ``tests/dev/*.yml`` (or ``.yaml``)."""
    folder = root / "tests" / "dev"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yml", ".yaml"))


# -- searching -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Leak:
    kind: str  # "exact" or "one word"
    text: str  # from the first file
    other: str  # from the second file


class Index:
    """Texts of one file, indexed for exact and one-word-apart lookups."""

    def __init__(self, texts: Iterable[str]):
        self.exact: dict[tuple, list[str]] = defaultdict(list)
        self.wild: dict[tuple, list[str]] = defaultdict(list)  # one word replaced by None
        self.deleted: dict[tuple, list[str]] = defaultdict(list)  # one word removed
        for text in texts:
            w = words(text)
            if not w:
                continue
            self.exact[w].append(text)
            for i in range(len(w)):
                self.wild[w[:i] + (None,) + w[i + 1 :]].append(text)
                self.deleted[w[:i] + w[i + 1 :]].append(text)

    def matches(self, text: str) -> Iterable[tuple[str, str]]:
        w = words(text)
        if not w:
            return
        for other in self.exact.get(w, ()):
            yield "exact", other
        near: list[str] = []
        if len(w) >= 2:  # substitution (same length); single words: see `relation`
            for i in range(len(w)):
                near += self.wild.get(w[:i] + (None,) + w[i + 1 :], ())
        for i in range(len(w)):  # the other text is one word shorter
            near += self.exact.get(w[:i] + w[i + 1 :], ())
        near += self.deleted.get(w, ())  # the other text is one word longer
        for other in near:
            if words(other) != w:
                yield "one word", other


def find_leaks(texts: Iterable[str], others: Iterable[str] | Index) -> list[Leak]:
    """The leaks of `texts` against `others` (their texts, or an index built of them once)."""
    index = others if isinstance(others, Index) else Index(others)
    seen, out = set(), []
    for text in texts:
        for kind, other in index.matches(text):
            key = (words(text), words(other))
            if key not in seen:
                seen.add(key)
                out.append(Leak(kind, text, other))
    return out


def check(
    root: Path = ROOT, texts: dict[Path, list[str]] | None = None
) -> dict[tuple[Path, Path], list[Leak]]:
    """Leaks for every (held-out file, data file) pair and every pair of held-out files."""
    held, data = heldout_files(root), data_files(root)
    pairs = [(h, d) for h in held for d in data] + list(combinations(held, 2))
    return _leaks(pairs, texts)


def check_dev(
    root: Path = ROOT, texts: dict[Path, list[str]] | None = None
) -> dict[tuple[Path, Path], list[Leak]]:
    """Leaks for every (development file, held-out or data file) pair."""
    others = heldout_files(root) + data_files(root)
    return _leaks([(d, o) for d in dev_files(root) for o in others], texts)


def _leaks(
    pairs: list[tuple[Path, Path]], texts: dict[Path, list[str]] | None
) -> dict[tuple[Path, Path], list[Leak]]:
    """The leaks of each pair of files, reading each file once (into `texts`, when given) and
    indexing each second file once."""
    if texts is None:
        texts = {}
    for path in {p for pair in pairs for p in pair}:
        if path not in texts:
            texts[path] = read_texts(path)
    indexes = {b: Index(texts[b]) for b in {b for _, b in pairs}}
    return {(a, b): find_leaks(texts[a], indexes[b]) for a, b in pairs}


def main(argv: list[str] | None = None) -> int:
    root = Path(argv[0]) if argv else ROOT
    texts: dict[Path, list[str]] = {}
    results = check(root, texts)
    total = 0
    for (a, b), leaks in results.items():
        name_a, name_b = a.relative_to(root), b.relative_to(root)
        print(f"{name_a} vs {name_b}: {len(leaks)} leak{'s' if len(leaks) != 1 else ''}")
        for leak in leaks:
            print(f"    {leak.kind:8s}  {leak.text!r}  ~  {leak.other!r}")
        total += len(leaks)
    for (a, b), leaks in check_dev(root, texts).items():
        name_a, name_b = a.relative_to(root), b.relative_to(root)
        print(f"{name_a} vs {name_b}: {len(leaks)} leak{'s' if len(leaks) != 1 else ''}")
        for leak in leaks:  # the development side only: the other file stays unread
            print(f"    {leak.kind:8s}  {leak.text!r}")
        total += len(leaks)
    sizes = ", ".join(f"{p.relative_to(root)} {len(texts[p])}" for p in heldout_files(root))
    dev = ", ".join(f"{p.relative_to(root)} {len(texts[p])}" for p in dev_files(root))
    print(
        f"\n{total} leak{'s' if total != 1 else ''} (held-out messages: {sizes}; "
        f"development messages: {dev or 'none'})"
    )
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
