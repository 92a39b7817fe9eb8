"""Figures of speech and explained harmless causes are not warning signs ("nearly passed out
from boredom", "fell head over heels for early runs", "chest tight because my sports bra is too
small", "won't that wreck my calves"), while the same words describing a real symptom still
are, family by family. A sign denied between its own words ("my heart isn't racing") is not one
either, and breath that does not come back ("couldn't get my breath back") is breathlessness."""

import pytest

from bot.safety import warning_signs

CHEST = "chest pain"
NUMB = "numbness or tingling"
BREATH = "breathlessness"
FAINT = "fainting or dizziness"
TRAUMA = "pain after a fall or accident"
SPREAD = "pain spreading to the arm or jaw"
WEAK = "weakness or loss of control"
NIGHT = "pain at night or at rest"

# (family, harmless wording)
FIGURES_OF_SPEECH = [
    # breathless from effort, said to be normal
    (
        "effort",
        "Totally breathless after my sprint intervals like everyone else in the group, nothing"
        " unusual, but my upper back aches the next day. Is that common?",
    ),
    ("effort", "out of breath after hill repeats like everyone else, what helps my upper back?"),
    ("effort", "breathless after intervals like the rest of the club, but my shoulder blades ache"),
    (
        "effort",
        "gasping after my 400m repeats like everybody, totally normal, but my back is stiff",
    ),
    ("effort", "of course I'm breathless after sprints, but why does my upper back ache?"),
    ("effort", "couldn't catch my breath after the hill sprints like everyone, nothing unusual"),
    # breathing hard, gasping or a pounding heart in a hard effort, told as the point or as over
    # at once
    (
        "effort",
        "breathing really hard on the last rep but recovered quickly. how do I know if I'm"
        " overstriding?",
    ),
    (
        "effort",
        "Gasping after 200m reps, my coach says that's the point. Is my foot strike linked to upper"
        " back pain?",
    ),
    (
        "effort",
        "breathless at the end of my intervals but I get my breath back within a minute, how should"
        " I hold my arms?",
    ),
    (
        "effort",
        "gasping for air at the top of every hill rep, which is the point of hill reps. what"
        " stretches help my back?",
    ),
    ("effort", "completely breathless after the track session, recovered within seconds"),
    ("effort", "I was gasping at the finish line of the 5k race, fine a minute later"),
    ("effort", "short of breath after 400m repeats but back to normal after a short rest"),
    ("effort", "hard to catch my breath after the fast finish, ok within a minute though"),
    ("effort", "couldnt catch my breath after the last sprint, but recovered straight away"),
    ("effort", "breathless during speed work, that's the whole point, my coach says"),
    ("effort", "my workout leaves me gasping, passes in a few seconds. how long should I roll?"),
    (
        "effort",
        "after the hill sprints I was breathless for a bit but fine after walking for a minute",
    ),
    ("effort", "struggling for air on the final rep, thats speed work for you"),
    # a heart that skips, races or is in the mouth at a sight
    (
        "heart",
        "I'm 66 and my heart skipped a beat when I saw my new parkrun time, ha! Anyway, how should"
        " I be holding my posture when I run?",
    ),
    ("heart", "my heart skipped a beat when I heard my time"),
    ("heart", "my heart skips a beat at the sight of a new pair of trainers"),
    ("heart", "my heart was racing when I saw the finish clock"),
    ("heart", "my heart was in my mouth on the descent"),
    (
        "heart",
        "heart pounding after the last hill, then fine a minute later. what's the right stride"
        " length?",
    ),
    (
        "heart",
        "my heart was racing after the sprint finish, back to normal after a couple of minutes",
    ),
    ("heart", "heart pounding on the last interval, as expected, then settled quickly"),
    ("heart", "heart races on the hill repeats and calms down once I stop, like everyone"),
    # a fright
    (
        "fright",
        "Dropped my phone mid-run and nearly had a heart attack, haha. Anyway, is a running belt a"
        " good idea for my upper back?",
    ),
    ("fright", "I nearly had a heart attack when I saw the price of those shoes"),
    ("fright", "almost had a heart attack when my watch beeped lol"),
    ("fright", "that dog scared me half to death, is my upper back ok to run on?"),
    ("fright", "I nearly died of embarrassment at the finish line"),
    ("fright", "I was bored to death on the long run"),
    # love
    (
        "love",
        "I've fallen head over heels for early morning runs, even in the dark. Is upper back pain"
        " common among runners?",
    ),
    ("love", "I fell for trail running last year"),
    ("love", "I fell madly in love with parkrun"),
    ("love", "I fell hard for hill reps"),
    ("love", "I fell head over heels in love with ultra running"),
    # a tight chest put down to the kit
    (
        "kit",
        "Bit of a silly one: my chest only feels tight because my new sports bra is a size too"
        " small lol. Anyway, what kit helps with upper back pain?",
    ),
    ("kit", "my chest feels tight because my sports bra is too small"),
    ("kit", "my chest is tight from my heart rate strap, it's too small"),
    ("kit", "chest feels squeezed because of my new compression top"),
    ("kit", "my chest feels tight, my new top is a size too small"),
    # numb, fainting or passing out from boredom, laughter, excitement
    (
        "boredom",
        "i nearly passed out from boredom on the treadmill today lol. how regularly should i do my"
        " back exercises",
    ),
    ("boredom", "numb from boredom on treadmil haha, tips stop overstriding"),
    ("boredom", "my legs went numb with boredom on the treadmill"),
    ("boredom", "I nearly fainted from boredom at the gym"),
    ("boredom", "i passed out laughing at my club's group chat"),
    ("boredom", "i almost passed out from excitement when i got a PB"),
    ("boredom", "nearly fainted at the sight of the hill"),
    ("boredom", "dizzy with delight after my first marathon"),
    # "wreck" and "crash" as verbs
    ("verb", "Should I land on the balls of my feet, and won't that wreck my calves?"),
    ("verb", "would that crash my pace on hills?"),
]

# (family, the same words describing a real symptom, the sign)
REAL_SIGNS = [
    ("effort", "my chest feels tight and I'm breathless even walking", BREATH),
    ("effort", "out of breath at rest", BREATH),
    ("effort", "I'm breathless after hill sprints, much more than everyone else", BREATH),
    ("effort", "I'm more breathless than usual on hills, like everyone says is normal", BREATH),
    ("effort", "breathless even walking up stairs like everyone else", BREATH),
    ("effort", "I get short of breath on hills lately, is that normal?", BREATH),
    ("effort", "short of breath during intervals, which is not normal for me", BREATH),
    ("effort", "I feel breathless after sprints, is that normal?", BREATH),
    ("effort", "I can't breathe properly when I run hills", BREATH),
    ("effort", "I get breathless even when resting and my upper back hurts", BREATH),
    ("effort", "short of breath walking up stairs since my back started hurting", BREATH),
    ("effort", "chest pain and breathlessness on my runs", BREATH),
    ("effort", "I couldn't catch my breath for half an hour after an easy jog", BREATH),
    ("effort", "breathless after intervals and my chest felt tight", CHEST),
    ("effort", "after the hill sprint I had crushing chest pressure", CHEST),
    ("effort", "gasping and my left arm went numb during the race", NUMB),
    # effort, but it does not pass, lasts, is new or worse, or comes at an easy pace
    ("effort", "breathless after sprints, it doesn't pass quickly", BREATH),
    ("effort", "breathless after the hill reps and it took an hour to recover", BREATH),
    ("effort", "breathless on the hill reps and it won't settle quickly", BREATH),
    ("effort", "gasping after intervals, I can't seem to recover quickly", BREATH),
    ("effort", "gasping after intervals and didn't get my breath back for ages", BREATH),
    ("effort", "short of breath after reps, back to normal after 20 minutes", BREATH),
    ("effort", "breathless after a slow jog, back to normal after a minute", BREATH),
    ("effort", "I get breathless so easily on hills lately, recovered quickly though", BREATH),
    ("effort", "short of breath on hills since my back started hurting, passes quickly", BREATH),
    ("effort", "out of breath walking, fine a minute later", BREATH),
    ("effort", "breathless sitting on the sofa, then fine", BREATH),
    ("heart", "my heart skips beats and my chest hurts on runs", CHEST),
    ("heart", "my heart skips beats on runs", CHEST),
    ("heart", "my heart skipped a beat during my run and my upper back aches", CHEST),
    ("heart", "heart racing and dizzy at rest", CHEST),
    ("heart", "heart racing and dizzy at rest", FAINT),
    ("heart", "heart pounding at rest, fine a minute later", CHEST),
    ("heart", "my heart races for no reason, then fine", CHEST),
    ("heart", "heart racing after intervals, it never settles quickly", CHEST),
    ("heart", "heart pounding after the hill, fine a minute later, but it skips beats too", CHEST),
    ("heart", "heart racing after sprints and I felt dizzy, fine a minute later", FAINT),
    ("fright", "I had a heart attack last year and my upper back hurts", CHEST),
    ("fright", "I nearly had a heart attack, the doctor said, and now my back hurts", CHEST),
    ("fright", "I think I'm having a heart attack", CHEST),
    ("love", "I fell on the ice and my upper back hurts", TRAUMA),
    ("love", "I fell off my bike", TRAUMA),
    ("love", "I fell hard on the trail", TRAUMA),
    ("love", "I fell for a second and landed on my back", TRAUMA),
    ("love", "I went head over heels down the hill and hurt my back", TRAUMA),
    ("kit", "chest tightness when running uphill", CHEST),
    ("kit", "chest feels tight like my sports bra is too small", CHEST),
    ("kit", "it's not because of my bra, my chest is tight when I run", CHEST),
    ("kit", "my chest is tight because of my heart", CHEST),
    ("kit", "my chest hurts because my bra is too tight and the pain goes down my left arm", CHEST),
    ("boredom", "I passed out on my run yesterday", FAINT),
    ("boredom", "I passed out from the heat on my run", FAINT),
    ("boredom", "I passed out from exhaustion", FAINT),
    ("boredom", "I nearly fainted when I got up from the sofa", FAINT),
    ("boredom", "my hands go numb on long runs", NUMB),
    ("boredom", "my arm went numb from the strap of my backpack", NUMB),
    # a crash or wreck named as a thing after a modal
    ("verb", "could that crash be why my upper back hurts?", TRAUMA),
    ("verb", "since that crash my upper back hurts", TRAUMA),
    ("verb", "did the accident cause my back pain?", TRAUMA),
]


@pytest.mark.parametrize("family,text", FIGURES_OF_SPEECH)
def test_figure_of_speech_is_not_a_sign(family, text):
    assert warning_signs(text) == []


@pytest.mark.parametrize("family,text,sign", REAL_SIGNS)
def test_same_words_describing_a_symptom_are_a_sign(family, text, sign):
    assert sign in warning_signs(text)


def test_every_family_has_both_sides():
    harmless = {family for family, _ in FIGURES_OF_SPEECH}
    real = {family for family, _, _ in REAL_SIGNS}
    assert harmless == real == {"effort", "heart", "fright", "love", "kit", "boredom", "verb"}


# (family, a sign denied between its own words: the heart and its racing, the breathing and how
# hard it is, the limb and its weakness, the jaw or arm and its pain)
DENIED_BETWEEN_ITS_WORDS = [
    (
        "heart",
        "my heart isn't racing or anything, my upper back is just stiff, what stretches help?",
    ),
    ("heart", "heart not pounding, just a stiff upper back"),
    ("heart", "my heart wasn't racing, my upper back was just tight after the long run"),
    ("heart", "my heart never races on runs, it's only my shoulder blades that ache"),
    ("heart", "my heart rate isn't racing, I only want to know about foam rolling"),
    ("heart", "my heart is not pounding or skipping, how should I hold my arms?"),
    ("heart", "heart not racing at all and no chest pain, which stretches help my back?"),
    ("breathing", "my breathing isn't laboured, it's just my upper back that is stiff"),
    ("breathing", "breathing was not hard at all on the run, but my back aches after"),
    ("vision", "my vision never went blurry, I'm only asking about posture"),
    ("weakness", "my legs are not weak, my upper back is just stiff"),
    ("arm or jaw", "my jaw doesn't hurt, only between my shoulder blades"),
    ("arm or jaw", "pain not in my arm, just between my shoulder blades"),
]

# (family, a sign these words tell, the sign): breath that does not come back, a racing heart
# named as a noun, and a sign still told next to a denial or "never stops"
STILL_SIGNS = [
    ("breath back", "couldn't get my breath back", BREATH),
    ("breath back", "I can't get my breath back after an easy jog", BREATH),
    ("breath back", "took forever to get my breath back", BREATH),
    ("breath back", "I didn't get my breath back for ages after a slow jog", BREATH),
    ("breath back", "never got my breath back on my easy run yesterday", BREATH),
    ("breath back", "still haven't got my breath back an hour after my run", BREATH),
    ("breath back", "my breathing wouldn't settle for ages after a gentle jog", BREATH),
    ("breath back", "it took ages for my breathing to calm down after a short run", BREATH),
    ("breath back", "took me an hour to catch my breath after a 5k", BREATH),
    ("breath back", "couldn't recover my breath after walking up the stairs", BREATH),
    ("breath back", "I couldn't get my breath on my run today and my upper back aches", BREATH),
    ("breath back", "out of breath for hours after parkrun", BREATH),
    ("breath back", "I couldn't get my breath back quickly after the sprints", BREATH),
    ("breath back", "took ages to get my breath back after the hill reps", BREATH),
    ("racing heart", "I get a racing heart at rest", CHEST),
    ("racing heart", "pounding heart when sitting on the sofa", CHEST),
    ("racing heart", "I have a racing heart and my upper back hurts", CHEST),
    ("racing heart", "fluttering heart on easy runs", CHEST),
    ("not settling", "my back pain doesn't settle at night", NIGHT),
]

# Guards, caught before and after: "never stops" and "doesn't settle" only look negative, so the
# racing and pounding (now parts of their own) stay told.
STILL_TOLD_AFTER_A_NEGATIVE_LOOKING_PHRASE = [
    "my heart never stops racing",
    "my heart rate doesn't settle and keeps pounding",
]

# (a racing heart denied, or the heart rate of racing, and the same words telling a racing heart):
# "no racing heart" is denied like "no chest pain"
RACING_HEART_NOT_TOLD_AND_TOLD = [
    ("no racing heart, just a stiff upper back", "a racing heart at rest"),
    ("no racing heart or chest pain, what stretches help?", "a racing heart on easy runs"),
    ("no pounding heart on my runs, only a sore upper back", "pounding heart on my easy runs"),
    ("I don't get a fluttering heart, my back just aches", "I get a fluttering heart sitting down"),
    ("my racing heart rate is about 175, what stretches help?", "a racing heart while resting"),
]


@pytest.mark.parametrize("family,text", DENIED_BETWEEN_ITS_WORDS)
def test_sign_denied_between_its_words_is_not_a_sign(family, text):
    assert warning_signs(text) == []


@pytest.mark.parametrize("family,text,sign", STILL_SIGNS)
def test_breath_not_coming_back_or_a_racing_heart_is_a_sign(family, text, sign):
    assert sign in warning_signs(text)


@pytest.mark.parametrize("text", STILL_TOLD_AFTER_A_NEGATIVE_LOOKING_PHRASE)
def test_racing_heart_after_a_negative_looking_phrase_is_a_sign(text):
    assert CHEST in warning_signs(text)


@pytest.mark.parametrize("not_told,told", RACING_HEART_NOT_TOLD_AND_TOLD)
def test_racing_heart_denied_is_not_a_sign_told_is(not_told, told):
    assert warning_signs(not_told) == []
    assert CHEST in warning_signs(told)
