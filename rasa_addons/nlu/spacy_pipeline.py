"""Builds the spaCy pipeline Rasa's SpacyNLP loads: blank English, a lookup lemmatizer
(tables from spacy-lookups-data) and an entity ruler whose patterns come from the remedy
store's aliases, so the entities readers name are exactly the ones the article has.

    python -m rasa_addons.nlu.spacy_pipeline            # writes build/spacy_model (or SPACY_MODEL_PATH)

Nothing is downloaded: every part comes from installed packages.

Needs: spaCy 3.4 and spacy-lookups-data (installed with Rasa's spaCy extra), and the remedy
store (bot.store, built by `make store`) for the entity patterns.
"""

from __future__ import annotations

import json
import shutil
import sys

import spacy

from bot import settings, store

ENTITY_LABELS = ("remedy", "exercise", "equipment", "body_part")


def patterns_from_store() -> list[dict]:
    with store.session_scope() as session:
        store.ensure_ready(session)
        return [{"label": a.label, "text": a.text, "id": a.slug} for a in store.aliases(session)]


def build(patterns: list[dict]) -> spacy.language.Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()  # loads the lookup tables; must happen before the ruler gets patterns
    ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
    ruler.add_patterns(
        [
            {
                "label": p["label"],
                "id": p["id"],
                "pattern": [{"LOWER": tok.lower_} for tok in nlp.make_doc(p["text"])],
            }
            for p in patterns
        ]
    )
    return nlp


def main() -> int:
    path = settings.spacy_model_path()
    patterns = patterns_from_store()
    stamp = path / "patterns.json"
    wanted = json.dumps(patterns, sort_keys=True)
    if stamp.exists() and stamp.read_text() == wanted:
        print(f"spaCy pipeline at {path} is up to date ({len(patterns)} patterns)")
        return 0
    if path.exists():
        shutil.rmtree(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    build(patterns).to_disk(path)
    stamp.write_text(wanted)
    print(f"spaCy pipeline written to {path} ({len(patterns)} entity patterns)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
