"""Text-speak and common misspellings, and the words they stand for: "physo worth it 4 ths
bak ache" reads as "physio worth it 4 this back ache". The classifiers (the count-vector featurizers DIET
reads, and the clause classifier: rasa_addons/nlu/) read a word through this table only when
training never saw it, so the trained model, and every message made of words it knows, are
read as before. The reader's text itself is never changed: the answers, the safety check and
the conversation's history keep what was written.

Only words that mean one thing are here: "2" and "4" ("2 stretches", "4 times a week") stay
as they are, and so does "im" (spaCy already splits it). The keys are lowercase single
tokens as spaCy's English tokenizer gives them.
"""

from __future__ import annotations

import re
from collections.abc import Container

_STANDS_FOR: dict[str, tuple[str, ...]] = {
    # everyday words
    "what": ("wat", "wut", "wht", "whta", "wot"),
    "should": ("shud", "shld", "shuld", "shoud", "shoudl", "sould"),
    "could": ("cud", "coud"),
    "can": ("cn",),
    "would": ("wud", "woud"),
    "how": ("hw",),
    "are": ("r",),
    "you": ("u", "yu"),
    "your": ("ur", "yr"),
    "why": ("y",),
    "please": ("plz", "pls", "plss", "pleas"),
    "thanks": ("thx", "thanx", "thnx", "thnks", "ty", "tnx"),
    "have": ("hav",),
    "about": ("abt",),
    "because": ("bc", "cuz", "coz", "bcos", "becuz", "becoz"),
    "every": ("evry",),
    "everyone": ("evry1", "every1", "evryone"),
    "anyone": ("any1",),
    "someone": ("some1",),
    "good": ("gud",),
    "and": ("n", "nd"),
    "when": ("wen",),
    "through": ("thru",),
    "really": ("rly", "rlly", "realy"),
    "know": ("kno",),
    "the": ("teh", "da"),
    "this": ("dis", "ths"),
    "that": ("dat", "tht"),
    "with": ("wiv",),
    "something": ("smth", "sth"),
    "anything": ("anythin", "anyting"),
    "people": ("ppl",),
    "before": ("b4",),
    "from": ("frm",),
    "lower": ("lowr",),
    "alternatives": ("alternatvs", "alternitives", "alternatves", "altrnatives", "alts"),
    "great": ("gr8",),
    "pain": ("pian",),
    "back": ("bak", "bck"),
    "muscles": ("musles", "muscels"),
    "often": ("offen", "ofen", "oftn"),
    # the article's own words
    "running": ("runing", "runnin", "runnning"),
    "stretch": ("strech", "strtch", "stetch"),
    "stretches": ("stretchs", "streches", "strechs", "stretchez"),
    "stretching": ("streching", "strechin", "stretchin"),
    "exercise": ("excercise", "exersize", "exercize", "exrcise", "excersize", "excercize"),
    "exercises": ("excercises", "exersizes", "exrcises", "excersizes", "exercizes"),
    "posture": ("postur", "posure", "postrue"),
    "shoulder": ("sholder", "shoudler", "shouder"),
    "shoulders": ("sholders", "shoudlers", "shoulers", "shouders"),
    "physio": ("physo", "fisio", "phisio", "physeo"),
    "roll": ("rol",),
    "roller": ("roler", "rollr"),
    "rolling": ("roling", "rollin", "rolin"),
    "foam": ("fome", "foem"),
    "strengthen": ("strenghten", "strenthen", "strengten"),
    "strengthening": ("strenghtening", "strenthening"),
    "technique": ("tecnique", "technik", "techniqe", "techinque"),
    "equipment": ("equipement", "equiptment", "equipmnt"),
}

STANDARD: dict[str, str] = {
    variant: word for word, variants in _STANDS_FOR.items() for variant in variants
}


def standard_word(token: str) -> str:
    """The word a token stands for ("shud": "should"), or the token itself (any case)."""
    return STANDARD.get(token.lower(), token)


# Only the table's own words, as whole words: a text without any is left as it is, in one scan.
_VARIANTS = re.compile(
    r"(?<![a-z0-9'])(?:"
    + "|".join(re.escape(v) for v in sorted(STANDARD, key=len, reverse=True))
    + r")(?![a-z0-9'])"
)


def standard_spelling(text: str, keep: Container[str] = ()) -> str:
    """A normalised (lowercase) text with each word in the table read as the word it stands
    for: "how i shud run" is "how i should run". Words in `keep` (a classifier's vocabulary:
    words training saw) stay as written."""
    return _VARIANTS.sub(lambda m: m.group() if m.group() in keep else STANDARD[m.group()], text)
