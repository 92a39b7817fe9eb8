"""Warning signs: messages describing symptoms that need medical care rather than
self-treatment (red flags for upper back pain). `warning_signs` is checked on every message
before anything else is answered, whatever intent the NLU predicted, so a misclassification
can never send someone with chest pain to a stretch.

The signs (SIGN_NAMES, in the order they are reported): chest pain or pressure, numbness or
tingling, breathlessness, fainting or dizziness, fever (chills, night sweats), pain after a
fall or accident, pain at night, pain spreading to the arm or jaw, weakness or loss of
bladder or bowel control, sudden severe pain, unexplained weight loss.

How a message is read (pure standard library; a 100,000-character message takes well under
a second: every gap in a pattern is bounded, and a pattern whose key words are absent from
the message is skipped without scanning it):

* Normalised: lower case, apostrophes dropped ("can't" -> "cant"), and words of five letters
  or more that are one typing slip away (two from eleven letters on) from a warning-sign
  word with the same first letter are corrected to it ("numbnes", "dizzyness", "brethless");
  a handful of shorter slips ("pian", "dizy") are listed. Real English words near a sign word
  ("chilly", "fewer", "paint", "number") are never corrected.
* Each sign is a set of patterns. A pattern's key parts are negated only by a negation in
  their own clause, at most eight words back ("no fever but my chest is tight" flags the
  chest): clauses end at . ! ? ; , : and at "but", "though", "however", "although", "except",
  "and now", "until", "because", "since", ... What a body part does is a part of its own, so a
  negation between them denies it ("my heart isn't racing", "my jaw doesn't hurt", "my legs
  are not weak"). Phrases that only look negative ("not sure", "without warning", "for no
  reason", "can't breathe", "never stops", "doesn't settle") do not negate.
* Idioms that merely look like signs ("I fell out of my stretching habit", "a fall marathon",
  "I run at night", "chest opener", "fall asleep", "marathon fever") are excluded by the
  patterns; so is numbness of the hands or fingers put down to the cold or winter. So are
  figures of speech ("numb from boredom", "nearly passed out laughing", "nearly had a heart
  attack when I saw the price", "my heart skipped a beat when I saw my time", "fell head over
  heels for"), breathlessness or a pounding heart after sprints, reps or hills told as normal
  ("like everyone else, nothing unusual", "that's the point") or as over at once ("recovered
  quickly", "fine a minute later"), and a tight chest put down to the kit ("because my sports
  bra is too small"); the same words telling a symptom ("my heart skips beats on runs", "I
  fell on the ice", "breathless even walking", "breathless for an hour after an easy jog") are
  still signs, and so is breath that does not come back ("couldn't get my breath back", "took
  forever to get my breath back", "my breathing wouldn't settle").
* Someone else's sign told as an aside before the reader's own question ("my friend fell off
  her bike last week, anyway, ...", "my brother got hit by a car years ago, unrelated, ...")
  is not flagged; told without the aside it is, as the reader may be asking for them.
* Some signs come in two parts: pain, and "it's worse at night" / "it wakes me up" / "it goes
  down my arm"; or a fall or accident, and pain. The parts may be in different sentences, or
  one of them in the reader's previous message (`earlier`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import NamedTuple

CHEST = "chest pain"
NUMB = "numbness or tingling"
BREATH = "breathlessness"
FAINT = "fainting or dizziness"
FEVER = "fever"
TRAUMA = "pain after a fall or accident"
NIGHT = "pain at night or at rest"
SPREAD = "pain spreading to the arm or jaw"
WEAK = "weakness or loss of control"
SEVERE = "sudden severe pain"
WEIGHT = "unexplained weight loss"

# The fixed order signs are reported in.
SIGN_NAMES: tuple[str, ...] = (
    CHEST,
    NUMB,
    BREATH,
    FAINT,
    FEVER,
    TRAUMA,
    NIGHT,
    SPREAD,
    WEAK,
    SEVERE,
    WEIGHT,
)

# ---------------------------------------------------------------------------------------------
# Spelling: words of a warning sign, the slips corrected to them, the real words never touched.

_VOCABULARY = frozenset(
    """
accident accidents aching agonising agonizing bicycle bladder bowels breath breathe breathing
breathless breathlessness chest chills collapsed collision concussion crushing cyclist
discomfort dizziness dizzy excruciating faint fainted fainting fever feverish heaviness hurting
incontinence lightheaded numbness numbed painful pains palpitations pressure radiates radiating
severe shooting shortness slipped spreading spreads squeezing stumbled sudden suddenly sweats
throbbing tightness tingle tingled tingles tingling tingly tripped tumble unbearable
unconscious unexplained vertigo weakness wheezing whiplash night hurts aches
""".split()
)

# Slips too short for the edit-distance rule.
_ALIASES = {
    "pian": "pain",
    "dizy": "dizzy",
    "dizi": "dizzy",
    "fevr": "fever",
    "fainteded": "fainted",
    "weeak": "weak",
    "nite": "night",
    "chst": "chest",
    "brethe": "breathe",
    "numbe": "numb",
    "brth": "breath",
}

# Words within the edit distance of a sign word that are real (taken from a word-frequency
# list, less the misspellings it also holds): never "corrected".
_REAL_WORDS = frozenset(
    """
accidentals accidente acing acting arching ashing badder bicycles bladders blander bowel
bowers bowles bowls breach breaching breadth breathed breather breathes breathlessly breaths
breathy breats cbills cheat chert chess chests chesty childs chiles chilis chill chilli chillis
chilly collapse collapses collisions collusion concession concessions concussions crashing crest
crusing cushing cyclists discomforts ditzy drizzy excruciatingly fainter faints feint feinting
fener feser feuer fevers fewer fiver flint hunting hurling hurtling incontinent inconvience
lighthearted number pails paine paint paints pairs palins pawns phins plains prins pressured
pressures radiate radiated sadden scooting seats senere sever severa severed severn severs
shipped shooing shootings shorting shotting shouting sipped skipped slapped slipper slopped
snipped sodden spread squeeing stumble stumbles swats swears sweat sweaty sweets tangle tangled
tangles tangling tinge tinged tinges tinkle tinkling tipped trapped tripled tripper tumbled
tumbler tumbles tumblr unbearably unbeatable unbreakable unconsciously unwearable wheeling
agonizingly acces achas achei acres actes arches ashes harts hunts hurls hurns hutts nicht
nights nighty nighy
""".split()
)


def distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (optimal string alignment), giving up above `limit`.
    Also reads the typos in the names of topics (bot/compose.py)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        best = current[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            best = min(best, value)
        if best > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[len(b)]


_BY_INITIAL: dict[str, list[str]] = {}
for _word in sorted(_VOCABULARY):
    _BY_INITIAL.setdefault(_word[0], []).append(_word)


@lru_cache(maxsize=8192)
def _correct(word: str) -> str:
    if word in _ALIASES:
        return _ALIASES[word]
    if len(word) < 5 or word in _VOCABULARY or word in _REAL_WORDS:
        return word
    limit = 1 if len(word) < 11 else 2
    best, best_distance = word, limit + 1
    for candidate in _BY_INITIAL.get(word[0], ()):
        if len(candidate) < 5 or abs(len(candidate) - len(word)) > limit:
            continue
        apart = distance(word, candidate, limit)
        if apart < best_distance:
            best, best_distance = candidate, apart
    return best


def _normalise(text: str) -> str:
    text = text.lower()
    text = re.sub(r"['\u2018\u2019\u02bc`\u00b4]", "", text)
    text = text.replace("&", " and ")
    text = re.sub(r"[ \t\r\f\v\u00a0]+", " ", text)
    return re.sub(r"[a-z]+", lambda m: _correct(m.group()), text)


# ---------------------------------------------------------------------------------------------
# Clauses and negation.

_SENTENCE_END = re.compile(r"[.!?;\n]+")
_CLAUSE_END = re.compile(
    r"[.!?;,:()\n]+|\s[-\u2013\u2014]+\s"
    r"|\b(?:but|though|however|although|except|excluding|besides|until|till|unless|because|cause"
    r"|since|so|yet|whereas|otherwise|apart from|other than|and now|and then)\b"
    r"|\band (?=(?:i|im|ive|id|my|it|its|the|this|that|now|then|suddenly|also|still|today|lately"
    r"|recently|yesterday|sometimes|got|get|gets|getting|started|starting)\b)"
)
_NEGATION = re.compile(
    r"\b(?:no|not|never|without|nor|none|neither|zero|dont|doesnt|didnt|havent|hasnt|hadnt|isnt"
    r"|arent|wasnt|werent|denies|deny|free of|absence of|nothing like"
    r"|ruled out|negative for|no longer|lack of)\b"
    # "nothing spreading down my arm": nothing of the kind
    r"|\bnothing$"
)
# Phrases that contain a negation word without negating what follows.
_PSEUDO_NEGATION = re.compile(
    r"\b(?:not|never) (?:sure|certain|only|just|normal|ok|okay|right|good|great|typical|usual"
    r"|like)\b"
    r"|\b(?:dont|do not|doesnt|didnt) (?:know|understand|like|want|get why|see why"
    r"|think its normal)\b"
    r"|\bno (?:idea|clue|reason|apparent reason|obvious reason|real reason|matter|one|doubt"
    r"|warning|real warning)\b|\bzero warning\b"
    r"|\bfor no\b|\bwhether or not\b|\bor not\b|\bnot (?:even )?(?:trying|dieting)\b"
    r"|\bwithout (?:any )?(?:warning|reason|trying|explanation|meaning to|dieting|changing|cause)\b"
    r"|\b(?:cant|cannot|couldnt) (?:tell|explain|figure out|work out|stop|shake|get rid of"
    r"|remember)\b"
    r"|\b(?:cant|cannot|can not|couldnt) (?:\w+ ){1,3}?without\b"
    r"|\b(?:doesnt|didnt|wont|isnt|not) (?:help|helping|work|working|go away|going away|stop"
    r"|stopping"
    r"|ease|easing|improve|improving|get better|getting better|settle|settling|calm down"
    r"|calming down|slow down|slowing down)\b"
    r"|\bnever (?:stops?|stopped|stopping|eases?|eased|settles?|settled|goes away|went away"
    r"|calms? down|slows? down)\b"
    r"|\bnever (?:felt|had|been|experienced) (?:this|so|such|anything like)\b"
)
# After a negated part: "I've never had pain like this" is not a denial.
_NOT_A_DENIAL_AFTER = re.compile(
    r"\b(?:(?<!anything )(?<!or something )(?<!nothing )like (?:this|that|it is)|this (?:bad|badly|much|strong)"
    r"|until (?:now|today|yesterday"
    r"|recently|last|this)|before (?:now|today|this))\b"
)


# A question answered "no" at once ("dizzy? no."), not "no idea" or "no one knows".
_ANSWERED_NO = re.compile(
    r"\?+\s*(?:no+|nope|nah|not really|not at all|never|none)\b"
    r"(?!\s*(?:idea|clue|one|way|joke|doubt|matter|reason)\b)"
)


class _Doc:
    """A normalised message with its clause and sentence boundaries."""

    def __init__(self, raw: str):
        self.text = _normalise(raw)
        self.clauses = [0] + [m.end() for m in _CLAUSE_END.finditer(self.text)]
        self.sentences = [0] + [m.end() for m in _SENTENCE_END.finditer(self.text)]
        # Every beginning of every word, so a rule whose key words are absent is skipped.
        self.prefixes = {
            word[:n]
            for word in set(re.findall(r"[a-z]+", self.text))
            for n in range(1, min(len(word), 14) + 1)
        }
        # Results of checks that read a whole sentence, by (check, sentence start).
        self.by_sentence: dict[tuple[Callable, int], bool] = {}

    def clause_start(self, pos: int) -> int:
        return self.clauses[bisect.bisect_right(self.clauses, pos) - 1]

    def sentence_start(self, pos: int) -> int:
        return self.sentences[bisect.bisect_right(self.sentences, pos) - 1]

    def sentence(self, pos: int) -> str:
        i = bisect.bisect_right(self.sentences, pos) - 1
        end = self.sentences[i + 1] if i + 1 < len(self.sentences) else len(self.text)
        return self.text[self.sentences[i] : end]

    def affirmed(self, pattern: re.Pattern, pos: int) -> list[re.Match]:
        """The matches of `pattern` in the sentence at `pos` that no negation denies
        (offsets within the sentence)."""
        start = self.sentence_start(pos)
        return [
            m for m in pattern.finditer(self.sentence(pos)) if not self.negated(start + m.start())
        ]

    def negated(self, start: int) -> bool:
        """Whether a negation earlier in the clause (at most eight words back) denies the
        words starting at `start`."""
        clause = self.clause_start(start)
        begin = max(clause, start - 80)
        words = self.text[begin:start].split()
        if begin > clause and self.text[begin - 1].isalnum() and words:
            words = words[1:]  # a word cut in two by the 80-character limit
        window = _PSEUDO_NEGATION.sub(" ", " ".join(words[-8:]))
        if not _NEGATION.search(window):
            return False
        return not _NOT_A_DENIAL_AFTER.search(self.text, begin, start + 50)

    def answered_no(self, end: int) -> bool:
        """Whether the words ending at `end` are a question the reader answers "no" to at
        once: "night pain? nope, just sore after long runs"."""
        mark = self.text.find("?", end)
        if mark < 0 or _SENTENCE_END.search(self.text, end, mark):
            return False
        return bool(_ANSWERED_NO.match(self.text, mark))


# ---------------------------------------------------------------------------------------------
# Patterns. Named groups p1, p2, ... mark the parts a negation can deny; without them the whole
# match is the one part. `context` rules need pain mentioned somewhere (this message or the
# reader's previous one). `before`/`after` exclude a match preceded/followed by an idiom;
# `check` is a last test on the match.


# Causes no body part answers to: "numb from boredom", "passed out laughing", "died of
# embarrassment" are figures of speech, not symptoms.
FIGURATIVE_CAUSE = (
    r"(?:boredom|embarrassment|excitement|anticipation|joy|happiness|delight|laughter|laughing"
    r"|awe|disbelief|surprise|relief|pride|love)"
)
_FIGURATIVE_AFTER = re.compile(
    r"^ (?:(?:with|from|of|out of) (?:pure |sheer |utter |total |all the )?"
    + FIGURATIVE_CAUSE
    + r"|laughing)\b"
)
# "breathless with excitement", "heart racing from nerves": a feeling, not a symptom.
_EMOTION_AFTER = re.compile(
    r"^ (?:with|from) (?:pure |sheer |utter |total |all the )?(?:"
    + FIGURATIVE_CAUSE
    + r"|nerves|nervousness)\b"
)
# "... when I saw the price", "at the sight of it": a fright or a thrill, not a symptom ("when I
# got up" is not among them: fainting on standing is a sign).
AT_A_SIGHT = (
    r"(?:(?:when|as|whenever|every time|the moment|once) (?:i|we) (?:first )?(?:saw|see|seen"
    r"|heard|hear|read|looked at|look at|checked|check|opened|open|realised|realized|noticed"
    r"|spotted|got (?:the|my|a|an|that) (?:\w+ )?(?:bill|results?|email|text|message|letter"
    r"|invoice|quote|time|news|call|price))"
    # "at the price", "at the race entry fee", "at the cost of new shoes"
    r"|at (?:the|that|this|my|our) (?:\w+ ){0,2}?(?:sight|thought|price|prices|cost|costs|bill|fee"
    r"|fees|news|prospect|idea|sound|total|quote)"
    r"|(?:on )?(?:seeing|hearing|reading|looking at|checking|realising|realizing))\b"
)


class _Rule(NamedTuple):
    sign: str
    keys: str  # word beginnings, one of which every match contains (skips the rule quickly)
    pattern: re.Pattern
    context: bool = False
    before: re.Pattern | None = None
    after: re.Pattern | None = None
    check: Callable[[_Doc, re.Match], bool] | None = None


def _re(pattern: str) -> re.Pattern:
    return re.compile(pattern)


GAP = r"[^.!?;\n]{0,%d}?"
# Longer than a hard effort leaves anyone out of breath ("for ages", "took forever").
LONG = (
    r"(?:ages|forever|hours|an hour|(?:half|over|more than|nearly|almost) an hour|a long time"
    r"|so long|too long|a very long time|a really long time)"
)
# Breathing coming back to normal.
_SETTLE = (
    r"(?:settle|settled|recover|recovered|come back|came back|return to normal|returned to normal"
    r"|go back to normal|get back to normal|calm down|calmed down|slow down|slowed down)"
)
# Getting a breath back: "get my breath back", "caught my breath".
_GET_BREATH = r"(?:get|got|gotten|catch|caught|recover|recovered|regain|regained)"
# Not done, or not yet: "didn't", "never", "still haven't".
_NOT_YET = r"(?:didnt|did not|never|wouldnt|would not|wont|will not|havent|have not|hasnt|has not)"
_TOOK = r"(?:took|takes|take|taking)"
CANT = r"(?:cant|cannot|can not|couldnt|could not|unable to)"
# "got knocked out of the club quiz": out of a competition, not unconscious or hurt.
KNOCKED_OUT_OF = (
    r"^ of (?:the|a|an|our|my|his|her|their)(?: \w+){0,3}? (?:quiz|competition|comp|cup"
    r"|tournament|league|race|round|contest|game|match|playoffs?|draw|heats?|semis?"
    r"|semi-?finals?|finals?|knockouts?)\b"
)
PAIN = (
    r"(?:pain(?![- ]?free)|pains|painful|hurt|hurts|hurting|ache|aches|aching|achy|sore|soreness"
    r"|throb\w*|agony|stabbing|burning|twinges?)"
)
# Pain, or any symptom a pronoun like "it" could stand for.
_PAIN_CONTEXT = _re(
    r"\b(?:pain|pains|painful|hurt|hurts|hurting|ache|aches|aching|achy|sore"
    r"|soreness|throb\w*|agony|stabbing|burning|twinges?|stiff\w*|spasms?|numb\w*"
    r"|tingl\w*|tight\w*|pressure|discomfort)\b"
)
LIMB = r"(?:arms?|hands?|legs?|grip|fingers?|wrists?|feet|foot|thighs?|calf|calves)"
TARGET = (
    r"(?:arms?|jaw|jawline|mandible|hands?|fingers?|elbows?|wrists?|armpits?|biceps?|forearms?)"
)
NIGHT_PHRASE = (
    r"(?:at night|in the night|during the night|through the night|overnight"
    r"|middle of the night|all night|every night|at nighttime|at night-time|nightly"
    r"|at bedtime|(?:most|some|many|every|at) nights|in bed at night|night after night"
    r"|day and night|night and day)"
)
SUBJECT = r"\b(?:i|im|ive|we|weve|he|she|they|hes|shes)\b"
# The way from where pain starts to where it spreads: no new clause on the way ("my pain goes
# down when I stretch my arms" is not spreading).
ROUTE = r"(?:(?!\b(?:when|whenever|if|after|while|once|as|i|because|before)\b)[^.!?;\n]){0,60}?"
_HYPOTHETICAL = re.compile(
    r"\b(?:would|might|could|may|will|wont|gonna|going to|worry|worried"
    r"|afraid|scared"
    r"|fear|avoid|dont|not|never|if)\b"
)
VEHICLE = (
    r"(?:car|cars|bike|bicycle|cyclist|bicyclist|bus|truck|van|lorry|taxi|cab|vehicle"
    r"|driver|motorbike|motorcycle|motorist|scooter|e-?bike|ebike|runner|jogger|skater"
    r"|skateboarder|horse|dog|suv|jeep|tram|train)"
)
# Falling for something: "fell for", "fell head over heels in love with", "fell hard for".
FELL_FOR = (
    r"(?:(?:head over heels|hard|madly|deeply|truly|completely|totally|instantly|straight"
    r"|properly|a little|a bit|right) )?(?:for|in love)\b"
)
FALL_SEASON_NOUN = (
    r" ?(?:marathon|half|race|races|season|\d+k|ultra|training|block|plan|program"
    r"|programme|schedule|day|days|morning|run|runs|colou?rs|leaves|weather|break"
    r"|semester|term|league|event|series|trail race|cross country)\b"
)
_SPORT = _re(
    r"\b(?:run|runs|ran|running|jog\w*|train|training|workouts?|work out|working out"
    r"|exercis\w*"
    r"|gym|race|races|racing|sprints?|intervals|cycl\w*|ride|riding|hot|heat|humid\w*"
    r"|summer)\b"
)
_ACTIVITY_BEFORE_NIGHT = _re(
    r"\b(?:run|runs|ran|running|runner|jog\w*|train|trains|training|trained|workouts?|work out"
    r"|working out|exercis\w*|stretch\w*|foam\w*|roll|rolling|gym|walk\w*|ride|rides|riding"
    r"|cycl\w*|shifts?|race|races|racing|sprints?|intervals|miles?|km|laps|eat|eating|work"
    r"|working|study|studying|read|reading|drive|driving|outside)\b"
)


def _night_not_activity(doc: _Doc, m: re.Match) -> bool:
    """'I run at night', 'stretching at night': the night belongs to an activity, not to pain."""
    start = m.start("pn") if m.groupdict().get("pn") is not None else m.start()
    before = " ".join(doc.text[max(0, start - 40) : start].split()[-3:])
    return not _ACTIVITY_BEFORE_NIGHT.search(before)


def _between_no_contrast(doc: _Doc, m: re.Match) -> bool:
    between = doc.text[m.end("p1") : m.start("pn")]
    return not re.search(
        r"\b(?:but|though|although|however|except|whereas|unlike)\b", between
    ) and _night_not_activity(doc, m)


_COLD = _re(
    r"\b(?:cold|colder|coldest|chilly|winter|wintry|wintertime|freezing|frozen|frost\w*"
    r"|icy|snow\w*|sub-?zero|below zero|below freezing|minus \d+|gloves?|mittens?"
    r"|(?:sea |icy |bitter |biting |cold |strong |the )?wind|windchill|wind chill)\b"
)
_NOT_EXTREMITY = _re(
    r"\b(?:arms?|legs?|back|chest|shoulders?|neck|spine|jaw|groin|saddle|buttocks?"
    r"|face|side|thighs?|body|bladder|bowels?)\b"
)


_PART_BREAK = re.compile(r"[,;]|\b(?:anyway|but|though|although|also|and now)\b")


def _clause_around(sentence: str, position: int) -> str:
    """The part of a sentence between the clause breaks around `position`."""
    starts = [0] + [b.end() for b in _PART_BREAK.finditer(sentence) if b.end() <= position]
    ends = [b.start() for b in _PART_BREAK.finditer(sentence) if b.start() >= position]
    return sentence[starts[-1] : ends[0] if ends else len(sentence)]


def _not_from_cold(doc: _Doc, m: re.Match) -> bool:
    """Hands or fingers numb from the cold in winter are not a warning sign (a body part
    named in another clause of the sentence, "what helps my back", does not change that)."""
    sentence_start = doc.sentence_start(m.start())
    sentence = doc.sentence(m.start())
    return not doc.affirmed(_COLD, m.start()) or bool(
        _NOT_EXTREMITY.search(_clause_around(sentence, m.start() - sentence_start))
    )


_EFFORT = _re(
    r"\b(?:hills?|hilly|uphill|(?:the|a|long|steep|big|every|each|last|final) climbs?|sprint(?:s|ed)?"
    r"|sprinting|intervals?|reps?|repeats|tempo|fartlek|threshold (?:runs?|sessions?|efforts?"
    r"|pace|intervals)|races?|racing|speed ?work|speed sessions?|fast|finish(?:ing)? (?:kick"
    r"|line|sprint|straight)|(?:go|goes|going|went|gone) all-? ?out|all-out|flat out"
    r"|max(?:imal|imum)? efforts?|hard (?:runs?|efforts?|sessions?)|workouts?|track|hiit)\b"
)
_AT_REST = _re(
    r"\b(?:walk\w*|rest|resting|sitting|sit|still|lying|stairs|easy|slow|no reason"
    r"|all the time|at night|talking)\b"
)


# Breathing hard told as what everyone does: "like everyone else in the group", "nothing
# unusual", "that's the point", "that's hills for you".
_SAID_NORMAL = _re(
    r"\b(?:like (?:everyone|everybody|anyone|all the others|the others|the rest of (?:us|them"
    r"|the \w+)|(?:any|every|all)(?: other)? (?:runners?|athletes?))|as (?:everyone|everybody)"
    r" (?:does|is|was|gets|did)|everyone (?:else )?(?:is|was|gets|got|does|did)|nothing"
    r" (?:unusual|abnormal|out of the ordinary|weird|strange|odd|worrying|alarming|serious"
    r"|to worry about)|(?:totally|perfectly|completely|entirely|quite|pretty|fairly)"
    r" (?:normal|expected|standard|fine)|(?:which|that|it) is (?:just )?(?:normal|expected"
    r"|fine|the (?:whole )?point|the idea)|(?:thats|its) (?:just )?(?:normal|expected|fine"
    r"|the (?:whole )?point|the idea)|thats (?:\w+ ){1,2}?for you|part of the (?:workout"
    r"|session|training|deal|process)|as (?:it|they) should(?: be)?|what (?:youd|you would)"
    r" expect|(?:like|as) always|as (?:usual|expected|youd expect|you would expect|normal)"
    r"|to be expected|of course|obviously|naturally"
    # "breathless at the end because I went for a sprint finish": the effort told as the cause
    r"|because (?:i|we) (?:went|did|was|were|ran|had|pushed|raced|sprinted|tried))\b(?!\s*\?)"
)
# How long "a minute later" may be: seconds, a moment, up to a few minutes.
_BRIEF = (
    r"(?:(?:about |around |under |less than |only |just )?(?:(?:a|one|two|three|a few|few"
    r"|a couple of|a couple|[1-3]) (?:minutes?|mins?)(?: or (?:two|so))?|(?:a |a few |few "
    r"|a couple of |\d+ |ten |twenty |thirty )?(?:seconds|secs|moments?|breaths)))"
)
# When it is over: "within a minute", "a minute later", "after a short rest", "once I stop".
_SOON = (
    r"(?:(?:in|within|after) " + _BRIEF + r"(?: of (?:easy |slow )?(?:walking|jogging|rest"
    r"|resting|recovery))?|" + _BRIEF + r" (?:later|after(?:wards)?)|after (?:walking|resting"
    r"|jogging) (?:for )?" + _BRIEF + r"|after (?:a )?(?:short |quick |little |brief )?(?:rest"
    r"|breather|walk|jog|recovery|pause|cool ?-?down)|(?:once|when|as soon as) (?:i|we)"
    r" (?:stop\w*|slow\w*|walk\w*|eas\w* off|finish\w*|rest\w*)|between (?:reps|intervals"
    r"|efforts|repeats|sets))"
)
_RECOVER = (
    r"(?:recover\w*|settl\w*|calm\w* down|(?:get|gets|got|getting) (?:my |it )?breath back"
    r"|(?:catch|catches|caught|catching) (?:my )?breath|pass(?:es|ed)?|(?:go|goes|went|going"
    r"|gone) (?:away|back to normal|back down|down)|subsid\w*|eas(?:es|ed|ing)? off|slow(?:s"
    r"|ed)? (?:back )?down|(?:back|returns?|returned) to normal|normal again|(?:come|comes|came"
    r"|coming) (?:back )?down|drops?|dropped|fine|ok|okay|alright|all right)"
)
# Over at once: "recovered quickly", "fine a minute later", "back to normal after a short rest",
# "then fine".
_PASSES = _re(
    r"\b(?:"
    + "|".join(
        (
            _RECOVER + r"(?: (?:really|very|pretty|so|super|quite|fairly|almost|nearly))*"
            r" (?:quickly|quick|fast|soon|straight away|right away|immediately|at once"
            r"|in no time)",
            _RECOVER + r"(?: \w+){0,3}? " + _SOON,
            _SOON + r"(?: \w+){0,3}? " + _RECOVER,
            r"then (?:fine|ok|okay|alright|normal|back to normal)",
        )
    )
    + r")\b(?!\s*\?)"
)
# "I couldn't get my breath back quickly", "it won't settle quickly": not over at once.
_UNABLE_BEFORE = _re(
    r"\b(?:cant|cannot|can not|couldnt|could not|wont|wouldnt|unable to|struggl\w* to|fail\w* to"
    r"|slow to)(?: \w+){0,2}? $"
)
# Longer than a hard effort leaves anyone breathless, or worse than it used to be.
_WORSE_THAN_USUAL = _re(
    r"\b(?:more than (?:usual|normal|before|everyone|the others|others|i used to)|worse|unusually"
    r"|than (?:usual|normal|before|i used to)|lately|recently|suddenly|these days|anymore"
    r"|any more|easily|ever since|since (?:my|the) (?:\w+ ){0,2}?(?:started|began)|for (?:"
    + LONG
    + r"|the rest of the \w+)|hours (?:later|after)|all day|"
    + _TOOK
    + r" (?:me )?"
    + LONG
    + r")\b"
)


def _once_a_sentence(check: Callable[[_Doc, re.Match], bool]) -> Callable[[_Doc, re.Match], bool]:
    """A check that reads only the sentence a match is in, run once a sentence: a long sentence
    with many matches is read once, not once a match."""

    @wraps(check)
    def checked(doc: _Doc, m: re.Match) -> bool:
        key = (check, doc.sentence_start(m.start()))
        if key not in doc.by_sentence:
            doc.by_sentence[key] = check(doc, m)
        return doc.by_sentence[key]

    return checked


def _told_passing(doc: _Doc, pos: int) -> bool:
    """Whether the sentence at `pos` tells the breathing or heartbeat as over at once, in words
    no negation denies."""
    sentence = doc.sentence(pos)
    return any(
        not _UNABLE_BEFORE.search(sentence, max(0, told.start() - 40), told.start())
        for told in doc.affirmed(_PASSES, pos)
    )


def _at_rest(sentence: str) -> bool:
    """Whether a sentence puts the breathing at rest, walking or easy running, leaving out the
    words that tell it as normal or over ("fine after a short rest")."""
    return bool(_AT_REST.search(_PASSES.sub(" ", _SAID_NORMAL.sub(" ", sentence))))


@_once_a_sentence
def _not_from_effort(doc: _Doc, m: re.Match) -> bool:
    """Breathing hard in a hard effort (hills, sprints, reps, races) is not breathlessness."""
    sentence = doc.sentence(m.start())
    return not _EFFORT.search(sentence) or _at_rest(sentence)


@_once_a_sentence
def _not_said_normal_effort(doc: _Doc, m: re.Match) -> bool:
    """Breathless or gasping after sprints, reps or hills 'like everyone else in the group,
    nothing unusual', 'that's the point', or 'recovered quickly', 'fine a minute later', is not
    breathlessness; at rest, walking, lasting, or worse than it used to be, it still is."""
    sentence = doc.sentence(m.start())
    if (
        not (doc.affirmed(_SAID_NORMAL, m.start()) or _told_passing(doc, m.start()))
        or not _EFFORT.search(sentence)
        or _WORSE_THAN_USUAL.search(sentence)
    ):
        return True
    return _at_rest(sentence)


# A heart that skips or flutters is a sign after any effort; one that races or pounds may not be.
_IRREGULAR_BEAT = _re(
    r"\b(?:skip\w*|flutter\w*|irregular\w*|erratic\w*|out of rhythm|missed beats?|extra beats?"
    r"|palpitations?|weird\w*|strange\w*|funny)\b"
)


@_once_a_sentence
def _not_effort_heartbeat(doc: _Doc, m: re.Match) -> bool:
    """A heart pounding after the last hill 'then fine a minute later' is effort, read as
    breathing hard after it is; a heart that skips or flutters is still a sign."""
    if _IRREGULAR_BEAT.search(doc.sentence(m.start())):
        return True
    return _not_said_normal_effort(doc, m)


_STRENGTH_WORK = _re(
    r"\b(?:push-?ups?|press-?ups?|bench(?:ing)?|pecs?|chest day|lifting|weights"
    r"|dips"
    r"|workout|gym|flyes|flies)\b"
)


def _part_words(m: re.Match) -> str:
    """The words of a match's parts (its groups p1, p2, ...), joined."""
    return " ".join(
        value for name, value in m.groupdict().items() if value and name.startswith("p")
    )


def _not_workout_soreness(doc: _Doc, m: re.Match) -> bool:
    """A chest sore or stiff the day after push-ups is muscle soreness, not chest pain."""
    words = _part_words(m)
    return not (
        re.search(r"\b(?:sore|soreness|stiff\w*|achy)\b", words)
        and _STRENGTH_WORK.search(doc.sentence(m.start()))
    )


# Clothes and straps that can squeeze a chest ("top" only with a word that makes it a garment:
# "from the top of the hill" is not one).
KIT = (
    r"(?:(?:sports |running |compression |crop |tank |new |tight |my )(?:top|tops|shirt|vest)"
    r"|sports bras?|bras?|t-?shirt|tee|singlet|jersey|base ?layer|(?:race|hydration|running)"
    r" (?:vest|pack)|vest|compression (?:gear|kit|shirt|top)|jacket|straps?|hrm"
    r"|heart rate (?:monitor|strap)|harness|backpack|rucksack|(?:running |waist )?belt|binder"
    r"|wetsuit|jumper|hoodie)"
)
# "tight because my sports bra is a size too small", "my top is too small": the kit, not the chest.
_TIGHT_KIT = _re(
    r"\b(?:because(?: of)?|cause|cos|coz|due to|thanks to|from|blame|its just|its only)"
    r" (?:(?!(?:like|as)\b)\w+ ){0,4}?" + KIT + r"\b"
    r"|\b(?:my|new|the|this|that) (?:\w+ ){0,2}?" + KIT + r" (?:is |are |was |feels |being )?"
    r"(?:\w+ )?(?:too (?:small|tight|snug)|a size too small|digs? in|digging in|squeez\w*"
    r"|pinch\w*)"
)
_SQUEEZE = _re(r"\b(?:tight\w*|pressure|pressing|squeez\w*|constrict\w*|compress\w*|restrict\w*)\b")


def _not_tight_kit(doc: _Doc, m: re.Match) -> bool:
    """A chest tight only because a sports bra, top or strap is too small is the kit, not chest
    pain; a simile ("tight like a bra two sizes too small") still is."""
    if not _SQUEEZE.search(_part_words(m) or m.group()):
        return True
    sentence_start = doc.sentence_start(m.start())
    sentence = doc.sentence(m.start())
    for kit in _TIGHT_KIT.finditer(sentence):
        before = " ".join(sentence[: kit.start()].split()[-3:])
        if re.search(r"\b(?:like|as if|as though)\b", before):
            continue
        if not doc.negated(sentence_start + kit.start()):
            return False
    return True


def _chest_not_explained(doc: _Doc, m: re.Match) -> bool:
    """Neither soreness after push-ups nor a tight chest put down to the kit."""
    return _not_workout_soreness(doc, m) and _not_tight_kit(doc, m)


_NEARLY = _re(
    r"\b(?:nearly|almost|practically|virtually|about to|just about|near enough|could have"
    r"|couldve|could of) (?:had|have|having|gave myself|give myself|got) (?:a |an )?(?:mini "
    r"|small |little )?$"
)
_MEDICAL = _re(
    r"\b(?:doctors?|gp|hospital|cardiolog\w*|ambulance|paramedics?|a and e|er|ecg|ekg|stent"
    r"|diagnos\w*|chest|arms?|jaw|breath\w*|sweat\w*|symptoms?)\b"
)


def _not_a_fright(doc: _Doc, m: re.Match) -> bool:
    """'Dropped my phone and nearly had a heart attack' is a fright; with a doctor or a symptom
    in the sentence it may not be."""
    if not _NEARLY.search(doc.text, max(0, m.start() - 40), m.start()):
        return True
    return bool(_MEDICAL.search(doc.sentence(m.start())))


def _no_sport_in_sentence(doc: _Doc, m: re.Match) -> bool:
    """Sweating at night on a run, or in the heat, is not a night sweat."""
    return not _SPORT.search(doc.sentence(m.start()))


def _not_hypothetical(doc: _Doc, m: re.Match) -> bool:
    """'I'd fall over if I tried', 'I'm worried I might fall': no fall happened."""
    return not _HYPOTHETICAL.search(doc.text, m.start(), m.start("p1"))


_AUTUMN = _re(
    r"\b(?:in|during|since|before) the (?:\w+ )?fall$"
    r"|\b(?:in|during|before) (?:this|that) (?:\w+ )?fall$"
    r"|\b(?:late|early|last|this|next) fall$"
)


# "won't that wreck my calves", "would that crash my pace": "that" and a verb after a modal
_MODAL_THAT = re.compile(
    r"\b(?:wont|will|would|wouldnt|could|couldnt|might|can|cant|does|doesnt|did|didnt) $"
)

_VERB_OBJECT = re.compile(r" (?:my|your|the|his|her|our|their|it|me|everything)\b")


def _not_a_verb(doc: _Doc, m: re.Match) -> bool:
    """A crash or wreck named as a thing, not "won't that wreck my calves"."""
    return not (
        m.group().startswith("that ")
        and m.group("p1") in ("crash", "wreck")
        and _VERB_OBJECT.match(doc.text, m.end())
        and _MODAL_THAT.search(doc.text, max(0, m.start() - 20), m.start())
    )


def _not_autumn(doc: _Doc, m: re.Match) -> bool:
    """'since the fall', 'in the fall': the season, not a fall."""
    return m.group("p1") != "fall" or not _AUTUMN.search(doc.text, m.start(), m.end())


def _blow_to_the_body(doc: _Doc, m: re.Match) -> bool:
    """'took a hit' is an injury only when it lands on the body ('a blow to my back'), not
    when 'my mileage took a hit'."""
    if not re.search(r"(?:knock|blow|hit|bump)$", m.group("p1")):
        return True
    return bool(
        re.search(
            r"\b(?:to|on) (?:my|the) (?:back|head|neck|spine|shoulder|chest)\b",
            doc.text[m.start() : m.end() + 30],
        )
    )


# After a racing or pounding heart: nerves, a thrill or a sight, not a symptom.
_HEART_AFTER = _re(
    r"^(?: \w+){0,5}? (?:from|with|because of|due to|out of|for) (?:the |pure |sheer "
    r"|race )?(?:nerves|nervousness|adrenaline|" + FIGURATIVE_CAUSE + r")\b"
    r"|^(?: \w+){0,2}? (?:at|on) the start(?:ing)? ?(?:line|gun)?\b"
    # "heart racing after a 5k PR, what a feeling!"
    r"|^(?: \w+){0,2}? (?:after|from) (?:a |my |the )?(?:new )?(?:\w+ )?(?:pr|pb|personal best"
    r"|personal record|win|victory|podium)\b"
    # "my heart skipped a beat when I saw my new parkrun time"
    r"|^(?: \w+){0,3}? " + AT_A_SIGHT
)

_CHEST_NOT = (
    r"(?!\s*-?\s*(?:opener|openers|opening|stretch\w*|press|presses|straps?|fly|flies"
    r"|muscles?"
    r"|day|workouts?|exercises?|expansion|pull|wall|of drawers|high|deep|hair|x-?ray"
    r"|freezer|pocket|cavity|compressions?|binder|mount|harness|rig)\b)"
)

_RULES: list[_Rule] = [
    # ---- chest pain or pressure
    _Rule(
        CHEST,
        "chest breastbone sternum retrosternal substernal",
        _re(
            r"\b(?P<p1>chest|breastbone|sternum|retrosternal|substernal)\b"
            + _CHEST_NOT
            + r"[^.!?;,\n]{0,40}?\b(?P<p2>pain|pains|painful|hurt\w*|ache\w*|aching|achy"
            r"|tight\w*|pressure|pressing|squeez\w*|heavy|heaviness|discomfort|burn\w*"
            r"|crush\w*|constrict\w*|stab\w*|sharp|sore|elephant|band|weight|sitting on"
            r"|kneeling on|standing on|stood on|knelt on"
            r"|clench\w*|twing\w*|pang\w*|gripp\w*|vice|vise|caving|compress\w*|on fire"
            r"|fire)\b"
        ),
        check=_chest_not_explained,
    ),
    _Rule(
        CHEST,
        "chest breastbone sternum breast",
        _re(
            r"\b(?P<p1>pain|pains|tightness|tight|pressure|ache|aches|aching|hurting"
            r"|discomfort|burning|heaviness|heavy|tightening|squeezing|squeeze|crushing|crush|tight band"
            r"|band of (?:pain|pressure|tightness)|like a (?:band|weight|vice|vise|brick|ton"
            r"|rock)|heavy weight|sitting|standing|pressing|kneeling|stood|sat|stabbing"
            r"|elephant|vice|vise|pangs?|twinges?|sharpness)\b(?: \w+){0,3}? (?:in|on|across"
            r"|around|round|through|behind|inside|at|of|into|under|beneath|below) (?:the (?:middle"
            r"|centre|center|left side|right side|front) of )?(?:my |me |the |his "
            r"|her )?(?:upper |left |right |center |centre |middle |whole )?(?P<p2>chest"
            r"|breastbone|sternum|breast)\b" + _CHEST_NOT
        ),
        check=_chest_not_explained,
    ),
    _Rule(
        CHEST,
        "front",
        # "my whole front feels crushed and achy"
        _re(
            r"\b(?P<p1>(?:whole )?front(?: of me)? (?:feels?|felt|is|was) (?:\w+ )?(?:crushed|squeezed"
            r"|tight|heavy|compressed))\b"
        ),
    ),
    _Rule(
        CHEST,
        "holding clutching gripping",
        _re(
            r"\b(?P<p1>(?:holding|clutching|clutched|gripping|grabbing|grabbed) (?:at )?my chest)\b"
        ),
    ),
    _Rule(
        CHEST,
        "elephant",
        # "feels like an elephant is sitting on me"
        _re(
            r"\b(?P<p1>(?:an |a )?elephant (?:is |was |were )?(?:sitting|standing|stood|sat|lying"
            r"|stepping|standing) on (?:me|my))\b"
        ),
    ),
    _Rule(
        CHEST,
        "band ribs ribcage squeeze",
        # "like a band tightening round my ribs": pressure around the chest, said of the ribs
        _re(
            r"\b(?P<p1>(?:tight |tightening |squeezing )?band|vice|vise|pressure|crushing"
            r"|squeezing|tightening|squeeze)\b(?: \w+){0,3}? (?:round|around|across|on|in) (?:my |the )?"
            r"(?:middle of (?:my |the )?)?(?:whole )?(?P<p2>ribs|ribcage|rib cage)\b"
        ),
        check=_chest_not_explained,
    ),
    _Rule(
        CHEST,
        "chest",
        _re(
            r"\b(?P<p1>(?:tight|heavy|painful|sore|aching|achy|burning|crushing|squeezing"
            r"|pounding|hurting|constricted) chest)\b" + _CHEST_NOT
        ),
        check=_chest_not_explained,
    ),
    _Rule(
        CHEST,
        "squeezing crushing constricting compressing",
        # "a band squeezing my chest": pressure on the chest, said with a verb
        _re(
            r"\b(?P<p1>squeez\w*|crush\w*|constrict\w*|compress\w*) (?:my|the|his|her) "
            r"(?:upper |whole )?(?P<p2>chest)\b" + _CHEST_NOT
        ),
        check=_chest_not_explained,
    ),
    _Rule(
        CHEST,
        "angina heart cardiac palpitation",
        _re(r"\b(?P<p1>angina|heart attack|cardiac arrest|palpitations?|cardiac pain)\b"),
        before=_re(
            r"(?:gave|give|giving|gives) (?:me |you )?(?:a |an )?(?:mini |small "
            r"|little )?$"
        ),
        check=_not_a_fright,
    ),
    # The heart and what it does are two parts: "my heart isn't racing" denies the racing.
    _Rule(
        CHEST,
        "heart",
        _re(
            r"\b(?P<p1>heart) (?:\w+ ){0,5}?(?P<p2>racing|races|raced|pounding|pounds"
            r"|fluttering|flutters|skipping|skips|skipped|irregular\w*|erratic\w*|out of rhythm"
            r"|beating (?:\w+ )?(?:weird\w*|strange\w*|funny))\b"
        ),
        after=_HEART_AFTER,
        check=_not_effort_heartbeat,
    ),
    _Rule(
        CHEST,
        "racing pounding fluttering",
        # not "my racing heart rate is about 175": the heart rate in races
        _re(r"\b(?P<p1>(?:racing|pounding|fluttering) heart(?: ?beats?)?)\b(?![ -]?rates?\b)"),
        after=_HEART_AFTER,
        check=_not_effort_heartbeat,
    ),
    _Rule(
        CHEST,
        "irregular",
        _re(r"\b(?P<p1>irregular (?:heart ?beat|heart rhythm|pulse)|heart ?beat is irregular)"),
    ),
    # "it's in my chest" with pain mentioned elsewhere.
    _Rule(
        CHEST,
        "chest",
        _re(
            r"\b(?:it|its|this|that|the pain|the ache|it moved|it spread\w*"
            r"|it went)\b(?: \w+){0,3}? (?:in|into|to|across|around|behind) (?:my "
            r"|the )?(?P<p1>chest)\b" + _CHEST_NOT
        ),
        context=True,
    ),
    # ---- numbness or tingling
    _Rule(
        NUMB,
        "numb tingl pins prickling pricking paraesthes paresthes dysaesthes dysesthes",
        _re(
            r"\b(?P<p1>numb|numbness|numbed|numbing|numbly|tingl\w*|(?<!\bon )pins and needles|prickling"
            r"|pa?raesthesi\w*|paresthesi\w*|dysaesthesi\w*|dysesthesi\w*"
            r"|pricking sensation)\b"
        ),
        # "mind-numbing", "brain's kinda numb from all the race admin"; "on pins and needles"
        # (waiting anxiously) is the idiom, not the sign (the lookbehind above)
        before=_re(
            r"(?:mind|brain|brains|head)(?:s| is| feels| felt)?(?: kinda| sort of| a bit| so)? ?-?\s?$"
        ),
        after=_FIGURATIVE_AFTER,
        check=_not_from_cold,
    ),
    _Rule(
        NUMB,
        "feel",
        _re(
            r"\b(?P<p1>" + CANT + r" (?:really )?feel (?:the (?:inside|outside|front|back|tips)"
            r" of )?(?:my|his|her|their|anything in my|the|much in my) (?:\w+ )?(?:arms?|hands?"
            r"|fingers?|legs?|feet|foot|toes?|face|back|chest|side|thumbs?|thighs?|groin"
            r"|buttocks?|bum))"
        ),
        check=_not_from_cold,
    ),
    _Rule(
        NUMB,
        "feeling sensation",
        _re(
            r"\b(?P<p1>(?:loss|lost|losing|lose|no|reduced|decreased|less"
            r"|lack) (?:of )?(?:all |the |any )?(?:feeling|sensation))\b(?! (?:of|that|like))"
        ),
        check=_not_from_cold,
    ),
    _Rule(
        NUMB,
        "fuzzy buzzy fizzy feel",
        _re(
            r"\b(?:fingers?|fingertips?|hands?|toes?|feet|foot|arms?|legs?)(?: \w+){0,1}? (?:go|goes"
            r"|going|gone|went|are|is|feel|feels|felt|get|gets) (?:all )?(?P<p1>fuzzy|buzzy|fizzy)"
            r"\b|\b(?P<p2>" + CANT + r" feel (?:my )?(?:phone|keys|the keys|the screen))\b"
        ),
        check=_not_from_cold,
    ),
    _Rule(
        NUMB,
        "sleeping asleep",
        # "my right hand is sleeping while I run": asleep, in other words
        _re(
            r"\b(?:arms?|forearms?|hands?|fingers?|legs?|foot|feet|toes?)(?: \w+){0,1}? (?:is|are"
            r"|keeps?|keep|feel|feels|felt) (?P<p1>sleeping|asleep|falling asleep)\b"
        ),
        check=_not_from_cold,
    ),
    _Rule(
        NUMB,
        "asleep dead",
        _re(
            r"\b(?:arms?|hands?|fingers?|legs?|foot|feet|toes?|face|shoulder"
            r"|thumbs?)(?: \w+){0,2}? (?P<p1>(?:falls?|fell|falling|fallen|goes|going|gone"
            r"|went|keeps? (?:falling|going)) (?:asleep|dead))\b"
        ),
        check=_not_from_cold,
    ),
    _Rule(
        NUMB,
        "electric zaps",
        _re(
            r"\b(?P<p1>electric(?:al)? (?:shocks?|zaps?|jolts?|currents?|sensations?)"
            r"|zaps)(?: \w+){0,3}? (?:down|in|into|through|along|up) (?:my "
            r"|the )?(?:\w+ )?(?:arms?|hands?|legs?|fingers?|back|spine|neck)\b"
        ),
    ),
    # ---- breathlessness
    _Rule(
        BREATH,
        "breath dyspn puff",
        _re(
            r"\b(?P<p1>short(?:ness)? of breath|breathless\w*|breathlesness|dyspno?ea\w*|out of puff"
            r"|dyspnoeic|dyspneic)\b"
        ),
        after=_EMOTION_AFTER,
        check=_not_said_normal_effort,
    ),
    _Rule(
        BREATH,
        "breath air oxygen",
        _re(
            r"\b(?P<p1>" + CANT + r" (?:seem to |seems to |manage to |\w+ )?"
            r"(?:catch (?:my |a )?breath|breathe?|breathing"
            r"|get (?:my |a )?breath(?: back)?|(?:recover|regain) (?:my )?breath"
            r"|get (?:enough |any )?(?:air|oxygen)|get (?:a |my )?(?:full|deep|proper"
            r"|good) breath|take (?:a )?(?:full|deep|proper) breaths?))\b"
        ),
        after=_re(
            r"^(?: \w+)? (?:through|thru|out of|with|in through) (?:my |your "
            r"|the )?(?:nose|mouth)|^ (?:like|as) (?:i used to|before|well)"
        ),
        check=_not_said_normal_effort,
    ),
    # Breath that does not come back: "didn't get my breath back", "took forever to get my
    # breath back", "my breathing wouldn't settle".
    _Rule(
        BREATH,
        "breath",
        _re(
            r"\b(?P<p1>"
            + "|".join(
                (
                    _NOT_YET + r" (?:\w+ )?" + _GET_BREATH + r" (?:my |a )?breath(?: back)?",
                    _TOOK + r" (?:me )?" + LONG + r" (?:to|before (?:i|it)|until (?:i|it))"
                    r" (?:\w+ )?" + _GET_BREATH + r" (?:my |a |back my )?breath",
                    _TOOK + r" (?:me )?" + LONG + r" for (?:my )?breath(?:ing)? to " + _SETTLE,
                    r"breath(?:ing)? (?:\w+ )?" + _TOOK + " " + LONG + r" to " + _SETTLE,
                    r"breath(?:ing)? " + _NOT_YET + r" (?:\w+ )?" + _SETTLE,
                )
            )
            + r")\b"
        ),
        check=_not_said_normal_effort,
    ),
    _Rule(
        BREATH,
        "sentence talk speak",
        # "so out of breath i cant finish a sentence even on an easy slow jog"
        _re(
            r"\b(?P<p1>" + CANT + r" (?:finish|complete|get out|say|speak in) (?:a |my |the |full "
            r"|whole ){1,2}sentences?)\b"
        ),
    ),
    _Rule(
        BREATH,
        "winded",
        _re(
            r"\b(?P<p1>winded (?:\w+ )?(?:faster|quicker|sooner|more easily|so easily|easily) than"
            r" (?:normal|usual|before|i used to)|winded (?:even )?(?:walking|at rest|sitting))\b"
        ),
    ),
    _Rule(
        BREATH,
        "straw",
        _re(r"\b(?P<p1>breath\w* (?:through|thru) a (?:straw|drinking straw))\b"),
    ),
    _Rule(
        BREATH,
        "breath air",
        _re(
            r"\b(?P<p1>can (?:barely|hardly|scarcely|only just) (?:breathe?"
            r"|catch (?:my )?breath|get (?:any |enough )?air))\b"
        ),
        check=_not_said_normal_effort,
    ),
    _Rule(
        BREATH,
        "breath air",
        _re(
            r"\b(?P<p1>(?:hard|difficult|struggl\w*|trouble|difficulty|problems?|issues?"
            r"|labou?red|fight\w*) (?:\w+ )?(?:to |with |when |while |for )?(?:breathe?"
            r"|breathing|air))\b"
        ),
        check=_not_from_effort,
        after=_re(
            r"^ (?:\w+ )?(?:technique|rhythm|pattern|cadence|exercises?|drills?|tips?"
            r"|form|through (?:my |the )?nose|with (?:my |the )?nose)"
        ),
    ),
    _Rule(
        BREATH,
        "breathing",
        _re(
            r"\b(?P<p1>breathing) (?:is |feels |has been |got |gets |was |becomes "
            r"|became )?(?:\w+ )?(?P<p2>difficult|hard|labou?red|shallow|restricted|tight"
            r"|fast and shallow|a struggle|painful|rapid)\b"
        ),
        check=_not_from_effort,
    ),
    _Rule(
        BREATH,
        "breath winded puff panting",
        _re(
            r"\b(?P<p1>out of breath|winded|puffed out|puffing|panting)\b"
            + GAP % 30
            + r"\b(?:walk\w*|sitting|sit|rest|resting|doing nothing|lying|talking|stairs|steps"
            r"|getting dressed|no reason|easily|easy|slow|all the time|constantly|suddenly"
            r"|at rest|standing|showering|anything|for " + LONG + r"|hours (?:later|after))\b"
        ),
    ),
    _Rule(
        BREATH,
        "breath",
        _re(
            r"\b(?:suddenly|always|constantly|so easily|really easily|easily"
            r"|so quickly) (?:\w+ )?(?:get |getting |gets |got |am |im |feel "
            r"|)(?P<p1>out of breath)\b"
        ),
    ),
    _Rule(
        BREATH,
        "gasp wheez suffocat air hyperventilat",
        _re(r"\b(?P<p1>gasp\w*|wheez\w*|suffocat\w*|air hunger|hyperventilat\w*)\b"),
        after=_re(
            r"^ (?:in|at|with|of) (?:\w+ )?(?:surprise|shock|awe|horror|delight"
            r"|disbelief|laughter)"
        ),
        check=_not_said_normal_effort,
    ),
    _Rule(
        BREATH,
        "air breath oxygen",
        _re(r"\b(?P<p1>(?:struggl\w*|fighting|hungry|desperate) for (?:air|breath|oxygen))\b"),
        check=_not_said_normal_effort,
    ),
    _Rule(
        BREATH,
        "breath air",
        _re(
            r"\b(?P<p1>(?:struggl\w*|trouble|hard|difficult|difficulty"
            r"|problems?) (?:\w+ )?(?:to )?(?:catch|catching|get|getting|take|taking) (?:my "
            r"|a |enough |any )?(?:full |deep )?(?:breath|breaths|air))\b"
        ),
        check=_not_said_normal_effort,
    ),
    # ---- fainting or dizziness
    _Rule(
        FAINT,
        "dizz light vertigo woozy giddy",
        _re(
            r"\b(?P<p1>dizz(?:y|iness|ier|iest)|light ?-?headed(?:ness)?|vertigo|woozy"
            r"|wooziness|giddy spells?)\b"
        ),
        # "dizzy spinning my niece round", "dizzy after the waltzer": spun round, as anyone is
        after=_re(
            r"^ (?:pace|heights of)|^ (?:with|from) (?:pure |sheer )?"
            + FIGURATIVE_CAUSE
            + r"|^(?: \w+){0,2}? (?:from |after |on |off )?(?:the |a )?(?:spinning|twirling"
            r"|spinning round|rollercoasters?|roller coasters?|waltzer|merry-go-round|carousel"
            r"|teacups|fairground)\b"
        ),
        # "the price of foam rollers made me dizzy": a figure of speech; "the rollercoaster left
        # me dizzy": what a ride does to anyone
        before=_re(
            r"\b(?:price|prices|cost|costs|bill|fee|fees|maths|math|numbers|jargon|choice"
            r"|choices|options|rollercoasters?|roller coasters?|fairground rides?|waltzer"
            r"|merry-go-round|carousel|teacups)\b(?: of| for)?(?: \w+){0,3}? (?:made|makes|make"
            r"|making|left|leaves) me (?:feel )?(?:a bit |so |really |quite |totally )?$"
        ),
    ),
    _Rule(
        FAINT,
        "sway tilt spin",
        _re(
            r"\b(?P<p1>(?:path|room|ground|world|floor|road|pavement|track)(?: \w+){0,2}? (?:tilting|tilted"
            r"|spinning|spun|swaying|moving|lurching)|i was swaying|swaying on my feet)\b"
        ),
    ),
    _Rule(
        FAINT,
        "syncop presyncop",
        _re(r"\b(?P<p1>(?:pre-?|near-?)?syncop\w*)\b"),
    ),
    _Rule(
        FAINT,
        "seeing saw see stars",
        _re(r"\b(?P<p1>(?:seeing|saw|see|seen) stars)\b"),
    ),
    _Rule(
        FAINT,
        "faint",
        _re(r"\b(?P<p1>faint(?:ed|ing|ness|s)?)\b"),
        after=_re(
            r"^ ?(?:ache|aches|pain|twinge|feeling|sense|sensation|hint|trace|click"
            r"|clicks|pop|popping|sound|noise|memory|idea|smell|line|lines|glow|mark"
            r"|outline|pulse|tingl\w*|numb\w*|soreness|burn\w*|tightness|pressure"
            r"|discomfort|stiffness|hope|chance|praise|of heart|light|voice|echo"
            r"|crack\w*|grind\w*|niggle)\b|^-"
            # "i nearly fainted when i saw the entry fee", "fainted from boredom": figures of speech
            r"|^ " + AT_A_SIGHT + r"|" + _FIGURATIVE_AFTER.pattern
        ),
        before=_re(r"\bthe $"),
    ),
    _Rule(
        FAINT,
        "pass black consciousness unconscious knocked keel collaps swoon nearly almost",
        _re(
            r"\b(?P<p1>pass(?:ed|es|ing)? out|black(?:ed|ing|s)? out|blackouts?"
            r"|lost consciousness|losing consciousness|lose consciousness|unconscious"
            r"|knocked out|keeled over|keel over|collaps\w*|swoon\w*|(?:nearly"
            r"|almost) (?:fell over|went down))\b"
        ),
        after=_re(
            r"^(?: \w+)? (?:on|onto|into|in) (?:the |my |a )?(?:couch|sofa|bed|chair"
            r"|armchair|heap|pile)|^ (?:curtains|blinds|flyers|leaflets|papers|drunk"
            r"|tables?)|^ (?:of|in) (?:my|the) (?:arch|arches|plans?|training|motivation"
            r"|lung)|"
            + KNOCKED_OUT_OF
            + r"|^(?: on the \w+)?(?: \w+)? (?:with|from|of) (?:pure |sheer |utter )?"
            + FIGURATIVE_CAUSE
            + r"\b|^ laughing\b"
        ),
        before=_re(
            r"(?:arch|arches|plan|plans|training|motivation|routine|tent|lung|chair"
            r"|mileage) (?:\w+ )?$"
        ),
    ),
    _Rule(
        FAINT,
        "vision eyesight sight",
        _re(
            r"\b(?P<p1>(?:vision|eyesight|sight)) (?:\w+ )?(?:went|goes|going|turned|turns|is"
            r"|was|started|starts|keeps|gets|got) (?:\w+ )?(?P<p2>black|dark|grey|gray|white"
            r"|blurry|fuzzy|dim|tunnel)\b"
        ),
    ),
    _Rule(
        FAINT,
        "everything",
        _re(
            r"\b(?P<p1>everything (?:went|goes|going|turned|turns"
            r"|started going) (?:\w+ )?(?:black|dark|grey|gray|white|fuzzy|blurry|spinny))\b"
        ),
    ),
    _Rule(
        FAINT,
        "spin spun",
        _re(
            r"\b(?P<p1>(?:room|world|everything) (?:is |was |started |starts |keeps |kept "
            r"|goes )?(?:spinning|spins|spun|spin))\b"
        ),
    ),
    _Rule(
        FAINT,
        "head",
        _re(
            r"\b(?P<p1>head (?:is |keeps |starts |started )?(?:spins|spinning|spun)) (?:when"
            r"|whenever|after|if|as soon as|every time)\b"
        ),
    ),
    # ---- fever, chills, night sweats
    _Rule(
        FEVER,
        "temp temperature",
        # "temp of 38.5", "my temperature was 39", "running a temp of 101": the reader's own
        # (not "the temperature is 38 degrees today")
        _re(
            r"(?:\b(?:my|a|running a|got a|have a|had a|with a)|^) ?(?P<p1>(?:temp|temperature)"
            r"(?: is| was| of| at| reading|:)? (?:about |around |like |over |nearly )?(?:3[89]|4[01]"
            r"|10[0-4])(?:[.,]\d)?)\b"
        ),
    ),
    _Rule(
        FEVER,
        "thermometer",
        _re(
            r"\b(?P<p1>(?:3[89]|4[01]|10[0-4])(?:[.,]\d)? (?:on|says|said|reads|read) (?:the|my) "
            r"thermometer|thermometer (?:says|said|reads|read|showed|shows) (?:3[89]|4[01]|10[0-4]))\b"
        ),
    ),
    _Rule(
        FEVER,
        "chatter shiver shak hot cold sheets",
        _re(
            # "teeth chattering under two duvets", "hot then cold since Thursday", "have to
            # change the sheets"
            r"\b(?P<p1>(?:teeth chattering|chattering teeth|shivering|shaking)(?: \w+){0,2}? under "
            r"(?:\w+ )?(?:duvets?|covers|blankets|quilts?)|hot then cold|cold then hot"
            r"|(?:have|had|having) to change (?:the |my )?(?:sheets|pyjamas|pajamas|bedding))\b"
        ),
    ),
    _Rule(
        FEVER,
        "fever febrile rigors",
        _re(r"\b(?P<p1>fever\w*|febrile|rigors)\b"),
        before=_re(
            r"(?:cabin|spring|marathon|race|racing|running|football|gold|night|hay"
            r"|disco|boogie|dance|bieber|playoff|election|jungle|parkrun|cup|olympic|olympics"
            r"|training|fitness|gym|trail|ultra) $"
        ),
        after=_re(r"^ (?:pace|pitch|excitement|dream|tree|few|pitch)\b"),
    ),
    _Rule(
        FEVER,
        "chills shivers shakes shivery shivering hot temperature",
        _re(
            r"\b(?P<p1>chills|the shivers|the shakes|shivery|(?:with|and|plus|also) a (?:high "
            r"|slight )?temperature|(?:feel|feeling|felt|am|im) (?:\w+ )?hot and cold"
            r"|shivering (?:uncontrollabl\w*|all night|at night|and sweat\w*|with (?:fever"
            r"|chills)))\b"
        ),
        before=_re(r"(?:gives?|gave|giving|send|sends|sent|sending) (?:me |you )?(?:the )?$"),
        # "chills down my spine", "chills in a good way when the crowd cheers"
        after=_re(
            r"^ (?:down|up) (?:my |the |your )?spine|^ out\b|^ (?:in a good way|of excitement"
            r"|from the crowd|when (?:the|i hear|i see))"
        ),
    ),
    _Rule(FEVER, "sweat night", _re(r"\b(?P<p1>night ?sweats?|night-sweats?)\b")),
    _Rule(
        FEVER,
        "sweat soak drench",
        _re(
            r"\b(?P<p1>(?:sweat\w*|soak\w*|drench\w*) (?:thru|through|into|right through) (?:my |the )?"
            r"(?:sheets|bed ?sheets|bedding|pyjamas|pajamas|pillow|mattress)|(?:soak\w*|drench\w*)"
            r" (?:my |the )?(?:sheets|bed ?sheets|bedding|pyjamas|pajamas))\b"
        ),
    ),
    _Rule(
        FEVER,
        "sweat drenched soaked",
        _re(
            r"\b(?P<p1>sweat\w*|drenched|soaked)(?: \w+){0,3}? (?P<pn>"
            + NIGHT_PHRASE
            + r"|in (?:my )?bed|in my sleep)\b"
        ),
        check=_no_sport_in_sentence,
    ),
    _Rule(
        FEVER,
        "wak wok",
        _re(
            r"\b(?P<p1>(?:wake|waking|woke|woken|wakes) up (?:\w+ ){0,2}?(?:drenched|soaked"
            r"|sweating|sweaty|in a (?:cold )?sweat|covered in sweat|dripping|shivering))"
        ),
    ),
    _Rule(
        FEVER,
        "drenched soaked",
        _re(
            r"\b(?P<p1>(?:drenched|soaked) (?:in sweat |with sweat )?(?:at night|in (?:my"
            r"|the) (?:sleep|bed)|through (?:the|my) (?:sheets|pyjamas|pajamas|pjs|bed)))"
        ),
    ),
    _Rule(
        FEVER,
        "temp sweat flush flash spell",
        _re(
            r"\b(?P<p1>(?:running|have|had|got|has|with|having) a (?:high |slight "
            r"|bit of a )?temperature|high temperature|(?:my|a|body|his"
            r"|her) temp(?:erature)? (?:is |was |of |hit |reached |went up to |has been "
            r"|keeps )?(?:about |around |over |up to |at )?(?:3[89]|4[01]|99\.[5-9]|10[0-4])"
            r"|(?:hot and cold|cold) (?:sweats?|flushes|flashes|spells))\b"
        ),
    ),
    # ---- pain after a fall or accident
    _Rule(
        TRAUMA,
        "fell fall tripped slipped stumbled flying collided knocked run clipped face"
        " tackled down hit cropper",
        _re(
            # "got knocked flat by a dog on my run": the reader, left unsaid at the start
            r"(?:" + SUBJECT + r"(?: \w+){0,2}? |^(?:just |then )?(?=got |was ))"
            r"(?P<p1>fell|fallen|fall|falls|falling|tripped|slipped"
            r"|stumbled|went flying|collided|got knocked (?:down|over|off|out|flat)"
            r"|was knocked (?:down|over|off|out|flat)|were knocked (?:down|over|off)|got run over"
            r"|was run over|got clipped|was clipped|face-?planted|faceplanted|went down hard"
            r"|got tackled|was tackled|came a cropper|hit the (?:ground|deck|floor|pavement"
            r"|concrete|tarmac))\b"
        ),
        after=_re(
            # "fallen head over heels for early morning runs", "fell hard for parkrun": love
            r"^ ?(?:"
            + FELL_FOR
            + r"|in love|asleep|behind|over (?:my|his|her|our|their) (?:own )?(?:words|tongue)"
            r"|" + KNOCKED_OUT_OF[2:] + r"|out of(?! (?:bed|a tree|the tree|a window"
            r"|the window|my chair|a chair|the car|a car|the bunk))|off? (?:the"
            r"|my) (?:wagon|plan|schedule|radar|pace)|off? track|apart|short|ill|sick|for"
            r"|into (?:a |the |my |bad |old |some )?(?:(?:nice|good|steady|easy|comfortable"
            r"|natural|relaxed) )?(?:habit|habits|routine|rut|trap|pattern|line|place"
            r"|bad habits|old habits|rhythm|groove|stride|conversation|step)|in step"
            r"|back (?:on|into|to|in)|through"
            r"|in line|prey|pregnant|silent|quiet|victim|up|a disc|my mind|in (?:my "
            r"|the )?(?:routine|training|running|ranking|rankings|standings)"
            r"|off (?:a bit|a little|a lot)|away|to (?:pieces|bits|the bottom|second"
            r"|third|last)|on (?:a|the) (?:monday|tuesday|wednesday|thursday|friday"
            r"|saturday|sunday|weekend)|upon|across|under|the (?:plan|idea|details"
            r"|plans)|with (?:my|the) (?:plan|training|schedule|diet)|out|on (?:this"
            r"|your|an?|the) (?:article|video|post|site|website|page|blog|forum|thread"
            r"|faq|routine|bot|book|channel)|off(?! (?:my|the|a|his"
            r"|her) (?:\w+ )?(?:bike|bicycle|horse|ladder|scooter|roof|wall|chair"
            r"|treadmill|stairs|steps|motorbike|motorcycle|skateboard|board|bed|curb"
            r"|kerb|ledge|trail|rock|rocks|bench|table|stool|box|platform|step)))\b"
        ),
        before=_re(r"\b(?:if|in case|unless|avoid|what if|scared|afraid|worried) $"),
        check=_not_hypothetical,
    ),
    _Rule(
        TRAUMA,
        "elbow knee fist ball boot",
        # "a teammate's elbow caught me hard between the shoulders"
        _re(
            r"\b(?P<p1>(?:elbow|knee|fist|ball|boot|head|shoulder) (?:caught|hit|struck|smashed"
            r"|clipped|slammed into|rammed) me)\b"
        ),
    ),
    _Rule(
        TRAUMA,
        "took taken got caught copped cop had elbow knee kick blow knock whack punch",
        # "took a hard elbow to the spine in a crowded race start"
        _re(
            r"\b(?P<p1>(?:took|taken|got|caught|copped|cop|had) (?:a |an )?(?:\w+ )?(?:elbow|knee|kick|blow"
            r"|knock|whack|punch|shoulder|hit)) (?:to|in|into|on) (?:the|my) (?:upper |lower )?"
            r"(?P<p2>spine|back|ribs|chest|neck|head|shoulder blades?)\b"
        ),
    ),
    _Rule(
        TRAUMA,
        "wiped crashed",
        _re(
            r"\b(?:i|we|he|she) (?P<p1>wiped out|crashed (?:my|into|off|while|during"
            r"|descending|hard|badly|at (?:speed|\d+)|on (?:my|a|the) (?:bike|bicycle|descent"
            r"|ice|trail|road|scooter|motorbike|motorcycle|skis?|board|corner|bend)))\b"
        ),
        # "I crashed hard on the sofa after my long run": rest, not a crash
        after=_re(
            r"^(?: out| hard)? (?:on|onto|into|in) (?:the |my |a )?(?:sofa|couch|bed|settee)"
        ),
    ),
    _Rule(
        TRAUMA,
        "fall tumble spill crash wipeout collision accident",
        _re(
            r"\b(?P<p1>(?:bad|hard|nasty|big|heavy|serious|awkward|little|minor|recent|slight"
            r"|horrible|terrible|small|ugly|scary) (?:fall|tumble|spill|crash|wipeout"
            r"|collision|accident)s?)\b"
        ),
        after=_re(r"^" + FALL_SEASON_NOUN),
    ),
    _Rule(
        TRAUMA,
        "fall tumble crash accident collision wreck wipeout pile",
        _re(
            r"\b(?:since|after|from|before|in|during) (?:my|that|this|a|the|an|our|his"
            r"|her) (?:\w+ )?(?P<p1>fall|tumble|crash|accident|collision|wreck|wipeout"
            r"|pile-?up)\b"
        ),
        after=_re(
            r"^" + FALL_SEASON_NOUN + r"|^ (?:course|diet|test|landing|pad|mat|helmet"
            r"|zone|report|insurance|claim)\b"
        ),
        check=_not_autumn,
    ),
    _Rule(
        TRAUMA,
        "fall fell tumbl slip trip thrown flung knocked came come coming went flew flying crash",
        _re(
            r"\b(?P<p1>fall|fell|falls|falling|fallen|tumbled|tumbling|slipped|slipping"
            r"|tripped|tripping|thrown|flung|knocked|came|come|coming|went|flew|flying|crashed"
            r"|crashing) (?:\w+ ){0,2}?(?:off|from|down|over) (?:of )?(?:a |the |my |some |an "
            r"|his |her )?(?:\w+ ){0,2}?(?:ladder|bike|bicycle|horse|stairs|staircase|steps|roof"
            r"|tree|wall|height|curb|kerb|chair|treadmill|scooter|skateboard|motorbike"
            r"|motorcycle|handlebars?|board|cliff|ledge|bed|table|stool|bench|box|platform"
            r"|trampoline|bars|rocks?|embankment|bank|slope)\b"
        ),
        # "my phone flew off the treadmill": a thing, not the reader
        before=_re(
            r"\b(?:phone|bottle|keys|headphones|earbuds|airpods|watch|towel|bag|hat|cap|glasses"
            r"|sunglasses|gels?|drink|cup|book|tablet|ipad|laptop|remote|shoe|shoes) $"
        ),
    ),
    _Rule(
        TRAUMA,
        "fell fallen flew thrown knocked tumbled",
        # "fell of my bike": "off" misspelt, right after the fall
        _re(
            r"\b(?P<p1>fell|fallen|flew|thrown|knocked|tumbled) of (?:a |the |my |his |her )"
            r"(?:\w+ )?(?:ladder|bike|bicycle|horse|stairs|staircase|steps|roof|tree|wall|curb"
            r"|kerb|chair|treadmill|scooter|skateboard|motorbike|motorcycle|handlebars?|cliff"
            r"|ledge|bed|table|stool|bench|box|platform|trampoline|bars)\b"
        ),
    ),
    _Rule(
        TRAUMA,
        "fall fell slip trip stumbled went landed tumbled wiped crash skidded",
        _re(
            r"\b(?P<p1>fall|fell|falls|falling|fallen|slipped|slip|slips|slipping|tripped|trip"
            r"|tripping|stumbled|went down|landed|tumbled|wiped out|crashed"
            r"|skidded) (?:\w+ ){0,2}?(?:on|onto|into|in|over|at) (?:the |some |black |an? "
            r"|my |loose |wet )?(?:ice|icy|stairs|steps|trail|pavement|sidewalk|road|rocks?"
            r"|root|roots|mud|wet|curb|kerb|treadmill|track|concrete|gravel|my back|my side"
            r"|my shoulder|my head|my arm|my butt|my bum|my tailbone|my neck|my spine|my ribs"
            r"|my face|a pothole|pothole|hole|snow|descent|downhill|tarmac|asphalt|floor|tiles"
            r"|shower|bathtub)\b"
        ),
        after=_re(r"^ (?:mind|radar)"),
    ),
    _Rule(
        TRAUMA,
        "land",
        _re(
            r"\b(?P<p1>landed|land|landing) (?:hard |awkwardly |badly |heavily |flat |right "
            r"|squarely |straight )?(?:on|onto) (?:my |the |his |her )?(?:back|shoulder|head"
            r"|side|neck|spine|butt|bum|tailbone|arm|elbow|ribs|hip|face|chest)\b"
        ),
    ),
    _Rule(
        TRAUMA,
        "came come coming thrown flew fell flung knocked went bucked flipped",
        _re(
            r"\b(?P<p1>came|come|coming|thrown|flew|fell|flung|knocked|went|bucked"
            r"|flipped) (?:off|over|from) (?:of )?(?:my |the |a |his |her )?(?:\w+ )?(?:bike"
            r"|bicycle|horse|scooter|motorbike|motorcycle|handlebars?|skateboard|board|bars)\b"
        ),
    ),
    _Rule(
        TRAUMA,
        "hit struck clipped knocked run ran rear sideswiped boned tboned mowed taken"
        " bumped rammed tackled",
        _re(
            r"\b(?P<p1>hit|struck|clipped|knocked (?:down|over|off)|run over|ran over"
            r"|rear-?ended|sideswiped|t-?boned|mowed down|taken out|bumped|rammed"
            r"|tackled) by (?:a |an |the |some |another |this |my )?(?:\w+ )?" + VEHICLE + r"\b"
        ),
    ),
    _Rule(
        TRAUMA,
        "hit struck smacked whacked clobbered",
        # "got hit by a cricket ball in the back": a blow from something hard
        _re(
            r"\b(?:got|get|gets|getting|was|were|been) (?P<p1>hit|struck|smacked|whacked"
            r"|clobbered) (?:\w+ ){0,4}?(?:by|with) (?:a |an "
            r"|the |some |his |her |their )?(?:\w+ )?(?:ball|bat|stick|club|racket|racquet"
            r"|branch|rock|brick|beam|shelf|pole|post)\b"
        ),
    ),
    _Rule(
        TRAUMA,
        "clipped hit struck knocked ran sideswiped rear bumped backed crashed slammed"
        " plowed ploughed smashed took boned tboned pulled went drove piled",
        _re(
            r"\b" + VEHICLE + r" (?:\w+ )?(?P<p1>clipped|hit|struck|knocked|ran into|ran over"
            r"|sideswiped|rear-?ended|bumped into|backed into|crashed into|slammed into"
            r"|plowed into|ploughed into|smashed into|took me out|t-?boned|pulled out on"
            r"|knocked over|(?:went|drove|ran|crashed|smashed|ploughed|plowed|slammed|piled)"
            r" into the (?:back|side|front|rear) of) (?:me|my|us|into me)\b"
        ),
    ),
    _Rule(
        TRAUMA,
        "rear whiplash boned tboned concuss knocked collided pile hit doored mva rta rtc post motor road",
        _re(
            r"\b(?P<p1>rear-?ended|whiplash|t-?boned|concussion|concussed|(?:got |was |been )doored"
            r"|(?:post-?)?(?:mva|rta|rtc)|(?:motor vehicle|road traffic) (?:accident|collision|crash)"
            r"|knocked (?:myself )?(?:out|unconscious)|collided|pile-?up|hit and run"
            r"|hit-and-run|rear ended)\b"
        ),
        after=_re(KNOCKED_OUT_OF),
    ),
    _Rule(
        TRAUMA,
        "accident crash collision wreck smash pile incident injury fall spill tumble",
        _re(
            r"\b(?P<p1>(?:car|road|traffic|bike|bicycle|cycling|cycle|motorbike|motorcycle"
            r"|moto|ski|skiing|snowboard\w*|running|trail|sports?|sporting|work|workplace"
            r"|climbing|scooter|riding|horse|rugby|football|mtb|hiking) (?:accident|crash"
            r"|collision|wreck|smash|pile-?up|incident|injury|fall|spill|tumble))\b"
        ),
        # "my form is a car crash", "like a train wreck": a figure of speech
        before=_re(
            r"\b(?:is|its|looks|look|like|such|total|complete|absolute|proper) (?:a |an )?"
            r"(?:total |complete |absolute |proper |bit of a )?$"
        ),
    ),
    _Rule(
        TRAUMA,
        "accident collision crash wreck",
        _re(
            r"\b(?:an|the|that|a|my|in|bad|serious|minor|nasty|big|since|after|had|have"
            r"|was) (?P<p1>accident|collision|crash|wreck)\b"
        ),
        before=_re(r"(?:by|happy|lucky|little|toilet|potty|bathroom) (?:\w+ )?$"),
        after=_re(
            r"^ ?-?(?:prone|course|diet|test|landing|pad|mat|helmet|report|insurance"
            r"|\w*proof)\b|^ of (?!(?:my|the|a|his|her) (?:bike|car|van|scooter|motorbike))"
        ),
        check=_not_a_verb,
    ),
    _Rule(
        TRAUMA,
        "took take taken taking had have having suffered",
        _re(
            r"\b(?P<p1>(?:took|take|taken|taking|had|have had|having|suffered) (?:a "
            r"|an )?(?:bad |nasty |hard |big |little |minor |heavy |serious |awkward |small "
            r"|real )?(?:tumble|spill|fall|header|digger|wipeout|wipe-out|nosedive|faceplant"
            r"|face-?plant|knock|blow|hit|bump)(?: to (?:my|the) (?:back|head|neck|spine"
            r"|shoulder|chest))?)\b"
        ),
        after=_re(
            r"^" + FALL_SEASON_NOUN + r"|^ (?:in|at|on) (?:my |the )?(?:motivation"
            r"|confidence|mileage|pace|training|form)|^ of\b"
        ),
        check=_blow_to_the_body,
    ),
    _Rule(
        TRAUMA,
        "hit banged bashed smacked whacked bumped knocked struck cracked",
        _re(
            r"\b(?P<p1>(?:hit|banged|bashed|smacked|whacked|bumped|knocked|struck"
            r"|cracked) my (?:head|back|spine|neck|shoulder|tailbone"
            r"|ribs?)(?: and (?:my )?(?:head|back|spine|neck|shoulder|tailbone|ribs?))?) (?:on"
            r"|against|into|when|while|hard|badly|during|after|falling|in|as)\b"
        ),
    ),
    _Rule(
        TRAUMA,
        "fell",
        _re(
            r"\b(?P<p1>fell (?:hard|badly|heavily|awkwardly|backwards?|flat on my (?:back"
            r"|face)|down hard|down the stairs|down some stairs|over (?:backwards|sideways"
            r"|hard)))\b"
        ),
        after=_re(r"^ " + FELL_FOR),
    ),
    _Rule(
        TRAUMA,
        "head",
        _re(
            r"\b(?P<p1>(?:went|go|goes|going|gone|fell|fallen|falling|tumbled|tumbling|flew"
            r"|flipped|rolled|tripped) head over heels)\b"
        ),
        after=_re(r"^ (?:for|in love|with|about|over (?:the|my) (?:idea|plan|\w+ing))\b"),
    ),
    _Rule(
        TRAUMA,
        "into",
        _re(
            r"\b(?P<p1>(?:ran|run|running|crashed|slammed|smashed|banged|bumped"
            r"|collided) (?:straight |right |head-?first |headfirst )?into (?:a |an |the "
            r"|another |some )?(?:pole|post|lamp ?post|tree|wall|car|cyclist|bike|sign"
            r"|signpost|gate|fence|bollard|runner|person|door|barrier|railing))\b"
        ),
    ),
    # ---- pain at night (pain and night in one sentence, or "it" at night with pain elsewhere)
    _Rule(
        NIGHT,
        "wake waking woke",
        # "he's been waking every night with his upper back hurting"
        _re(
            r"\b(?P<p1>(?:waking|wakes|woke|wake) (?:up )?(?:every night|at night|in the night"
            r"|most nights|each night|nightly) with (?:\w+ ){0,3}?(?:pain|hurting|aching|ache"
            r"|sore|throbbing))\b"
        ),
    ),
    _Rule(
        NIGHT,
        "wake waking woke",
        # "now it wakes me every night": what wakes the reader is the pain they ask about
        _re(
            r"\b(?:it|its|this|that|the pain|the ache)\b(?: \w+){0,3}? (?P<p1>wakes|waking|woke"
            r"|wake|keeps waking) me(?: up)? (?:every night|at night|in the night|most nights"
            r"|each night|nightly|every single night)\b"
        ),
        context=True,
    ),
    # "keeps waking me in the night, this upper back pain"
    _Rule(
        NIGHT,
        "keep kept",
        _re(r"\b(?P<p1>(?:keeps|kept|keep) (?:on )?(?:waking|wakin) me(?: up)?)\b"),
        context=True,
    ),
    # ---- pain at rest: "hurts even when I'm lying completely still", "constant, even on rest
    # days" (not "aches when I sit at my desk": only "even" at rest, or constant)
    _Rule(
        NIGHT,
        "constant nonstop continuous lets never reducing improving easing rest lying still sleep hurts aches throb",
        _re(
            # "constant ache that never lets up"
            r"\b(?P<p1>(?:constant|non-?stop|continuous|relentless) (?:dull )?(?:ache|pain|aching)"
            r"(?: that)? (?:never|doesnt|does not|wont|will not) (?:lets? up|stops?|goes? away"
            r"|eases?(?: off)?)"
            # "hurts just as much sitting on the sofa as running"
            r"|(?:hurts|aches|pain is) (?:just )?as (?:much|bad|badly) (?:when )?(?:sitting|lying"
            r"|laying|resting)"
            # "why does my upper back throb when I'm totally still in bed"
            r"|(?:hurts?|aches?|throbs?|throbbing) when (?:im |i am )?(?:totally |completely "
            r"|perfectly )still"
            # "not reducing with rest days also"
            r"|not (?:reducing|improving|getting better|easing|going down|going away|settling)"
            r"(?: \w+){0,2}? (?:with|even with|despite|after) (?:rest|resting|rest days|a rest"
            r"|days off|time off)"
            # "even lying perfectly still in bed the pain ... is throbbing"
            r"|even (?:when )?(?:lying|laying|sitting|resting) (?:\w+ ){0,2}?still"
            # "never switches off", "resting does nothing for it", "even lying down"
            r"|never (?:switches|turns|shuts) off|(?:resting|rest|rest days) (?:does|do|did) nothing"
            r"|(?:resting|rest) (?:doesnt|does not|isnt|is not) help\w*"
            r"|worse (?:when )?(?:sitting|lying|resting|at rest)(?: \w+){0,4}? than (?:when )?(?:i )?run"
            r"|even (?:when |while )?(?:lying|laying) down)\b"
            # "cant sleep cos of my upper back"
            r"|\b(?P<p2>" + CANT + r" sleep (?:cos|because|cause|cuz|coz|due to)(?: of)? (?:my"
            r"|the|this) (?:upper |mid )?back)\b"
        ),
    ),
    _Rule(
        NIGHT,
        "even most worst more",
        _re(
            r"\b(?:" + PAIN + r")\b" + GAP % 40 + r"\b(?P<p1>(?:even|most|worst|more) (?:when|while"
            r"|if|at) (?:i am |im |i )?(?:just )?(?:lying|laying|resting|rest|sitting still|completely"
            r" still|perfectly still|lying still|still|doing nothing|not moving|in bed|asleep|havent"
            r" run|have not run|dont run|didnt run|not running))\b"
        ),
    ),
    _Rule(
        NIGHT,
        "even",
        _re(
            r"\b(?:constant|constantly|all the time|nonstop|non-stop|never (?:stops|goes away"
            r"|lets up))\b" + GAP % 40 + r"\b(?P<p1>even (?:on|during) (?:my )?(?:rest days?"
            r"|days off|days (?:when |that )?i (?:dont|do not) run))\b"
        ),
    ),
    _Rule(
        NIGHT,
        "pain",
        _re(
            r"\b(?P<p1>night ?-?time pain|night pain|nocturnal pain|pain at night"
            r"|pain every night|pain all night)\b"
        ),
        check=_night_not_activity,
    ),
    _Rule(
        NIGHT,
        "night overnight bedtime",
        _re(r"\b(?P<p1>" + PAIN + r")\b" + GAP % 45 + r"\b(?P<pn>" + NIGHT_PHRASE + r")\b"),
        check=_between_no_contrast,
    ),
    _Rule(
        NIGHT,
        "night overnight bedtime",
        _re(
            r"\b(?P<pn>" + NIGHT_PHRASE + r")\b" + GAP % 30 + r"\b(?P<p2>(?:it|my"
            r"|the) (?:\w+ )?(?:back |neck |shoulder |spine )?(?:pain|hurts|aches|throbs"
            r"|is (?:really |so )?(?:painful|sore|aching|killing me|unbearable|agony)))\b"
        ),
        check=_night_not_activity,
    ),
    _Rule(
        NIGHT,
        "wak wok keep kept stop prevent",
        _re(
            r"\b(?:pain|ache|aching|hurt\w*|throb\w*|agony|back|shoulder|neck"
            r"|spine)\b(?: \w+){0,3}? (?P<p1>(?:wakes|woke|waking|wake|wakened|keeps|kept"
            r"|keeping|stops|stopped|stopping|prevents|prevented) me (?:up|awake|from sleeping"
            r"|from getting to sleep)|(?:wakes|woke|waking|wakened) me)\b"
        ),
    ),
    _Rule(
        NIGHT,
        "wak wok keep kept stop prevent",
        _re(
            r"\b(?:it|this|that|which|they|these)\b(?: \w+){0,2}? (?P<p1>(?:wakes|woke|waking"
            r"|wake|wakened|keeps|kept|keeping|stops|stopped|prevents|prevented) me (?:up"
            r"|awake|from sleeping|from getting to sleep)|(?:wakes|woke|waking|wakened) me)\b"
        ),
        context=True,
    ),
    _Rule(
        NIGHT,
        "wak wok awake awoken up",
        _re(
            r"\b(?P<p1>(?:woken|woke|wake|waking|wakes|awake|awoken|up) (?:up )?(?:\w+ )?(?:by"
            r"|from|with|in|because of|due to|thanks to) (?:the |my |a |this |that |terrible "
            r"|awful |sharp |severe |bad )?(?:\w+ )?(?:pain|ache|agony|throbbing|hurting"
            r"|back pain))\b"
        ),
    ),
    _Rule(
        NIGHT,
        "sleep asleep comfortable lie up",
        _re(
            r"\b(?P<p1>(?:" + CANT + r" (?:get to |fall )?(?:sleep|asleep|get comfortable"
            r"|lie down|lie flat|lie on my (?:back|side|front))|trouble sleeping|hard to sleep"
            r"|struggl\w* to sleep|no sleep|barely sleep\w*|sleepless nights?|up all night))\b"
            + GAP
            % 20
            + r"\b(?:because of|from|for|with|due to|through|thanks to"
            r"|cause of) (?:the |my |this )?(?:\w+ )?(?:pain|ache|agony|hurt\w*|throbbing)\b"
        ),
    ),
    _Rule(
        NIGHT,
        "keep kept stop prevent",
        _re(
            r"\b(?P<p1>(?:pain|ache|hurting|throbbing|agony)) (?:\w+ ){0,3}?(?:keeps|kept"
            r"|stops|stopped|prevents|prevented) me (?:from )?(?:sleeping"
            r"|getting (?:to )?sleep|up)\b"
        ),
    ),
    _Rule(
        NIGHT,
        "night overnight bedtime",
        _re(
            r"\b(?P<p1>(?:worse|worst|bad|badly|constant|unbearable|terrible|awful|intense"
            r"|flares?(?: up)?|flaring|comes? on|kicks? in|starts|started|especially|mostly"
            r"|mainly|only|particularly|always|throbs?|throbbing|keeps? going|peaks?|aches"
            r"|nonstop|non-stop|even|more|most)) (?:\w+ ){0,2}?(?P<pn>" + NIGHT_PHRASE + r")\b"
        ),
        context=True,
        check=_night_not_activity,
    ),
    _Rule(
        NIGHT,
        "wak wok",
        _re(
            r"\b(?P<p1>(?:wake|waking|wakes|woke|woken) up (?:\w+ ){0,2}?(?:at night"
            r"|in the night|during the night|in the middle of the night|several times"
            r"|every night|multiple times|a few times|every hour|again and again"
            r"|all the time))\b"
        ),
        context=True,
        after=_re(
            r"^ (?:to|for) (?:pee|wee|use|go to|the bathroom|the toilet|feed|check"
            r"|a drink|water)|^ (?:anyway|because of (?:the|my) (?:baby|kids?|dog|cat"
            r"|partner|noise)|from (?:the )?noise)"
        ),
    ),
    _Rule(
        NIGHT,
        "sleep asleep",
        _re(
            r"\b(?P<p1>(?:" + CANT + r" (?:get to |fall |go to )?(?:sleep|asleep)"
            r"|trouble sleeping|hard to sleep|struggl\w* to sleep|barely sleep\w*"
            r"|sleepless nights?|not sleeping|no sleep))\b"
        ),
        context=True,
        after=_re(
            r"^ (?:\w+ )?(?:before|the night before|on race|when im excited"
            r"|because of (?:the )?(?:nerves|excitement|heat|caffeine|coffee|noise|baby"
            r"|kids?|dog|stress|work)|from (?:nerves|excitement|the heat|caffeine"
            r"|noise))"
        ),
    ),
    # ---- pain spreading to the arm or jaw
    _Rule(
        SPREAD,
        "radiat shoot spread zing travel creep crept wire",
        _re(
            r"\b(?P<p1>radiat\w*|shoots|shooting|spreads|spreading|spread|travels|travelling"
            r"|traveling|creeps|creeping|crept|(?:hot|burning|red-hot|electric) wire"
            r"|zing\w*)\b(?: (?:all the way|right|straight|further|also|out|now))?"
            r"(?: from (?:between |under |behind )?(?:my |the )?(?:upper |mid )?(?:back|neck|shoulders?"
            r"|shoulder blades?"
            r"|chest|spine))? (?:down"
            r"|into|to|up|through|along|across|out to|over to|towards?)\b"
            + ROUTE
            + r"\b(?:"
            + TARGET
            + r"|legs?)\b"
        ),
    ),
    _Rule(
        SPREAD,
        "go gone went travel mov run ran extend spill creep crept reach continu",
        _re(
            r"\b(?:pain|ache|aching|hurt\w*|numbness|tingl\w*|burning|throbbing|it|its|this|that"
            r"|which|sensation|feeling)\b(?: \w+){0,3}? (?P<p1>go|goes|going|gone|went|travels?"
            r"|travell?ing|travell?ed|moves?|moving|moved|runs|running|ran|extends?|extending"
            r"|extended|spills?|creeps?|creeping|crept|reaches|reaching|reached"
            r"|continues)(?: (?:all the way|right|straight|further|also|now))? (?:down|into|to"
            r"|up|through|along|across|out to|over to|towards?|from)\b"
            + ROUTE
            + r"\b"
            + TARGET
            + r"\b"
        ),
        context=True,
    ),
    _Rule(
        SPREAD,
        "spread radiat",
        # "back hurts and now my hand aches too, kinda spreading outward"
        _re(
            r"\b" + TARGET + r"\b (?:\w+ )?(?:aches|hurts|aching|hurting|is sore)[^.!?;]{0,30}?\b"
            r"(?P<p1>spread\w*|radiat\w*)\b"
        ),
        context=True,
    ),
    # A message that carries on the previous one: "goes down my arm into my hand".
    _Rule(
        SPREAD,
        "goes travels moves spreads shoots radiates extends runs creeps reaches",
        _re(
            r"^\W*(?:(?:and|but|now|then|also|which|and now|and then)\s+)*(?P<p1>goes|travels"
            r"|moves|spreads|shoots|radiates|extends|runs|creeps|reaches)(?: (?:all the way"
            r"|right|straight|further|also|now))? (?:down|into|up|through|along|across"
            r"|out to)\b" + ROUTE + r"\b" + TARGET + r"\b"
        ),
        context=True,
    ),
    _Rule(
        SPREAD,
        "arm jaw left",
        _re(
            r"\b(?P<p1>(?:arm|jaw|left shoulder and arm|left arm|jaw and arm"
            r"|arm and jaw) (?:pain|pains|hurts|hurting|aches|aching|is (?:aching|hurting|sore"
            r"|painful|killing me)|started (?:hurting|aching|to hurt)|also hurts|hurts too))\b"
        ),
    ),
    _Rule(
        SPREAD,
        "arm jaw",
        _re(
            r"\b(?P<p1>(?:pain|ache|aching|hurting|pains)\w*) (?:\w+ )?(?:in|down|into|through"
            r"|along|up) (?:my |the |his |her |both )?(?:left |right |upper |lower )?(?P<p2>arm"
            r"|arms|jaw|armpit)\b"
        ),
    ),
    _Rule(
        SPREAD,
        "jaw",
        _re(r"\b(?P<p1>jaw)\b" + GAP % 20 + r"\b(?P<p2>" + PAIN + r")\b"),
        after=_re(r"^ ?(?:line|bone|strength|muscles?|drop\w*|-dropping)\b"),
    ),
    _Rule(
        SPREAD,
        "from",
        _re(
            r"\bfrom (?:between |under |around |behind )?(?:my |the )?(?:shoulders?"
            r"|shoulder blades?|neck|back|upper back|chest|spine)(?: \w+){0,2}? (?:(?:down"
            r"|all the way|right) )?(?:in)?to (?:my |the )?(?P<p1>" + TARGET + r")\b"
        ),
        context=True,
    ),
    # ---- weakness or loss of control
    _Rule(
        WEAK,
        "weak strength",
        _re(
            r"\b(?P<p1>weak(?:ness|ened|ening)?|no strength|losing strength|lost strength"
            r"|loss of strength) in (?:my |both |one |the |his |her )?(?:left |right |upper "
            r"|lower )?" + LIMB + r"\b"
        ),
    ),
    _Rule(
        WEAK,
        "weak floppy useless limp paraly",
        _re(
            r"\b" + LIMB + r"(?: \w+){0,2}? (?P<p1>(?:feels?|felt|feeling|is|are|was|were"
            r"|has been|have been|went|goes|go|going|gone|got|getting|gets|became|becoming"
            r"|turned|suddenly|keeps? getting|seems?|seem) (?:\w+ ){0,2}?(?P<p2>weak|weaker"
            r"|weakened|floppy|useless|limp|feeble|paralys\w*|paralyz\w*))\b"
        ),
        after=_re(
            r"^ (?:compared to|than (?!usual|normal|before|they used|it used|yesterday"
            r"|last)|at (?:push|pull|the gym|lifting)|for (?:push|pull|lifting)"
            r"|from (?:lack|not))"
        ),
    ),
    _Rule(
        WEAK,
        "grip",
        _re(
            r"\b(?P<p1>(?:losing|lost|loss of|lose|no"
            r"|poor) (?:my )?grip(?: strength)?)\b(?! on)"
        ),
    ),
    _Rule(
        WEAK,
        "dropping grip hold lift raise move use",
        _re(
            r"\b(?P<p1>(?:keep |keeps |kept |started |start )?dropping (?:things|stuff"
            r"|my (?:phone|cup|keys|mug|pen|water bottle|bottle|drink|glass|fork|spoon|toothbrush))"
            r"|(?:hand|hands|fingers|grip) (?:just )?(?:lets|let|gives|gave) (?:go|way|out)"
            r"|"
            + CANT
            + r" (?:lift|raise) (?:it|them) (?:above|over|up)|"
            + CANT
            + r" (?:grip|hold (?:onto )?(?:things"
            r"|a cup|my phone|objects|anything|a pen|a glass|my cup))|"
            + CANT
            + r" (?:lift|raise|move|use) my (?:left |right )?(?:arm|arms|leg|legs|hand|hands"
            r"|fingers|foot))\b"
        ),
    ),
    _Rule(
        WEAK,
        "gave give giving buckl collaps went",
        _re(
            r"\b(?:legs?|knees?) (?:\w+ )?(?P<p1>gave way|give way|giving way|gave out"
            r"|give out|giving out|buckl\w*|collaps\w*|went from under me)\b"
        ),
    ),
    _Rule(
        WEAK,
        "side",
        # "my left side feels weird and heavy, arm and all"
        _re(
            r"\b(?P<p1>(?:left|right|one) side(?: of my (?:body|face))? (?:feels?|felt|is|went|has gone"
            r"|goes|gone) (?:all )?(?:\w+ (?:and )?){0,2}?(?:heavy|weak|numb|dead|droopy|floppy))\b"
        ),
    ),
    _Rule(
        WEAK,
        "grip key catching tripped tripping dragging dead",
        _re(
            r"\b(?P<p1>my grip (?:just )?(?:goes|went|gives out|gave out|gives way|gave way|fails"
            r"|failed)|" + CANT + r" turn (?:the |a |my )?key"
            r"|(?:foot|toes?) (?:keeps?|kept|keep) (?:catching|clipping|scuffing)"
            r"|(?:tripped|tripping) (?:twice|three times|several times|a few times|over nothing)"
            r"|dragging (?:one|my (?:left |right )?)(?:leg|foot)|dragging one (?:leg|foot)"
            r"|(?:arm|leg|hand)(?: \w+){0,2}? like a dead weight|"
            + CANT
            + r" (?:lift|raise) (?:it|my arm)"
            r" to (?:brush|comb|wash|reach))\b"
        ),
    ),
    _Rule(
        WEAK,
        "grip clumsy",
        _re(
            r"\b(?P<p1>grip(?: strength)?(?: in my (?:left |right )?hands?)? (?:has |have |is )?"
            r"(?:dropped|gone|weakened|decreased|reduced|got worse|getting worse|going)"
            r"|clumsy (?:hands?|fingers|arms?|legs?))\b"
        ),
    ),
    _Rule(
        WEAK,
        "clumsy buttons",
        _re(
            r"\b(?P<p1>(?:hand|hands|fingers|arm) (?:is|are|feels?|feel|has been|have been"
            r"|gone|went) (?:\w+ )?clumsy|" + CANT + r" (?:do|undo|fasten) (?:up )?(?:my |his |her "
            r"|their )?(?:buttons|shirt|laces|zip))\b"
        ),
    ),
    _Rule(
        WEAK,
        "clumsy tripping fumbling",
        _re(
            r"\b(?P<p1>clumsy (?:lately|recently|all of a sudden|suddenly|these days|now)"
            r"|(?:suddenly|so|really|very) clumsy (?:lately|recently|these days)"
            r"|suddenly clumsy|tripping over my own feet|(?:turned|become|became|gone|got|getting"
            r"|grown) (?:really |so |very |a bit )?clumsy|fumbling (?:my )?(?:keys|phone|cup|buttons"
            r"|laces))\b"
        ),
    ),
    _Rule(
        WEAK,
        "bladder bowel",
        _re(
            r"\b(?P<p1>(?:bladder|bowels?|bowel movements?) (?:control|problems?|issues?"
            r"|accidents?|leak\w*|dysfunction|incontinence|changes))\b"
        ),
    ),
    _Rule(
        WEAK,
        "bladder bowel pee urine toilet",
        _re(
            r"\b(?P<p1>(?:lost|losing|loss of|lose|no|poor|less|lack of) (?:any |some "
            r"|all )?(?:control (?:of|over) (?:my )?(?:bladder|bowels?|pee|urine|toilet)"
            r"|(?:my )?(?:bladder|bowel|bowels) control)|loss of (?:bladder|bowel)s?)\b"
        ),
    ),
    _Rule(
        WEAK,
        "control",
        _re(
            r"\b(?P<p1>(?:trouble|difficulty|problems?|struggl\w*|hard"
            r"|issues?) (?:\w+ )?controll?ing (?:my )?(?:bladder|bowels?|pee|peeing|urine"
            r"|wee))\b"
        ),
    ),
    _Rule(
        WEAK,
        "incontinen wet peed pee pooped soiled leak urine bowel wee tell feel accidents hold urinary retain retention loo toilet control trouble number",
        _re(
            r"\b(?P<p1>incontinen\w*|(?:wet|peed|pee|pooped|soiled|wetting|wet) (?:myself"
            r"|my pants|my shorts|the bed)|leaking urine|urine leak\w*"
            r"|urinary retention|retention of urine|retaining urine"
            r"|"
            + CANT
            + r" (?:quite |really )?control when i need (?:the|to) (?:toilet|loo|bathroom|go)"
            r"|(?:trouble|difficulty|problems?) (?:holding|hold) (?:in )?(?:number twos?|number ones?"
            r"|poo|poop|pee|wee|my bowels?|my bladder)"
            r"|(?:leaked|leaking|leak) (?:pee|urine|wee)|bowels? (?:just )?(?:let go|gave way"
            r"|went)|(?:having|had|keep having|been having) (?:little |some |a few )?accidents"
            r"(?! (?:on|in|with) (?:my|the|a) (?:bike|car|road|van|scooter))|"
            + CANT
            + r" hold it(?: in)?(?= and| since| anymore| any more| when| while|\W*$)"
            r"|bowels? (?:just )?(?:gave out"
            r"|went)|(?:cant|cannot|can not) (?:tell|feel) when i need (?:to (?:wee|pee|go|poo)|the"
            r" (?:loo|toilet|bathroom)|to go to the (?:loo|toilet|bathroom)))\b"
        ),
    ),
    _Rule(
        WEAK,
        "bladder bowel pee urin wee poo passing",
        _re(
            r"\b(?P<p1>" + CANT + r" (?:hold|control|stop) (?:in )?(?:my )?(?:bladder|bowels?"
            r"|pee|urine|wee|poo|poop|peeing)|(?:trouble|difficulty|problems?|unable to|cant"
            r"|cannot) (?:\w+ )?(?:peeing|urinating|pee|urinate|passing urine))\b"
        ),
    ),
    _Rule(
        WEAK,
        "saddle numb weakness half one face slurr",
        _re(
            r"\b(?P<p1>saddle (?:numbness|anaesthesia|anesthesia|area)|numb (?:groin|bum"
            r"|buttocks|genitals)|(?:sudden|new) weakness|(?:half|one side) of my (?:body"
            r"|face) (?:is|feels|went) (?:weak|numb|droop\w*)|face (?:is )?droop\w*"
            r"|slurred speech|slurring (?:my )?words)\b"
        ),
    ),
    # ---- sudden severe pain
    _Rule(
        SEVERE,
        "pain ache agony hurt cramp spasm headache",
        _re(
            r"\b(?P<p1>sudden(?:ly)?|severe|severely|excruciating|unbearable|agoni[sz]ing"
            r"|crippling|debilitating|searing|tearing|ripping|worst|blinding)\b(?! (?:thing"
            r"|things|part|exercise|stretch|time|mistake|habit|posture|position|case|idea|way"
            r"|advice|stiffness|stretches|exercises|pace|for|ones?)\b)[^.!?;,\n]{0,20}?\b(?P<p2>pain"
            r"|pains|ache|agony|hurt\w*|cramp\w*|spasms?|headache)\b"
        ),
        before=_re(r"\bhow $"),
    ),
    _Rule(
        SEVERE,
        "pain agony",
        _re(r"\b(?P<p1>(?:intense|extreme|excruciating|horrendous) (?:\w+ )?(?:pain|agony))\b"),
    ),
    _Rule(
        SEVERE,
        "it its pain ache my",
        _re(
            r"\b(?:it|its|the pain|the ache|this pain|my (?:upper |mid |middle )?(?:back|neck"
            r"|spine|shoulders?|shoulder blades?|chest))(?: \w+){0,2}? (?P<p1>excruciating"
            r"|unbearable|agoni[sz]ing|intolerable|crippling|debilitating)\b"
        ),
    ),
    _Rule(
        SEVERE,
        "pain ache",
        _re(
            r"\b(?:the|this|my|that) (?:\w+ )?(?:pain|ache)(?: \w+){0,2}? (?P<p1>intense"
            r"|severe|extreme|horrendous|horrific|through the roof|off the charts)\b"
        ),
    ),
    _Rule(
        SEVERE,
        "so",
        _re(
            r"\b(?:pain|it|ache|its)\b(?: \w+){0,2}? so (?:bad|severe|intense|strong"
            r"|painful) (?:that )?(?P<p1>i (?:was |am |im )?(?:screaming|crying|cried|screamed"
            r"|couldnt|could not|cant|cannot|nearly|almost|had to|threw up|vomited|was sick"
            r"|passed))"
        ),
    ),
    _Rule(
        SEVERE,
        "move walk stand get breathe",
        _re(
            r"\b(?P<p1>(?:cant|couldnt|cannot|could not|can not|unable to) (?:even |barely "
            r"|hardly )?(?:move|walk|stand|get up|get out of bed|straighten up|sit up"
            r"|turn))(?: \w+){0,4}? (?:because of|from|with|for|due to|thanks to) (?:the "
            r"|this )?(?:\w+ )?(?:pain|agony)\b"
        ),
    ),
    _Rule(
        SEVERE,
        "pain it",
        _re(r"\b(?P<p1>(?:pain|it) (?:\w+ ){0,3}?(?:a |an )?(?:9|10|11)(?: ?/ ?| out of )10)\b"),
    ),
    _Rule(
        SEVERE,
        "agony doubled scream writhing blood",
        _re(
            r"\b(?P<p1>in (?:absolute |complete |total |utter )?agony|doubled over"
            r"|scream\w* (?:in|with|from) (?:the )?pain|writhing|cough\w* (?:up )?blood"
            r"|blood when i cough|spitting (?:up )?blood)\b"
        ),
    ),
    # ---- unexplained weight loss
    _Rule(
        WEIGHT,
        "lighter thinner",
        _re(
            r"\b(?P<p1>(?:lighter|thinner)(?: \w+){0,2}? (?:for no (?:\w+ )?reason|without trying"
            r"|and i dont know why|and nobody knows why))\b"
        ),
    ),
    _Rule(
        WEIGHT,
        "face cheeks gaunt thinner",
        _re(
            r"\b(?P<p1>(?:face|cheeks) (?:\w+ )?(?:thinner|gaunt|sunken|hollow)|look(?:s|ing)? (?:so |really )?"
            r"gaunt)\b"
        ),
    ),
    _Rule(
        WEIGHT,
        "clothes trousers jeans shorts belt",
        # "my clothes are hanging off me lately even tho i eat loads"
        _re(
            r"\b(?P<p1>(?:clothes|trousers|jeans|shorts|pants|belt|top|tops|shirts?) (?:\w+ )"
            r"{0,2}?(?:hanging|falling|hang|fall|loose|looser|baggy) (?:off|on) me)\b"
            + GAP
            % 50
            + r"\b(?:even (?:tho|though)|though|tho|although|despite|but|and) (?:i |im )?(?:eat|eating"
            r"|not dieting"
            r"|havent changed|not trying)"
        ),
    ),
    _Rule(
        WEIGHT,
        "weight",
        _re(
            r"\b(?P<p1>(?:unexplained|unintentional|unintended|unexpected|mysterious"
            r"|inexplicable|unexplainable|sudden|rapid|unusual"
            r"|strange) (?:\w+ )?weight ?-?loss)\b"
        ),
        after=_re(r"^ (?:diet|plan|program|programme|goal|journey|tips?|surgery|pills?)"),
    ),
    _Rule(
        WEIGHT,
        "weight pounds lb kilo kg stone pant",
        _re(
            r"\b(?P<p1>(?:lost|losing|lose|loses|dropped|dropping|drop|shed|shedding"
            r"|down) (?:\w+ ){0,3}?\d*(?:weight|pounds|lbs|lb|kilos|kilograms|kg|kgs|stone"
            r"|pant sizes?))\b" + GAP % 45 + r"\b(?:without (?:\w+ )?(?:trying|meaning to"
            r"|dieting|changing|reason|explanation|effort)|for no (?:\w+ )?reason"
            r"|no (?:\w+ )?reason|not (?:even )?(?:been )?(?:trying|dieting)|(?:arent|am not"
            r"|im not|wasnt|havent been) (?:even )?(?:trying|dieting)|dont know why"
            r"|not on purpose|wasnt on purpose|unplanned|didnt mean to"
            r"|do not know why|cant explain|unexplained|even though (?:i|im) (?:eat|eating"
            r"|am eating)|no idea why|for some reason|unintentionally|out of nowhere"
            r"|not sure why|by accident|accidentally|eating (?:the same|normally|more"
            r"|as much)|(?:havent|have not|hasnt|not|didnt) changed? anything|nothing (?:has )?changed"
            r"|(?:eating|eat) (?:the same|normally|more"
            r"|as usual)|(?:havent|not|didnt|without) (?:\w+ )?chang\w* (?:my "
            r"|what i )?(?:diet|eat\w*|food))"
        ),
    ),
    _Rule(
        WEIGHT,
        "weight pounds lb kilo kg stone",
        _re(
            r"\b(?:without (?:even )?trying|not (?:even )?trying|for no (?:\w+ )?reason"
            r"|(?:havent|have not|didnt) changed? anything|nothing (?:has )?changed"
            r"|unintentionally|out of nowhere|not sure why|no idea why|dont know why"
            r"|for some reason)\b" + GAP % 40 + r"\b(?P<p1>(?:lost|losing"
            r"|dropped|dropping|shed|shedding|down) (?:\w+ ){0,3}?\d*(?:weight|pounds|lbs|lb"
            r"|kilos|kg|kgs|stone))\b"
        ),
    ),
    _Rule(
        WEIGHT,
        "weight scale",
        _re(
            r"\b(?P<p1>(?:weight|(?:the )?scales?) (?:is |has been |keeps |kept )?(?:just |really "
            r"|literally |been )?"
            r"(?:dropping|falling|falling off"
            r"|going down|coming off|melting off|plummeting))\b"
            + GAP
            % 40
            + r"\b(?:without|no (?:\w+ )?reason|for no|not trying|dont know why|unexplained"
            r"|nobody knows why|no one knows why|eating loads|eating more|eating the same"
            r"|out of nowhere|even though|cant explain|cannot explain|no idea why|not sure why"
            r"|for some reason)"
        ),
    ),
    _Rule(
        WEIGHT,
        "clothes trousers pants jeans",
        _re(
            r"\b(?P<p1>(?:clothes|trousers|pants|jeans) (?:are "
            r"|have (?:been )?)?(?:getting )?(?:loose|falling off|hanging off))\b"
            + GAP
            % 40
            + r"\b(?:without|no (?:\w+ )?reason|not trying|dont know why|even though|(?:havent"
            r"|not|didnt) (?:\w+ )?chang\w* (?:my |what i )?(?:diet|eat\w*|food)|not dieting)"
        ),
    ),
]


_RULES = [rule._replace(keys=tuple(rule.keys.split())) for rule in _RULES]
# A fall or accident in one message and pain in the other.
_TRAUMA_RULES = [rule for rule in _RULES if rule.sign == TRAUMA]


def _parts(m: re.Match) -> list[int]:
    starts = [
        m.start(name)
        for name, value in m.groupdict().items()
        if value is not None and name.startswith("p")
    ]
    return starts or [m.start()]


# Someone else's sign, told as an aside before the reader's own question: "my friend fell off
# her bike last week, anyway, what should I avoid?", "my brother got hit by a car years ago,
# unrelated, but ...". Without the aside ("my husband fell off his bike and his back hurts")
# it is still a sign: the reader may be asking for them.
_SOMEONE_ELSE = re.compile(
    r"\b(?:(?:my|our|a|one|this|some) (?:\w+ )?(?:friend|mate|buddy|pal|brother|sister|dad"
    r"|father|mum|mom|mother|wife|husband|partner|boyfriend|girlfriend|colleague|coworker"
    r"|neighbour|neighbor|teammate|clubmate|dog|cousin|uncle|aunt|lady|woman|man|guy|bloke"
    r"|girl|boy|runner|member|niece|nephew|son|daughter|gran|grandma|grandad|grandpa)s?"
    r"|he|she|they)\b(?:\W+\w+){0,4}?\W*$"
)
# ... and told as over for them, or as not the reader's: "she's okay", "nothing to do with me"
_ASIDE = re.compile(
    r"\b(?:anyway|anyways|anyhow|unrelated|that aside|aside from that|off topic|different"
    r" (?:topic|question)|years ago|but that'?s not me|not me though|nothing to do with me"
    r"|(?:totally|completely|perfectly|absolutely) fine"
    r"|(?:she|he|they)(?:'?s|'?re| is| are| was| were) (?:totally |completely |absolutely "
    r"|perfectly |all |doing )?(?:ok|okay|fine|good|alright|all right|grand|right as rain"
    r"|back to normal|recovered|recovering))\b"
)


def _someone_elses_aside(doc: _Doc, m: re.Match) -> bool:
    head = doc.text[doc.clause_start(m.start()) : m.start()]
    return bool(_SOMEONE_ELSE.search(head) and _ASIDE.search(doc.text))


def _hits(rule: _Rule, doc: _Doc) -> bool:
    if not any(key in doc.prefixes for key in rule.keys):
        return False
    for m in rule.pattern.finditer(doc.text):
        if _someone_elses_aside(doc, m):
            continue
        if rule.before is not None and rule.before.search(
            doc.text, max(0, m.start() - 30), m.start()
        ):
            continue
        if rule.after is not None and rule.after.match(doc.text[m.end() : m.end() + 60]):
            continue
        if any(doc.negated(start) for start in _parts(m)) or doc.answered_no(m.end()):
            continue
        if rule.check is not None and not rule.check(doc, m):
            continue
        return True
    return False


def _has_pain(doc: _Doc) -> bool:
    return any(not doc.negated(m.start()) for m in _PAIN_CONTEXT.finditer(doc.text))


def _signs(doc: _Doc, context_docs: list[_Doc]) -> set[str]:
    found: set[str] = set()
    pain: bool | None = None
    for rule in _RULES:
        if rule.sign in found:
            continue
        if rule.context:
            if pain is None:
                pain = any(_has_pain(d) for d in context_docs)
            if not pain:
                continue
        if _hits(rule, doc):
            found.add(rule.sign)
    return found


def warning_signs(text: str, earlier: str | None = None) -> list[str]:
    """The warning signs a message describes, in a fixed order (SIGN_NAMES); empty when there
    are none. A sign denied in its own clause ("no chest pain", "without numbness") does not
    count.

    `earlier` is the reader's previous message in the conversation, when there is one. A sign
    whose parts are split between the two (pain in one, "it wakes me up at night", "it goes down
    my arm" or a fall or accident in the other) is reported too. Signs that `earlier` describes
    entirely on its own are not repeated: they were reported when it was sent.
    """
    doc = _Doc(text if isinstance(text, str) else "")
    previous = _Doc(earlier) if isinstance(earlier, str) and earlier.strip() else None
    found = _signs(doc, [doc] if previous is None else [doc, previous])
    if previous is not None:
        if _has_pain(doc):
            # Parts in the earlier message that needed the pain this one gives.
            found |= {rule.sign for rule in _RULES if rule.context and _hits(rule, previous)}
            if TRAUMA not in found and any(_hits(rule, previous) for rule in _TRAUMA_RULES):
                found.add(TRAUMA)
    return [name for name in SIGN_NAMES if name in found]
