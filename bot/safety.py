"""Warning signs: messages describing symptoms that need medical care rather than
self-treatment. Checked on every message before anything else is answered, whatever intent
the NLU predicted, so a misclassification can never send someone with chest pain to a stretch.
Plain regular expressions, no dependencies.
"""
from __future__ import annotations

import re

# (name shown to the reader, pattern)
_SIGNS: list[tuple[str, str]] = [
    ("chest pain",
     r"\bchest\b(?!\s*-?\s*open)(?!\s+stretch)[^.?!]{0,25}?\b(pain|hurt|tight|pressure|ach|squeez|heav|discomfort|burn)"
     r"|\b(pain|pains|tightness|pressure|ache|aching|hurting|discomfort|burning)\s+(in|on|across|around)\s+(my\s+|the\s+)?chest\b"
     r"|\bangina\b|\bheart attack\b|\bpalpitation|\bheart (is )?(racing|pounding|skipping)|\birregular heart"),
    ("numbness or tingling",
     r"\bnumb(ness|ed)?\b|\btingl\w*|\bpins and needles\b|\bcan'?t feel my\b|\bloss of (feeling|sensation)"),
    ("breathlessness",
     r"\bshort(ness)? of breath\b|\bbreathless|\bcan'?t (catch my )?breathe?\b|\bcannot breathe\b"
     r"|\b(hard|difficult|struggl\w*|trouble|difficulty|problems?)( \w+)? (to )?breath(e|ing)\b"
     r"|\bwheez\w*|\bgasping\b"),
    ("fainting or dizziness",
     r"\bfaint(ed|ing|ness)?\b|\bpass(ed|ing)? out\b|\bblack(ed|ing)? out\b|\bdizz(y|iness)\b"
     r"|\blight-?\s?headed|\bcollaps(e|ed|ing)\b|\blost consciousness\b"),
    ("fever",
     r"\bfever(ish)?\b|\bchills\b|\bhigh temperature\b|\bnight sweats?\b"),
    ("pain after a fall or accident",
     r"\b(fell|fallen|tripped|slipped)\b|\b(a|my|the|bad|hard) (fall|crash|collision|accident)\b"
     r"|\baccident\b|\bcrash(ed)?\b|\bhit by\b|\bcollided\b|\bwhiplash\b|\bknocked (down|over)\b"),
    ("pain at night",
     r"\bnight pain\b|\b(pain|hurts?|hurting|ache|aches|aching|throb\w*)\b[^.?!]{0,30}\b(at night|in the night|overnight)\b"
     r"|\bwakes? me( up)?\b|\bwak(e|es|ing) up\b[^.?!]{0,20}\b(at night|in the night|in pain|with (back )?pain)|\bwoke me( up)?\b|\bkeeps? me (up|awake)\b|\bcan'?t sleep (because|from|with) (of )?(the )?pain"),
    ("pain spreading to the arm or jaw",
     r"\b(radiat|spread|shoot)\w*[^.?!]{0,30}\b(arm|arms|jaw|hand|hands|leg|legs)\b"
     r"|\b(arm|jaw) (pain|hurts|aches)\b|\bpain (in|down) my (left |right )?(arm|jaw)\b"),
    ("weakness or loss of control",
     r"\bweak(ness)? in (my )?(arm|arms|hand|hands|leg|legs)\b|\b(arm|arms|hand|hands|leg|legs) (feel |are |is )?weak\b"
     r"|\b(bladder|bowel) (control|problems?)\b|\bincontinen\w*"),
    ("sudden severe pain",
     r"\b(sudden|severe|excruciating|unbearable|agonizing|worst)\b[^.?!]{0,15}\b(pain|ache|agony)\b"
     r"|\bcoughing (up )?blood\b|\bunexplained weight loss\b"),
]
_COMPILED = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in _SIGNS]
_NEGATION = re.compile(
    r"(\b(no|not|without|never|nor|free of|zero|dont|doesnt|didnt|havent|hasnt)\b|n't\b)[\w\s,']{0,32}$",
    re.IGNORECASE,
)


def warning_signs(text: str) -> list[str]:
    """The warning signs a message describes, in a fixed order; empty when there are none.
    A sign negated just before it ("no chest pain", "without numbness") does not count."""
    text = text.replace("\u2019", "'")
    found = []
    for name, pattern in _COMPILED:
        for match in pattern.finditer(text):
            if not _NEGATION.search(text[max(0, match.start() - 45) : match.start()]):
                found.append(name)
                break
    return found
