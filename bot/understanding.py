"""Reading a message the way a reader writes it, before and around the classifier: pure text
rules with no model and no Rasa, used by the NLU clause component and by the answers.

- `split_clauses`: the questions of one message, in the reader's order ("X, and Y?",
  "two things: ...", "A. Also B?").
- `is_only_small_talk`: a greeting, thanks or goodbye that is all the message says (so "nothing
  I've tried has worked, what now?" is not taken as a goodbye).
- `wants_alternatives`: "besides / instead of / without X", "X hurts", "X didn't help": the
  reader asks for the article's other methods.
- `asks_to_rank`: "which one is best": the article names options without ranking them.
- `uncovered_point`: a question about a point the article does not make (price, brand, ice or
  heat, medication, ...), from the `uncovered` list in bot/content/remedies.yml.
- `asks_for_help_with_pain`: the reader's own upper back pain from running and a general plea
  for help ("any tips?").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.spelling import standard_spelling

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})


def lowercase(text: str) -> str:
    """Lowercase, straight apostrophes, single spaces."""
    return re.sub(r"\s+", " ", text.translate(_APOSTROPHES).lower()).strip()


@lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """Lowercase, straight apostrophes, single spaces, text-speak read as the words it stands
    for ("dont hav foam roller wat else": "dont have foam roller what else"; bot/spelling.py),
    and the technique of foam rolling told apart from running technique: what every rule here
    matches."""
    return _rolling_technique(standard_spelling(lowercase(text)))


_WORDS = re.compile(r"[a-z0-9'-]+")
_ROLL_WORDS = {"foam", "roll", "rolls", "rolled", "roller", "rollers", "rolling", "foamroller"}
_RUN_WORDS = {"run", "runs", "running", "ran", "runner", "jog", "jogs", "jogging", "stride", "gait"}
ROLLING_TECHNIQUE_WINDOW = 8  # words between "technique" and the roller it is about


def _rolling_technique(t: str) -> str:
    """ "the right technique for foam rolling", "got a roller but no idea about technique":
    "technique" near a word of foam rolling, with no word of running between them (nor
    "running" right before it), is the way to foam roll, read as "way"."""
    if "technique" not in t:
        return t
    words = list(_WORDS.finditer(t))
    plain = [m.group() for m in words]
    near = ROLLING_TECHNIQUE_WINDOW + 1
    spans = [
        words[i].span()
        for i, word in enumerate(plain)
        if word == "technique"
        and not (i and plain[i - 1] in _RUN_WORDS)
        and (
            _rolling_first(reversed(plain[max(0, i - near) : i]))
            or _rolling_first(plain[i + 1 : i + 1 + near])
        )
    ]
    for start, end in reversed(spans):
        t = t[:start] + "way" + t[end:]
    return t


def _rolling_first(words) -> bool:
    """A word of foam rolling among `words` (nearest first) before any word of running."""
    for word in words:
        if word in _RUN_WORDS:
            return False
        if word in _ROLL_WORDS:
            return True
    return False


# Words that start a new question when they follow "and", "also", "plus" or a comma.
_QUESTION_START = (
    r"(?:what|whats|what's|how|hows|how's|which|why|when|where|who|should|shall|can|could|"
    r"would|will|is|isn't|are|aren't|do|does|did|any|anything|tell|explain|give|list|"
    r"i'd like|id like|i want|i wanna|i (?:just|only|really) (?:want|wanna)|i need to know|"
    r"also|is there|are there|wat|wht|hw|shud|shld|whether|"
    # a request put as an order: "teach me to run so my back stops hurting"
    r"(?:teach|show|coach) me|(?:walk|talk|take) me through)"
)
# "when i run", "how i sit": a question word that starts a statement's clause, not a question.
_TELLS = (
    r"(?:(?:when|where|how|what|why|which) (?:i|im|i'm|you|we|my|it|they|he|she)|"
    # "when the ache kicks in mid-run, what should i check": a condition
    r"when (?:the|a|an|our|your|his|her|their|there))\b"
    r"(?! (?:wanted|want|wanna|need|needed|meant|mean|was wondering) to (?:ask|know)\b)"
    # "how i must land my foot", "how i should run": asked, in other words
    r"(?! (?:must|should|shall|can|could|ought to|need to|have to)\b)"
)
# A preposition can come before the question word of a short follow-up: "and for how long".
_PREPOSITION = r"(?:(?:for|in|at|on|with|from|about|by)\s+)?"
# Words after which "what can i do" is part of the same sentence: "not sure what i should do".
_EMBEDS = "".join(
    rf"(?<!\b{w})"
    for w in (
        "know",
        "ask",
        "wondering",
        "wonder",
        "sure",
        "idea",
        "tell me",
        "asking",
        "about",
        "is",
        "see",
        "clue",
        "unsure",
        "explain",
        "and",
        "or",
        "but",
        "so",
        "me",
        "us",
        "what",
        "how",
        "which",
        "why",
        "when",
        "where",
        "who",
        "if",
        "whether",
        "to",
        "that",
    )
)
_SPLITTERS = [
    # sentence ends and semicolons, numbered or bulleted items, new lines
    r"(?<=[.?!;])\s+",
    # "what stretches help?what about posture?": a question mark typed without its space
    r"(?<=[?!])(?=[a-z])",
    r"\n+",
    r"\s+(?=(?:\(?\d[.)]|[-*\u2022])\s+)",
    # "1 which stretch 2 which shoes": numbers before questions, typed without their stops
    rf"\s+(?=\d\s+{_QUESTION_START}\b)",
    # "exercises to avoid / core exercises to do"
    r"\s+/\s+",
    # lettered items: "a) ... b) ..."
    r"\s+(?=\(?[a-e]\)\s+)",
    # "two things: A, B" / "a couple of questions: A"
    r"(?<=:)\s+",
    # ", and what ..." / " and also ..." / ", also ..." / " plus how ..." / " & which ..."
    rf",?\s+(?:and|n|'n'|&|plus|but|then|and then)\s+(?:also\s+)?{_PREPOSITION}"
    rf"(?={_QUESTION_START}\b)(?!{_TELLS})",
    # "..., anyway what strengthening exercises help": the aside ends there
    r",?\s+(?:but\s+)?(?:anyway|anyways|anyhow)[,:]?\s+",
    # "how do i strengthen my back or should i just see a physio": a second question
    r",?\s+or\s+(?=(?:should|shall|would|could) i\b)",
    r"\s+\+\s+",
    # "is this common in runners what can i do about it": a second question typed without a stop
    rf"(?<=\w){_EMBEDS}\s+(?=(?:what (?:can|should|could|do) i|how (?:do|can|should|would) i|"
    r"what helps|any tips|what (?:stretches|exercises|shoes|gear|equipment|kit) (?:help|helps|should"
    r"|can|do|are|would))\b)",
    r",\s+(?:and\s+)?then\s+",
    r",?\s+and\s+after\s+that,?\s+",
    r",?\s+and\s+if\s+so,?\s+",
    rf"\s+as\s+well\s+as\s+(?={_QUESTION_START}\b)",
    r",?\s+(?:and\s+)?also[,:]?\s+",
    rf",\s+(?={_QUESTION_START}\b)",
    r"\s+(?:oh and|oh,? and|and then|and one more thing|one more thing)[,:]?\s+",
    # "roller benefit what, physiotherapist when", "land soft how, and planks how many":
    # terse questions closed by their question word
    r"(?:(?<=\bhow)|(?<=\bwhat)|(?<=\bwhich)|(?<=\bwhen)|(?<=\bwhy)|(?<=\bhow many)|"
    r"(?<=\bhow do))(?:,?\s+and|,)\s+|"
    # "foam rolling benefit, stretching which": the next item is closed by its question word
    r",\s+(?=[^,]*(?<!\bor )\b(?:how|what|which|when|why)\W*$)",
    # "first off, how do i ..., secondly what about ...": items told by their order
    r"[,;]?\s+(?:and\s+)?(?:secondly|thirdly|lastly|and finally)[,:]?\s+",
]
_SPLIT = re.compile("|".join(f"(?:{s})" for s in _SPLITTERS), re.IGNORECASE)
_LEAD = re.compile(
    r"^(?:(?:first of all|first off|firstly|to start|secondly|thirdly|lastly)(?:,|\s|$)|"
    r"(?:first|second|third|finally)(?:,|$)|\(?\d[.)]|"
    rf"\d(?=\s+{_QUESTION_START}\b)|"
    r"\(?[a-e]\)|[-*\u2022]|(?:and|also|plus|so|oh|ok|okay|then)\b[,.:]?)\s*",
    re.I,
)
_INTRO = re.compile(
    r"^(?:(?:hi|hey|hello|hiya|heya|yo|morning|good (?:morning|afternoon|evening))(?: there)?"
    r"[,!.]*\s+)?"
    r"(?:(?:i have |i've got |got )?(?:two|2|three|3|a few|a couple of|couple of|some|few)"
    r" (?:quick |small |little |short )?(?:things|questions|qs|ones)|quick (?:questions?|ones?"
    r"|qs?|qns?)"
    r"|questions?"
    # "I was wondering, if it's not too much trouble, how ...": a courtesy before the question
    r"|(?:so |well )?i (?:was|am|m) (?:just )?wondering(?:,? if (?:it's|its|it is) not too much "
    r"(?:trouble|bother)|,? if you (?:don't|dont|do not) mind)|sorry to bother you"
    r"|if (?:it's|its|it is) not too much (?:trouble|bother)|please|pls|plz)"
    # "two questions, if I may:"
    r"(?:,? (?:if (?:i|you) (?:may|don't mind|dont mind)|please|for you|then))?\s*:?\s*$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z0-9']+")
# A question's first words cut from the rest by "also": "should i", "do you".
_BARE_ASK = re.compile(
    r"^(?:should|shall|can|could|would|will|do|does|did|is|are)\s+(?:i|we|you|it|they)$",
    re.IGNORECASE,
)


# "change my running technique to help my upper back, how": the question word closes the
# question before it.
_BARE_QUESTION_WORD = re.compile(
    r"^(?:how|what|why|which|when|where|who)(?: exactly| so| then| though)?\W*$", re.IGNORECASE
)


# A message that numbers its items from 1 ("1 which stretch 2 which shoes 3 see physio?")
_NUMBERED = re.compile(rf"^\s*\(?1(?:[.)]\s+|\s+(?={_QUESTION_START}\b))", re.IGNORECASE)
# The most words of a heading before a colon: "foam rolling: good or overrated?"
_HEADING_WORDS = 4
_STARTS_AS_QUESTION = re.compile(rf"{_QUESTION_START}\b", re.IGNORECASE)


@dataclass(frozen=True)
class Clause:
    text: str
    start: int  # character offsets into the message
    end: int


_CONDITION = re.compile(r"^(?:if|unless)\b(?! so\b)", re.IGNORECASE)
_NEXT_ONE = re.compile(r"\b(?:then|also|plus|secondly|next|after that|if so)\b|[+&]", re.IGNORECASE)


def told_as_next(text: str, end: int, start: int) -> bool:
    """Whether the words between two clauses of `text` (`end` of the first, `start` of the
    next) make the next one another question ("..., then how often do i do them")."""
    return bool(_NEXT_ONE.search(text[end:start]))


def split_clauses(text: str) -> list[Clause]:
    """The parts of a message that can each be a question, in order. A message with one
    question gives one clause; a one-word fragment is kept with its neighbour."""
    pieces: list[Clause] = []
    pos = 0
    splits = [(m.start(), m.end()) for m in _SPLIT.finditer(text)]
    if _NUMBERED.match(text):
        # "1 which stretch 2 which shoes 3 see physio?": the next numbers, in order, start items
        at, number = 0, 2
        while m := re.compile(rf"\s+\(?{number}[.)]?\s+(?=[a-z])", re.I).search(text, at):
            splits.append((m.start(), m.end()))
            at, number = m.end(), number + 1
        splits.sort()
        splits = [s for i, s in enumerate(splits) if i == 0 or s[0] >= splits[i - 1][1]]
    for start, end in splits:
        pieces.append(Clause(text[pos:start], pos, start))
        pos = end
    pieces.append(Clause(text[pos:], pos, len(text)))
    clauses: list[Clause] = []
    pending: Clause | None = None
    for piece in pieces:
        lead = _LEAD.match(piece.text)
        body = piece.text[lead.end() :] if lead else piece.text
        offset = piece.start + (lead.end() if lead else 0)
        stripped = body.strip(" ,;:-")
        if not stripped or _INTRO.match(stripped):
            continue
        start = offset + body.find(stripped)
        clause = Clause(stripped, start, start + len(stripped))
        # "stretches for neck and shoulders, then how many times a week do i do them": a next
        # question, told as one, about what the first named
        next_one = bool(clauses) and told_as_next(text, clauses[-1].end, start)
        if (
            clauses
            and not next_one
            and (
                _points_back(stripped)
                or (_asks_about_it(stripped) and _only_names(clauses[-1].text))
            )
        ):
            # "what does overstriding mean and is it bad": one question about one subject.
            clause = _joined(text, clauses.pop(), clause)
            clauses.append(clause)
            continue
        if (
            clauses
            and text[: piece.start].rstrip().endswith(":")
            and len(_WORD.findall(clauses[-1].text.lower())) <= _HEADING_WORDS
            and _only_names(clauses[-1].text)
            and not _STARTS_AS_QUESTION.match(stripped)
        ):
            # "foam rolling: good or overrated?": a heading and its question (not "three
            # things: is it common, ...", whose questions stand on their own)
            clauses.append(_joined(text, clauses.pop(), clause))
            continue
        if pending is not None:
            clause, pending = _joined(text, pending, clause), None
        elif _CONDITION.match(stripped) and not stripped.endswith("?"):
            # "If I foam roll and stretch, is that enough?": a condition, then its question
            pending = clause
            continue
        elif (
            clauses
            and (len(_WORD.findall(stripped.lower())) <= 1 or _BARE_QUESTION_WORD.match(stripped))
            and not is_only_small_talk(stripped)
            and (not is_question(stripped) or _BARE_QUESTION_WORD.match(stripped))
        ):
            if (
                clauses[-1].text.rstrip().endswith("?")
                and not _BARE_QUESTION_WORD.match(stripped)
                and text[clause.end : clause.end + 1] == ","
            ):
                # "Planks, good or bad? Plyometrics, should I stop them?": after a question
                # that is complete, a name heads the next one
                pending = clause
                continue
            clause = _joined(text, clauses.pop(), clause)
        if clauses and _BARE_ASK.match(clauses[-1].text):
            # "is rolling enough or should i also see a coach": "should i" | "see a coach"
            clause = _joined(text, clauses.pop(), clause)
        clauses.append(clause)
    if pending is not None:
        clauses.append(_joined(text, clauses.pop(), pending) if clauses else pending)
    if len(clauses) > 1 and len(_WORD.findall(clauses[0].text.lower())) <= 1:
        first, second = clauses[0], clauses[1]
        # not "shoes + see physio?": an item of a list
        if (
            not is_only_small_talk(first.text)
            and not is_question(first.text)
            and not told_as_next(text, first.end, second.start)
        ):
            clauses[:2] = [_joined(text, first, second)]
    return clauses or [Clause(text.strip(), 0, len(text))]


def _joined(text: str, first: Clause, last: Clause) -> Clause:
    """One clause from the start of `first` to the end of `last`."""
    return Clause(text[first.start : last.end], first.start, last.end)


_JUDGES_IT = re.compile(
    r"^(?:is|are|was|isn't|would|could) (?:it|that|this|they|those) (?:really |actually |even )?"
    r"(?:bad|good|ok|okay|fine|safe|normal|wrong|right|harmful|dangerous|a problem|an issue|"
    r"worth it|a bad thing|a good thing|bad for (?:me|my back|you))\W*$",
    re.IGNORECASE,
)


def _points_back(clause: str) -> bool:
    """A clause that only judges what the previous one named ("is it bad", "is that ok")."""
    return bool(_JUDGES_IT.match(clause.strip()))


_HELPS_IT = re.compile(
    r"^(?:and |but |so )?(?:does|do|will|would|can|could|did) (?:it|that|this|they|those|these|"
    r"doing (?:it|that|this)) (?:really |actually |genuinely |even |truly )?"
    r"(?:help|helps|work|works|make (?:a|any|much of a|a real|a big) difference|matter|"
    r"do (?:anything|much|any good|the trick))"
    r"(?: (?:me|my (?:upper )?back|the pain|(?:with|to) (?:it|the pain|my (?:upper )?back)))?"
    r"(?: (?:at all|much|really|for (?:running|runners|me|real)))?\W*$",
    re.IGNORECASE,
)


def asks_if_it_helps(clause: str) -> bool:
    """A clause that asks only whether what the one before named helps: "and does it really
    make a difference?", "will that actually work"."""
    return bool(_HELPS_IT.match(clause.strip()))


_IT = re.compile(
    r"\b(?:(?<!worth )it|they|them|those|these|that one|this one|either|each)\b|"
    r"^which (?:is|are|one|ones|works?|helps?|would|should|do|does|of)\b|"
    r"^what (?:is|are|one|ones|works?|helps?|would|should|of)\b|"
    r"^(?:is|was|are|does|do|could|can|would|might|may) (?:that|this)\b|"
    # "is he right about that?", "what do you make of that?"
    r"\b(?:about|of) (?:that|this)\W*$|"
    # "i hunch when tired. how do i fix that?", "I slouch when running, how do I stop?"
    r"\b(?:fix|stop|change|correct|sort|prevent|avoid|improve|shorten|reduce) (?:that|this)\b|"
    r"^how (?:do|can|should|would) (?:i|you) (?:stop|fix|change|correct|avoid|prevent)\W*$|"
    # "Stride length and upper back pain: is there a connection?"
    r"\bis there (?:a|any) (?:connection|link|relation|relationship)\b",
    re.IGNORECASE,
)


def _asks_about_it(clause: str) -> bool:
    """A question about something the message named before it: "do they help?", "which is
    better", "how do i do it"."""
    return is_question(clause) and bool(_IT.search(normalise(clause)))


def _only_names(clause: str) -> bool:
    """A clause that names or tells something without asking: "hip pads or a running belt",
    "planks or bridges", "my shoes are old"."""
    return not is_question(clause) and not is_only_small_talk(clause)


# Thanking and leave-taking words: part of small talk, and on their own for a message that
# does both ("thanks, bye").
_THANKS_WORDS = r"thanks?|thank you|thx|ty|cheers|much appreciated|appreciate it"
_LEAVING_WORDS = (
    r"bye+|goodbye|good bye|see (?:you|ya)|take care|good night|ciao|cya|"
    r"that's all|thats all|that is all|i'm done|im done|bye for now"
)
_SMALL_TALK = re.compile(
    r"\b(?:hi+|hey+a?|hello+|hiya|howdy|yo|greetings|good (?:morning|afternoon|evening|day)|"
    r"morning|mornin|evening|afternoon|"
    rf"{_THANKS_WORDS}|great|perfect|awesome|"
    r"cool|nice|ok(?:ay)?|got it|that helps|helpful|brilliant|lovely|"
    rf"{_LEAVING_WORDS}|later|have a (?:good|nice|great) \w+|all good|"
    r"there|so much|very much|a lot|again|for (?:the|your) (?:help|info|answer|answers)|"
    r"you|mate|bot|folks|everyone|all|guys|man|buddy|friend|dear|"
    r"how are you|how's it going|hows it going|nice to meet you|"
    r"for now|for today)\b",
    re.IGNORECASE,
)
_THANKING = re.compile(rf"\b(?:{_THANKS_WORDS})\b", re.IGNORECASE)
_LEAVING = re.compile(rf"\b(?:{_LEAVING_WORDS})\b", re.IGNORECASE)


def thanks_and_leaves(text: str) -> bool:
    """Small talk that both thanks and takes leave: "thanks, bye", "cheers! that's all"."""
    text = normalise(text)
    return bool(_LEAVING.search(text) and _THANKING.search(text))


def is_only_small_talk(text: str) -> bool:
    """True when nothing is left of the message once greetings, thanks and goodbyes are
    taken out (punctuation and emoji aside)."""
    rest = _SMALL_TALK.sub(" ", normalise(text))
    return not _WORD.search(rest)


# "besides / instead of / other than / without X", "X hurts", "can't do X", "X didn't help"
_INSTEAD = re.compile(
    r"\b(?:besides|beside|instead of|other than|apart from|aside from|except(?: for)?|"
    r"rather than|alternatives? to|alternative for|substitute for|replacement for|without(?: a| an| my| the)?|"
    r"in place of|on top of|in addition to|as well as(?! (?:which|what|how|when|why|where|"
    r"whether))|beyond|not counting|swap(?:ping)? out|"
    r"replace|substitute|that (?:isn't|isnt|is not|'s not|s not)|thats not|not involving|"
    r"that doesn't involve|that doesnt involve|no more|(?:that )?(?:aren't|arent|are not|isn't|isnt|"
    r"is not) about|non)\b",
    re.IGNORECASE,
)
# Being unable to: "can't", "unable to"
_UNABLE_WORDS = r"can't|cant|cannot|can not|unable to|not able to|couldn't"
_CANNOT = re.compile(
    rf"\b(?:{_UNABLE_WORDS}|don't want to|dont want to|"
    r"hate|don't like|dont like|can't stand|no longer|stopped|gave up(?: on)?|quit|"
    r"sick of|tired of|bored (?:of|with)|fed up with|no time for|no room for|not allowed|"
    r"(?:told|said) (?:me )?not to|(?:want|need) to (?:skip|avoid|ditch|replace|swap)|skip|ditch|"
    r"(?:i'd|id|i would) rather not|prefer not to|won't|wont|will not|not going to|not gonna|"
    r"refuse to|can't afford|cant afford|not keen on|not a fan of|don't care (?:about|for)|"
    r"dont care (?:about|for)|not interested in|no (?:money|budget) for|"
    r"can't be bothered with|cant be bothered with)\b",
    re.IGNORECASE,
)
# Without a method named: "i can't get on the floor, is there another way"
_UNABLE = re.compile(rf"\b(?:{_UNABLE_WORDS}|couldnt)\b", re.IGNORECASE)
# "already fixed my X", "X has already been sorted"
_DONE = re.compile(
    r"\b(?:already|have|has|had|'ve|got) (?:\w+ )?(?:fixed|sorted|changed|corrected|improved|"
    r"worked on)(?: up| out)?(?: my| the| his| her| our)?$",
    re.IGNORECASE,
)
# after the method's name: "X isn't an option", "X is out of the question"
_RULED_OUT = re.compile(
    r"\b(?:(?:isn't|isnt|is not|aren't|arent|are not|not) (?:an option|possible|for me)|"
    r"out of the question|off the table|(?:is|are) a no[- ]go|"
    r"(?:it's|its|it is) not (?:them|that|it|the (?:problem|issue|cause))|"
    r"(?:(?:is|are|'s|s) )?already (?:good|fine|ok|okay|sorted|decent|great|spot on)(?! enough)|"
    r"(?:is|are) (?:good|fine|ok|okay|sorted) already|"
    # "leaving running technique aside, what options are there"
    r"aside|to one side)\b",
    re.IGNORECASE,
)
# Not having a thing to hand: "don't own a roller", "left my roller at work".
_NOT_TO_HAND = (
    r"don't have|dont have|do not have|haven't got|havent got|don't own|dont own|"
    r"no access to|left my|forgot my|forgotten my"
)
_LACK = re.compile(
    rf"\b(?:{_NOT_TO_HAND}|without|lost my|broke my|no)\b",
    re.IGNORECASE,
)
_FAILED = re.compile(
    r"\b(?:hurts?|hurting|(?:is|are|was|feels?|gets?) (?:too |really |so |very )?painful|"
    r"is agony|(?:makes?|made|making) (?:it|things|everything|the pain|my back) worse|"
    r"bores? me|bored me|"
    r"didn't help|didnt help|did not help|doesn't help|doesnt help|does not help|"
    r"isn't helping|isnt helping|not helping|isn't working|isnt working|not working|"
    r"didn't work|didnt work|did not work|doesn't work|doesnt work|no luck|useless|"
    r"does nothing|did nothing|done nothing|do nothing|hasn't helped|hasnt helped|boring|too hard|"
    r"(?:made|makes|making) no difference|no (?:difference|results?|improvement|change)|"
    r"(?:hasn't|hasnt|has not|didn't|didnt|did not|haven't|havent) (?:done|changed) (?:anything|much)|"
    r"already (?:do|did|doing|done|tried|try)|i already|been doing|been trying|tried)\b",
    re.IGNORECASE,
)
# "what else helps", "any other ideas": what else helps in general (not "instead", "now what")
_ELSE_HELPS_WORDS = (
    r"what else(?! (?:is|are) (?:there|in))|anything else|something else|"
    r"else (?:can|could|should|would|might|helps?|works?)|"
    r"other (?:options?|ways?(?! round| around)|methods?|things?|ideas?|remedies|approaches|"
    r"suggestions?|techniques?|"
    r"changes)|(?:anything|something) (?:new|besides|apart from|other than)"
)
_ELSE = re.compile(
    # not "what else is in that group", "what else like it": more of the same
    rf"\b(?:{_ELSE_HELPS_WORDS}|"
    r"what else(?! (?:is|are) in (?:that|this|the same)\b| like (?:that|this|it|them)\b)|"
    r"other stuff|another (?:way|option|method|"
    r"idea|approach)|alternatives?|"
    # not "my bike got a flat so I ran instead": what the reader did, told
    r"(?<!\bran )(?<!\bwent )(?<!\bwalked )(?<!\bjogged )(?<!\bcycled )(?<!\bswam )"
    r"(?<!\bbiked )(?<!\brode )(?<!\bdid )(?<!\bhiked )instead|"
    r"other than that|what now|now what|what next|what's next|whats next|"
    r"anything more|more (?:options|ideas|suggestions)|other (?:choices|fixes)|"
    r"(?:something|anything) different|next thing|what do i do now|what can i do now)\b|"
    r"\bwhat other\W*$",
    re.IGNORECASE,
)
# "can i just foam roll and skip all the other stuff?": the method alone, not the others.
_SKIPS_THE_OTHERS = re.compile(
    r"\b(?:skip|skipping|ignore|ignoring|forget|forget about|drop|dropping|without|not do|"
    r"leave out|leaving out) (?:all )?(?:of )?the (?:other|rest)\b",
    re.IGNORECASE,
)
# "does a backpack make it worse?", "could long strides be what's hurting my back?": a
# question about the method, not a failure of it.
_ASKS_IF_WORSE = re.compile(
    r"\b(?:does|do|can|could|will|would|might|may|should|is|are)\s+(?:\S+\s+){1,8}?"
    r"(?:make (?:it|the pain|my back) worse|(?:help|helps) or (?:hurt|harm)|hurt|hurting)\b",
    re.IGNORECASE,
)


def _near(pattern: re.Pattern, text: str, start: int, end: int, before: int, after: int) -> bool:
    """`pattern` within `before` words before [start, end) or `after` words after it."""
    head = " ".join(text[:start].split()[-before:]) if before else ""
    tail = " ".join(text[end:].split()[:after]) if after else ""
    return bool((head and pattern.search(head)) or (tail and pattern.search(tail)))


# Cues next to a method's name that leave it out, each with how many words before and after
# the name it is looked for: "instead of / without X", then "can't X", "X hurts", "X is fine
# already", "already fixed my X".
_LEAVES_OUT = ((_INSTEAD, 4, 0), (_LACK, 4, 0))
_GIVES_UP = ((_CANNOT, 4, 0), (_FAILED, 2, 3), (_RULED_OUT, 0, 5), (_DONE, 5, 0))


def _cued(text: str, places: list[tuple[int, int]], cues: tuple) -> bool:
    """Whether one of `cues` stands next to one of a method's names (`places`) in `text`."""
    return any(
        _near(pattern, text, start, end, before, after)
        for start, end in places
        for pattern, before, after in cues
    )


def wants_alternatives(
    text: str, named: dict[str, list[tuple[int, int]]], alone: bool = True
) -> bool:
    """The reader asks for other methods than one they name: "instead of X", "without X",
    "I can't do X", "X hurts", "X didn't help", "I already do X, what else". The cue must be
    next to the method's name (`named`: method -> spans of its names in the normalised
    text); "what else" anywhere counts too when the message asks one question (`alone`).
    Without a named method only "what else / anything else" after a failure or a "can't"
    counts. "Does X make it worse?" asks about X; "X and skip the other stuff" wants X alone."""
    t = normalise(text)
    asked_if_worse = _ASKS_IF_WORSE.search(t)
    if asked_if_worse:  # blanked out, the offsets of `named` unchanged
        t = (
            t[: asked_if_worse.start()]
            + " " * len(asked_if_worse.group())
            + t[asked_if_worse.end() :]
        )
    if any(_cued(t, places, _LEAVES_OUT + _GIVES_UP) for places in named.values()):
        return True
    asks_else = bool(_ELSE.search(t)) and not _SKIPS_THE_OTHERS.search(t)
    if named:
        return alone and asks_else
    return asks_else and bool(_FAILED.search(t) or _UNABLE.search(t))


# What the reader says they already do, or that is not their problem, without naming the
# method: "already keep my shoulders loose", "head up, short strides, done all that",
# "sitting up straight isn't the issue".
_TOLD_DONE = re.compile(
    r"\b(?:already|done (?:all )?(?:that|those|these|this|them)|did (?:all )?(?:that|those)|"
    r"(?:is|are|'s|s|'re|re) (?:fine|good|ok|okay|sorted)|"
    r"(?:isn't|isnt|is not|aren't|arent|are not|not) (?:the|my) (?:issue|problem)|not for me|"
    rf"part of my routine|do not own|{_NOT_TO_HAND})\b",
    re.IGNORECASE,
)


def told_as_done(text: str) -> bool:
    """The reader tells of something they already do, that is fine, that failed or that they
    cannot do: "already keep my shoulders loose", "rolling hurts", "done all that"."""
    t = normalise(text)
    return bool(
        _TOLD_DONE.search(t) or _FAILED.search(t) or _UNABLE.search(t) or _RULED_OUT.search(t)
    )


# What the reader dislikes or will not do: "I hate it", "dont want to change it".
_DISLIKED = re.compile(
    r"\b(?:hate|hated|hating|can'?t stand|cannot stand|miserable|(?:don'?t|do not|didn'?t|did not)"
    r" (?:want to|wanna|like|enjoy)|not (?:a fan|keen)|(?:didn'?t|did not|doesn'?t|does not|don'?t)"
    r" do (?:much|anything|a thing))\b",
    re.IGNORECASE,
)


def told_as_disliked(text: str) -> bool:
    """The reader dislikes what was answered or will not do it: "I hate it", "not a fan",
    "didn't do much for me"."""
    return bool(_DISLIKED.search(text))


# "walk me through the technique for that": a way of doing what was answered
_A_WAY_OF_DOING_IT = re.compile(
    r"\b(?:technique|form) (?:for|of|with) (?:that|it|this|them|doing (?:it|that|this))\b",
    re.IGNORECASE,
)


def asks_a_way_of_doing_it(text: str) -> bool:
    """ "The technique for that", "form of doing it": the way of doing what was answered, not
    running technique."""
    return bool(_A_WAY_OF_DOING_IT.search(text))


# A professional the reader already has, who said or saw something: "my coach says I
# overstride", "a physio watched me run". Not: "should I see a physio?"
_PROFESSIONAL = (
    r"(?:coach|physio|physiotherapist|physical therapist|therapist|pt|trainer|expert|pro|"
    r"doctor|gp|sports doctor)"
)
_REPORTED = re.compile(
    rf"\b{_PROFESSIONAL}\b(?: \w+){{0,2}}? (?:says|said|told|tells|thinks|thought|reckons|"
    r"reckoned|mentioned|noticed|watched|filmed|used to say|keeps saying|recommended|suggested|"
    r"pointed out|spotted)\b",
    re.IGNORECASE,
)
_SOUGHT = re.compile(
    r"\b(?:should|shall|would|do|does|is it|worth|need to|time to|when|who|where)\b"
    r"[^.?!]{0,30}?\b(?:see|seeing|visit|visiting|book|booking|consult|hire|hiring|get (?:a|an|"
    r"someone|somebody|my)|getting (?:a|an|someone|somebody|my)|go to|pay for|work with|"
    r"working with)\b",
    re.IGNORECASE,
)


def professional_only_reported(text: str) -> bool:
    """The reader tells what a professional they have said or saw, and does not ask whether
    to see one: "physio says I'm a heel striker, should I land on my forefoot?"."""
    t = normalise(text)
    return bool(_REPORTED.search(t)) and not _SOUGHT.search(t)


def left_out(text: str, named: dict[str, list[tuple[int, int]]]) -> str | None:
    """Of the methods named (`named`, as for `wants_alternatives`), the one the reader wants
    left out: the one right after "besides / instead of / without", else the first one next
    to a "can't", "hurts", "is fine" cue, else the first named ("as flexible as a plank, and
    stretches frustrate me. anything besides stretching?": stretching)."""
    t = normalise(text)
    for cues in (_LEAVES_OUT, _GIVES_UP):
        for method, places in named.items():
            if _cued(t, places, cues):
                return method
    return next(iter(named), None)


_RANK = re.compile(
    r"\b(?:best|better|(?:most|more) (?:effective|efective|effectve|useful|important|helpful)|top|"
    r"number one|favou?rite|matters? (?:more|most)|"
    r"rank|ranking|prioriti[sz]e|which (?:one|of (?:them|those|these|the))|"
    r"the one (?:that|for)|works? (?:best|better)|should i (?:start|begin) with|first|"
    # "if I could only buy one thing", "the single most effective thing"
    r"only (?:\w+ ){0,3}?one (?:thing|method|option|item|piece|of them)|single (?:best|most))\b",
    re.IGNORECASE,
)


_BESIDES_THAT = re.compile(
    r"\b(?:besides|beside|other than|apart from|aside from|alongside|along with|together with|"
    r"in addition to|as well as|on top of|instead of|rather than|except) (?:it|that|this|them|those)\b",
    re.IGNORECASE,
)


def besides_the_subject(text: str) -> bool:
    """ "What should I do alongside it?": other methods than the one under discussion."""
    return bool(_BESIDES_THAT.search(normalise(text)))


_ONLY_INSTEAD = re.compile(r"\binstead\W*$", re.IGNORECASE)


def asks_instead_of(text: str) -> bool:
    """ "should i just stretch instead": the clause ends in "instead", with no other ask for
    other methods in it."""
    t = normalise(text)
    return bool(_ONLY_INSTEAD.search(t)) and not _ELSE.search(_ONLY_INSTEAD.sub(" ", t))


def asks_what_else(text: str) -> bool:
    """ "What else / anything else / other options": the reader asks for other methods."""
    return bool(_ELSE.search(normalise(text)))


_ELSE_HELPS = re.compile(rf"\b(?:{_ELSE_HELPS_WORDS})\b", re.IGNORECASE)


def asks_what_else_helps(text: str) -> bool:
    """ "What else can I do", "any other ideas": what helps besides, in general."""
    return bool(_ELSE_HELPS.search(normalise(text)))


# Words that may lead into a short clause ("and what helps?", "so what should I avoid?") and
# that may trail one ("... in the meantime", "... while I wait for an appointment").
_LEAD_IN = r"and|n|so|but|also|then|plus"
_MEANWHILE = (
    r"at home|in the meantime|meanwhile|for now|right now|now|till then|until then|overall|"
    r"in general|generally|then|"
    r"while i wait(?: for (?:an|the|my) appointment)?"
)

# "what can I actually do", "what could I realistically try": a word that hedges the asking
_HEDGE = r"(?:actually |really |possibly |even |realistically )?"
# A clause that asks only what helps, in general: "what can i do?", "how fix", "any way
# relieve at home". A word or two may lead in ("and", "so") or trail ("about it", "in the
# meantime").
_WHAT_HELPS = re.compile(
    rf"^(?:(?:{_LEAD_IN}|ok|okay|right)\W+){{0,2}}(?:"
    r"(?:what|wat|wht) (?:can|should|could|do|would|shud|cn) (?:i|we|one) "
    rf"{_HEDGE}(?:do|try)|"
    r"(?:is there )?anything (?:else )?(?:i|we) (?:can|could|should) (?:do|try)|"
    r"how (?:do|can|should) i make it (?:go away|stop|better)|"
    r"(?:what|wat|wht) (?:actually |really |usually |generally )?(?:helps|works|would help|can help|"
    r"will help)|"
    r"how (?:do i |can i |should i |to |do you |would i |)(?:fix|sort|ease|relieve|treat|stop|"
    r"manage|deal with|get rid of|help)(?: out)?|"
    r"any (?:tips|advice|ideas|suggestions|help|fix|fixes|remedies|cure)|"
    r"(?:is there )?any ?(?:way|thing) (?:to |i can do to |that )?(?:relieve|ease|fix|help|helps)|"
    r"what do (?:people|runners|others|most people) do"
    r")(?:(?: about| for| with| to)? (?:it|this|that|them|(?:my |the |your )?(?:upper |upper-|mid )?"
    r"back(?: pain| ache| soreness| stiffness)?))?"
    rf"(?: (?:{_MEANWHILE}|myself|on my own|by myself))*\W*$",
    re.IGNORECASE,
)


def asks_what_helps(text: str) -> bool:
    """ "what can i do?", "how fix", "any way relieve at home": a clause that asks only what
    helps, about nothing it names."""
    return bool(_WHAT_HELPS.match(normalise(text)))


# A clause that asks only what to stop doing: "is there anything I should stop doing in the
# meantime", "what should I avoid?", "anything to skip?".
_WHAT_TO_AVOID = re.compile(
    rf"^(?:(?:{_LEAD_IN})\W+)?(?:is there )?(?:anything|something|what|which exercises?|"
    r"any exercises?) (?:(?:i|we) (?:should|must|need to|ought to|have to) |(?:should|must|do) (?:i|we) "
    r"|to )?(?:stop|avoid|skip|cut out|stay away from|steer clear of|not do|give up)(?: doing)?"
    rf"(?: (?:{_MEANWHILE}))*\W*$",
    re.IGNORECASE,
)


def asks_what_to_avoid(text: str) -> bool:
    """ "is there anything I should stop doing in the meantime": a clause that asks only what
    to stop or avoid, about nothing it names."""
    return bool(_WHAT_TO_AVOID.match(normalise(text)))


# The reader cannot or will not pay for things: "money is tight", "on a budget", "can't
# afford anything", "without spending a penny" (not "can't afford a physio", which names whom).
_SHORT_OF_MONEY = re.compile(
    r"\b(?:"
    r"(?:can't|cant|cannot|can not|couldn't|couldnt|unable to) afford"
    r"(?: to (?:buy|spend|pay for|splash out(?: on)?))?(?: (?:anything|much|any ?thing new|new stuff|"
    r"new things|extras|stuff|it|them|that|this))?(?=\W*(?:$|[,.;!?]|\b(?:so|and|but|right now|"
    r"at the moment|now|atm)\b))|"
    r"(?:no|little|not much|not a lot of|zero|limited|hardly any|barely any) (?:spare )?"
    r"(?:money|cash|budget|funds|income)|"
    r"(?:money|cash|funds|pennies)(?:'s| is| are| being)(?: really| very| a bit| so| pretty)? "
    r"(?:tight|short|scarce|low|an issue|a problem)|"
    r"(?:tight|low|small|limited|shoestring|strict|fixed) (?:budget|income)|on a (?:\w+ )?budget|"
    r"my budget\b[^.?!]{0,40}?\b(?:is|'s) (?:basically |pretty much |practically )?"
    r"(?:zero|nothing|nil|tiny)|"
    r"strapped for cash|short of (?:money|cash)|hard up|skint|broke (?:student|college|uni)|"
    r"i'?m broke|i am broke|(?:poor|broke) student|student loan|"
    r"(?:don't|dont|do not|can't|cant|cannot|won't|wont|rather not|refuse to|not) "
    r"(?:want to |afford to |going to )?(?:spend|spending|buy|buying|pay|paying)(?: (?:any|"
    r"anything|money|much|a penny|a thing|a cent|a dime|extra|more|on extras|for anything|"
    r"on anything))|"
    r"(?:don't|dont|do not) have (?:the |any )?(?:money|cash|budget)|"
    r"without (?:spending|buying|paying)|"
    r"(?:doesn't|does not|don't|dont|won't|wont|wouldn't) (?:involve|need|require) "
    r"(?:buying|spending|paying)"
    r")",
    re.IGNORECASE,
)
# ... or wants what costs nothing: "free ways", "anything that won't cost me".
_COSTS_NOTHING = re.compile(
    r"\b(?:"
    r"(?:for|at) (?:free|no cost)|free of charge|(?:that's|thats|that is|which is) free|"
    r"cost-?free|no-?cost|zero-?cost|free (?:ways|options|things|stuff|methods|fixes|tips)|"
    r"cheap (?:ways|options|things|stuff|methods|fixes)|"
    r"(?:costs?|cost me|costing) nothing|(?:won't|wont|doesn't|dont|don't|does not|will not) "
    r"cost(?: me)?(?: anything| a thing| a penny| much)?\b|"
    r"(?:nothing|anything|something) (?:that costs|i (?:have|need) to buy)"
    r")",
    re.IGNORECASE,
)
# A request for help anywhere in a message: "is there anything I can do", "any tips for",
# "what are my options", "ways to ease it".
_ASKS_HELP = re.compile(
    rf"\b(?:what (?:can|could|should) i {_HEDGE}(?:do|try)|anything (?:i|we) (?:can|could)"
    r" (?:do|try)|"
    r"what helps|what (?:are|r) my options|options\W*$|any (?:tips|advice|ideas|suggestions|ways?)|"
    r"suggestions|(?:ways?|things?) (?:to|i can|i could)|what(?:'s| is|s) there for|"
    r"how (?:can|do|should|could) i (?:ease|fix|sort|relieve|deal with|get rid of|stop|help|"
    r"look after|manage|treat)|what else)\b",
    re.IGNORECASE,
)


def asks_for_help(text: str) -> bool:
    """ "is there anything I can do", "any tips for the ache": a request for help anywhere in
    the message."""
    return bool(_ASKS_HELP.search(normalise(text)))


def on_a_budget(text: str) -> bool:
    """ "money is tight so I can't buy anything": the reader cannot or will not pay for things,
    and names nothing in particular they cannot pay for."""
    t = normalise(text)
    return bool(_SHORT_OF_MONEY.search(t) or _COSTS_NOTHING.search(t))


# "what's the single most effective thing", "which method works best": the methods ranked.
_ANY_METHOD = re.compile(
    r"\b(?:thing|things|method|methods|option|options|approach|approaches|strateg(?:y|ies)|"
    r"remed(?:y|ies)|treatments?)\b",
    re.IGNORECASE,
)


def ranks_the_methods(text: str) -> bool:
    """A ranking of whatever helps, no topic named: "what's the single most effective thing",
    "which method works best"."""
    t = normalise(text)
    ranked = any(m.group() != "first" for m in _RANK.finditer(t))  # not "first time here"
    return ranked and bool(_ANY_METHOD.search(t)) and is_question(t)


def asks_to_rank(text: str) -> bool:
    """ "Which one is best (for the shoulders)?": a ranking the article does not give."""
    return bool(_RANK.search(normalise(text)))


@dataclass(frozen=True)
class Uncovered:
    slug: str
    point: str  # "the price of a foam roller", as the reply names it
    closest: str | None  # the topic whose passage comes closest, or None
    pattern: re.Pattern
    setting: bool = False  # also told as the reader's circumstances (see point_only_told)
    ask: str | None = None  # who can answer it, when not a doctor or physical therapist


def compile_uncovered(entries: list[dict]) -> list[Uncovered]:
    """The `uncovered` list of remedies.yml: each entry's patterns are regular expressions
    matched on whole words of the normalised message."""
    return [
        Uncovered(
            e["slug"],
            e["point"],
            e.get("closest"),
            re.compile(r"\b(?:" + "|".join(e["patterns"]) + r")\b", re.IGNORECASE),
            bool(e.get("setting")),
            e.get("ask"),
        )
        for e in entries
    ]


# "I can't afford a physio": what the reader cannot pay for, told, not asked about.
_CANT_AFFORD = re.compile(
    r"\b(?:can't|cant|cannot|can not|couldn't|couldnt|unable to|not able to) afford\b"
    r"(?: to (?:buy|pay for|see|get|spend on))?(?: (?:a|an|the|my|any|new|more))?(?: [\w-]+){0,2}",
    re.IGNORECASE,
)


def cant_afford(text: str) -> bool:
    """ "I can't afford a physio": the reader tells what they cannot pay for."""
    return bool(_CANT_AFFORD.search(normalise(text)))


def uncovered_point(text: str, points: list[Uncovered]) -> Uncovered | None:
    """The first point the article does not make that the message asks about; the reader's
    own budget ("no budget for lessons, so how should I change my stride?", "I can't afford a
    physio, which stretches can I do at home?") is not a question about prices."""
    t = _money_told_blanked(normalise(text))
    return next((p for p in points if p.pattern.search(t)), None)


@lru_cache(maxsize=512)
def _money_told_blanked(t: str) -> str:
    """The normalised text with the reader's own money circumstances blanked out (offsets
    kept); read once per text, as a message's clauses are checked several times."""
    for told in (_SHORT_OF_MONEY, _CANT_AFFORD):
        t = told.sub(lambda m: " " * len(m.group()), t)
    return t


# A question that points back at what the message said before it: "is that ok", "should i
# try it", "which one".
_POINTS_BACK = re.compile(
    r"\b(?<!on )(?:it|its|it's|that|this|those|these|them|they|one|ones|there)\b(?! own\b)",
    re.IGNORECASE,
)


def point_only_told(clauses: list[tuple[str, bool]], points: list[Uncovered]) -> bool:
    """The message names points the article does not make only where the reader tells of
    their circumstances (points marked `setting`: "I do long trail runs with a hydration pack.
    Should I change how I carry my water?", "my toes go numb in the cold until I warm up.
    anyway, what shoes?"), and asks elsewhere, without pointing back at them, a question the
    classifier places on an article topic. `clauses`: each clause's text and whether it is
    placed on a topic (by the clause classifier with confidence, or by naming its subject)."""
    told = asked = False
    for text, placed in clauses:
        point = uncovered_point(text, points)
        if is_question(text):
            if point or _POINTS_BACK.search(normalise(text)):
                return False
            asked = asked or placed
        elif point:
            if not point.setting:
                return False
            told = True
    return told and asked


def compile_aliases(aliases: dict[str, list[str]]) -> dict[str, re.Pattern]:
    """One pattern per key matching any of its names as whole words (longest first)."""
    return {
        key: re.compile(
            r"\b(?:"
            + "|".join(re.escape(n.lower()) for n in sorted(set(names), key=len, reverse=True))
            + r")\b"
        )
        for key, names in aliases.items()
        if names
    }


def mentions(
    text: str, aliases: dict[str, list[str]] | dict[str, re.Pattern]
) -> dict[str, list[tuple[int, int]]]:
    """Keys of `aliases` (e.g. method slugs; names, or patterns from `compile_aliases`) named
    in the text, in the order they first appear, each with the spans of its names in the
    normalised text."""
    t = normalise(text)
    patterns = aliases
    if any(not isinstance(v, re.Pattern) for v in aliases.values()):
        patterns = compile_aliases(aliases)
    found = {}
    for key, pattern in patterns.items():
        spans = [(m.start(), m.end()) for m in pattern.finditer(t)]
        if spans:
            found[key] = spans
    return dict(sorted(found.items(), key=lambda item: item[1][0][0]))


# Between two names that are compared: "foam rolling or stretching", "rolling vs stretching",
# "is stretching better than rolling".
_COMPARED = re.compile(
    r"^\W*(?:\w+\W+){0,3}?(?:or|vs|versus|compared (?:to|with)|than|against)\W+(?:\w+\W+){0,2}?$",
    re.IGNORECASE,
)


def compares_methods(text: str, named: dict[str, list[tuple[int, int]]]) -> bool:
    """Two methods named (`named`, as `mentions` gives them) and set against each other: "foam
    rolling or stretching, which is more effective?"."""
    t = normalise(text)
    places = sorted((start, end) for spans in named.values() for start, end in spans[:1])
    return any(
        _COMPARED.match(t[first_end:second_start] + " ")
        for (_, first_end), (second_start, _) in zip(places, places[1:])
    )


# Between two names of a list: "stretches and posture tips", "technique, strength work & gear"
_LIST_GAP = re.compile(
    r"^\W*(?:(?:tips|advice|exercises|help|info|stuff|work|ideas)\W*)?"
    r"(?:,|and|&|plus|\+|/|also|as well as|along with)\W*(?:(?:also|then|maybe|some|the|my|about|"
    r"abt|on|for|what about|how about|tips|advice|info)\W+)*$"
)


def listed_subjects(text: str, subjects: dict[str, re.Pattern]) -> list[str]:
    """The subjects (keys of `subjects`, patterns from `compile_aliases`) that a question lists
    one after another ("stretches and posture tips?"), in order; fewer than two: [] (a
    question that relates two of them, "does rolling help my posture", lists nothing)."""
    t = normalise(text)
    found = sorted((m.start(), m.end(), key) for key, p in subjects.items() for m in p.finditer(t))
    spans: list[tuple[int, int, str]] = []
    for start, end, key in found:
        if spans and start < spans[-1][1]:
            if end - start > spans[-1][1] - spans[-1][0]:
                spans[-1] = (start, end, key)  # the longer name of overlapping ones
            continue
        spans.append((start, end, key))
    keys: list[str] = []
    for i, (start, _end, key) in enumerate(spans):
        gap = t[spans[i - 1][1] : start] if i else ""
        if i and key == spans[i - 1][2] and not gap.strip():
            continue  # "the cat cow stretch": two names of one subject
        if i and not _LIST_GAP.match(gap):
            return keys if len(keys) > 1 else []
        if key not in keys:
            keys.append(key)
    return keys if len(keys) > 1 else []


_QUESTION = re.compile(
    # not a question word that starts a statement: "when i run i pound the tarmac"
    rf"\?|^(?!{_TELLS})(?:{_QUESTION_START}|recommend\w*|suggest\w*)\b|"
    # a request without a question word: "need stretches for my upper back"
    r"^(?:need|needing|looking for|searching for|want|wanting)\b|"
    r"^(?:the )?(?:best|right|correct|proper|good|easiest|safest) (?:way|ways|method) to\b|"
    r"\b(?:tips|advice|ideas|recommendations?|suggestions?|help|info|pls|please)\b|"
    rf"\b(?!{_TELLS})(?:what|whats|what's|how|should|any|can i|could i|do i|does|is it|are they|"
    r"tell me|wondering|whether)\b|"
    # "i keep watching my feet when i jog, is that bad": a question after a comma
    r",\s*(?:is|are|was|could|would|will|does|do|can|should) (?:that|this|it|these|those)\b|"
    # "... on hills, which is normal": an aside that tells, not a question
    r"\bwhich\b(?! (?:is|was|seems|'s) (?:totally |perfectly |"
    r"completely |pretty |quite |probably |apparently )?(?:normal|fine|ok|okay|expected|"
    r"natural|usual|standard|to be expected)\b)",
    re.IGNORECASE,
)


_ASKS_OUTRIGHT = re.compile(
    r"\?\W*$|^(?:what|whats|what's|how|hows|how's|which|why|when|where|who|should|shall|can|could|"
    r"would|will|is|isn't|are|aren't|does|did|do (?:i|you|we|they|people|runners))\b(?!')",
    re.IGNORECASE,
)


def asks_outright(text: str) -> bool:
    """A clause shaped as a question: a question mark, or a question word first ("does
    foam rolling help", "is this common?"); not a statement that merely holds one ("changing
    how I run feels awkward", "forget posture")."""
    return bool(_ASKS_OUTRIGHT.search(normalise(text)))


# "pins and needles? nope.": a question the reader answers at once, to say what is not so
_ANSWERED_AT_ONCE = re.compile(
    r"^[^?]{1,60}\?\s*(?:nope|no|nah|none|not really|not at all|negative|never)\W*$",
    re.IGNORECASE,
)


def is_question(text: str) -> bool:
    """Whether a clause asks something (a statement like "my coach mentioned it" does not)."""
    t = normalise(text)
    return bool(_QUESTION.search(t)) and not _ANSWERED_AT_ONCE.match(t)


def asks_in_a_sentence(text: str) -> bool:
    """Whether any sentence of a message asks something: "my coach filmed me. is that bad for
    my back" asks in its second sentence, without a question mark."""
    return any(is_question(s) for s in re.split(r"(?<=[.!])\s+", normalise(text)) if s)


# "upper back always sore after my long run, any tips?": the reader's own pain and a request
# for help that names no method: what the article says helps (its overview).
_HELP_REQUEST = re.compile(
    r"\b(?:any (?:tips|advice|ideas|suggestions|help|pointers)|(?:tips|advice|suggestions|"
    r"ideas|help(?: me)?|pls|please)\W*$|what (?:should|can|could|do|would) (?:i|you) "
    r"(?:actually |really |even |possibly )?(?:do|try|suggest|recommend)(?: about (?:it|this|that))?"
    r"\W*$|"
    r"what (?:actually |really )?helps(?: overall| in general| generally)?\W*$|"
    r"what(?:'s|s| is| am| are) (?:a runner|runners|one|someone|a person|i|we) (?:supposed|meant) "
    r"to do(?: about (?:it|this|that))?\W*$|"
    r"how (?:do|can|should|would) i (?:fix|sort|get rid of|stop|ease|relieve|deal with|manage|"
    r"treat|handle|prevent)\b|what do (?:people|runners|others) do|"
    r"(?:make|makes|making) (?:it|this|that|the pain|[\w ]{0,40}?) go away|"
    r"what would you (?:suggest|recommend))",
    re.IGNORECASE,
)
_OWN_PAIN = re.compile(
    r"\b(?:upper back|upper-back|mid back|between (?:my|the) shoulders?(?: ?blades)?|"
    r"shoulder ?blades|traps|thoracic)\b(?:\W+\w+){0,5}?\W+(?:sore|soreness|tight|tightness|"
    r"stiff|stiffness|aches?|aching|achy|hurts?|hurting|pain|painful|kills|killing|knots?|"
    r"knotted|tense|tension|wrecked|destroyed|in bits|a mess|messed up|in agony|throbbing|"
    r"killing me)\b|\b(?:sore|tight|stiff|aching|achy|painful|knotted|tense) "
    r"(?:\w+ ){0,2}?(?:upper back|upper-back|mid back|traps|shoulder ?blades)\b|"
    r"\b(?:sore|tight|stiff|aching|achy) between (?:my|the) shoulders?",
    re.IGNORECASE,
)


_RUNNING = re.compile(
    r"\b(?:run|runs|running|ran|runner|runners|jog|jogs|jogging|jogged|joggers?|parkruns?|miles?|km|marathons?|"
    r"half|10k|5k|races?|racing|long run|tempo|intervals)\b",
    re.IGNORECASE,
)


def asks_for_help_with_pain(text: str) -> bool:
    """The reader tells of their own upper back pain from running and asks for help in
    general ("any tips?", "what should i do", "how do i get rid of it")."""
    return _own_pain_and(text, _HELP_REQUEST)


def _own_pain_and(text: str, asks: re.Pattern) -> bool:
    """The reader tells of their own upper back pain from running and asks what `asks`
    matches."""
    t = normalise(text)
    return bool(_OWN_PAIN.search(t) and _RUNNING.search(t) and asks.search(t))


# "..., normal?", "is that common", "do other runners get this": whether it is common.
_ASKS_IF_COMMON = re.compile(
    r"\b(?:normal|common|usual|typical)\W*\?|\b(?:is|isn't) (?:it|this|that) (?:\w+ )?"
    r"(?:normal|common|usual|typical)\b|\b(?:do|does|don't) (?:other|lots of|many|most|all) "
    r"(?:runners|joggers|people) (?:get|have|feel)\b",
    re.IGNORECASE,
)


def asks_if_common_with_pain(text: str) -> bool:
    """The reader tells of their own upper back pain from running and asks whether that is
    common or normal ("my shoulder blades ache after parkrun every week, normal?")."""
    return _own_pain_and(text, _ASKS_IF_COMMON)
