"""Warning signs in any wording: each sign caught in many phrasings (misspelt, negated in
another clause, split over two messages), harmless look-alikes and idioms left alone, and a
long message checked quickly."""

import ast
import sys
from pathlib import Path

import pytest

from bot import safety
from bot.safety import warning_signs

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
ALL_SIGNS = [CHEST, NUMB, BREATH, FAINT, FEVER, TRAUMA, NIGHT, SPREAD, WEAK, SEVERE, WEIGHT]

CAUGHT = [
    # written in other words
    ("my upper back hurts and I get a squeezing feeling in the middle of my chest", CHEST),
    ("the weight is just falling off me and I'm not trying, and my back aches", WEIGHT),
    # the reader's own sign beside someone else who is fine, or dizziness with no ride to it
    ("my friend and I both fell on the ice, she's fine but my upper back hurts", TRAUMA),
    ("I've been dizzy on every run since the fair, is that my upper back?", FAINT),
    ("it hurts even when I'm lying still in bed", NIGHT),
    ("it's constant now, even on rest days", NIGHT),
    ("keeps waking me up, this pain between my shoulder blades", NIGHT),
    ("got doored on my bike and my upper back has hurt since", TRAUMA),
    ("a van went into the back of me at the lights, now my upper back aches", TRAUMA),
    ("I fell into a ditch on my trail run and my upper back hurts", TRAUMA),
    ("feels like a band squeezing my chest on runs", CHEST),
    ("got hit by a cricket ball in the back and it still hurts", TRAUMA),
    ("I can't seem to catch my breath even on the stairs, and my upper back aches", BREATH),
    ("i lose the feeling in my hands when my upper back flares up mid run", NUMB),
    # "go" for "goes"
    ("pain go from upper back to my left arm and jaw when i run", SPREAD),
    # signs in other words
    ("it feels like a band tightening round my ribs when I push the pace", CHEST),
    ("a heavy feeling in the middle of my chest on the last mile", CHEST),
    ("it travels up the side of my neck and then out along my left arm", SPREAD),
    ("my right hand is sleeping while I run, and the back hurts high up", NUMB),
    ("it feels like I'm breathing through a straw and my upper back is worse", BREATH),
    ("my clothes are hanging off me lately even tho i eat loads, and my back aches", WEIGHT),
    ("lost 5kg not on purpose, back sore too", WEIGHT),
    ("took a hard elbow to the spine at the race start, still hurts", TRAUMA),
    ("keep dropping my water bottle mid run, my hand just lets go", WEAK),
    ("so clumsy lately, tripping over my own feet, and my arm feels feeble", WEAK),
    ("left arm feels heavy and useless, cant lift it above my head", WEAK),
    ("i leaked pee on my run and didnt feel it coming", WEAK),
    ("cant tell when i need to wee anymore and my back is killing me", WEAK),
    ("on sunday my bowels just let go at mile 9, and my upper back has niggled for weeks", WEAK),
    ("feels like an elephant is sitting on me a few k into every run", CHEST),
    ("crushing feeling across me chest on the hills", CHEST),
    ("theres a tight band round my chest whenever i run fast", CHEST),
    ("the ache starts between my shoulder blades and creeps down my left arm", SPREAD),
    ("so out of breath i cant finish a sentence even on an easy jog", BREATH),
    ("seeing stars halfway up the hill, upper back throbbing", FAINT),
    ("temp of 38.5 and my back hurts, skip the run?", FEVER),
    ("pants got looser and i havent changed anything, lost like 6kg", WEIGHT),
    ("it hurts just as much sitting on the sofa, a constant ache that never lets up", NIGHT),
    ("my upper back is paining since 3 weeks, not reducing with rest days also", NIGHT),
    ("even lying perfectly still in bed the pain is throbbing", NIGHT),
    ("cant sleep cos of my upper back, which stretches would help?", NIGHT),
    ("copped an elbow to the back in a tackle, now running hurts my upper back", TRAUMA),
    ("his hand is clumsy and he cant do his buttons up since his back got sore", WEAK),
    ("having accidents and cant hold it since the back pain started", WEAK),
    ("I had no warning and soiled myself on my long run, upper back aching too", WEAK),
    # clinical words, and typos too short or too far for the general rule
    ("interscapular pain with intermittent paraesthesia in the left hand", NUMB),
    ("upper back pain on exertion, plus retrosternal tightness on hills", CHEST),
    ("upper thoracic pain radiating to the mandible during tempo runs", SPREAD),
    ("exertional dyspnoea out of proportion to pace", BREATH),
    ("had a syncopal episode at mile 8; my upper back has ached since", FAINT),
    ("post-MVA thoracic pain, five days out", TRAUMA),
    ("new urinary retention alongside my back pain", WEAK),
    ("grip strength in my right hand has dropped and my upper back is sore", WEAK),
    ("clumsy hands since yesterday and the ache between my shoulder blades is back", WEAK),
    ("my boyfriend can't feel the inside of his thighs and his back is killing him", NUMB),
    ("he's been waking every night with his upper back hurting", NIGHT),
    ("i fainteded after my run n now my back is sore", FAINT),
    ("sweatin thru my sheets evry nite n my bak akes", FEVER),
    ("my legs feel weeak n wobbly and my upper bak is sore", WEAK),
    # told by what the sign stops, by comparison, by time, by what others saw, by numbers
    ("my chest felt like someone was kneeling on it and I had to sit down", CHEST),
    ("my wife says I went grey at the finish and I was holding my chest", CHEST),
    ("like a hot wire from between my shoulder blades down my left arm", SPREAD),
    ("fingertips go fuzzy and I can't feel my phone screen after long runs", NUMB),
    ("couldn't finish my sentence to my mate on an easy jog", BREATH),
    ("out of puff climbing the stairs at home, never happened before", BREATH),
    ("I was swaying and the path kept tilting sideways", FAINT),
    ("39.2 on the thermometer and a deep ache in my upper back", FEVER),
    ("every night I have to change the sheets, soaked through, and my back hurts", FEVER),
    ("teeth chattering under two duvets last night, with an ache in my back", FEVER),
    ("hot then cold since Thursday, and my upper back hurts", FEVER),
    ("my face looks thinner and this back pain won't shift", WEIGHT),
    ("the ache between my shoulder blades never switches off", NIGHT),
    ("the pain is worse sitting on the sofa than when I run, and resting does nothing", NIGHT),
    ("it hurts just as much on rest days, even lying down", NIGHT),
    ("after falling down the last three stairs onto my back, can I foam roll it?", TRAUMA),
    ("can't turn the key in the front door after runs, my grip just goes", WEAK),
    ("my left foot keeps catching the ground, tripped twice this week", WEAK),
    ("arm like a dead weight since my run, can't lift it to brush my hair", WEAK),
    ("my coach noticed I'm dragging one leg and my upper back is sore", WEAK),
    ("can't tell when I need the loo anymore and my back is sore", WEAK),
    ("my left side feels weird and heavy, arm and all, after my easy run", WEAK),
    ("my clothes are hanging off me though I eat the same, and my back pain is worse", WEIGHT),
    ("the scale keeps going down every week and nobody knows why, and my back aches", WEIGHT),
    ("should I be worried that my back hurts most when I'm lying completely still?", NIGHT),
    ("it aches sorta deep and constant even when I haven't run for a week", NIGHT),
    ("could this be my heart? a tight squeeze right in the middle of my ribs when I jog", CHEST),
    ("my whole front feels crushed and achy after a 5k, with the shoulder-blade pain", CHEST),
    ("back hurts and now my hand aches too, kinda spreading outward", SPREAD),
    ("part of my forearm feel asleep for hours after running with a sore back", NUMB),
    ("I get winded way faster than normal and my upper back is killing me", BREATH),
    ("scales say I'm way lighter for no reason, is that connected to my sore back?", WEIGHT),
    ("hurts just as badly lying on the sofa as on a run, never lets up", NIGHT),
    ("why does my upper back throb when I'm totally still in bed", NIGHT),
    ("a teammate's elbow caught me hard between the shoulders and it's been sore since", TRAUMA),
    ("I've turned really clumsy, fumbling my keys, since the back trouble started", WEAK),
    ("can't quite control when I need the toilet anymore and my back is aching", WEAK),
    ("I've had trouble holding in number twos since this back pain started", WEAK),
    # "off" misspelt, and no subject
    ("fell of my bike yday n now my upper bak hurts", TRAUMA),
    # the same words when they are the symptom
    ("i feel breathless with upper back pain", BREATH),
    ("i fainted on my run and my back hurts", FAINT),
    ("my heart keeps racing and my upper back hurts", CHEST),
    ("nothing i do stops the pain spreading down my arm", SPREAD),
    # chest pain or pressure
    ("my chest feels like an elephant is sitting on it", CHEST),
    ("there's a tight band around my chest when I run", CHEST),
    ("crushing feeling in my chest on the hill", CHEST),
    ("pressure in the middle of my chest and my upper back aches", CHEST),
    ("squeezing sensation across my chest while running uphill", CHEST),
    ("my chest has felt heavy since yesterday's run", CHEST),
    ("there is a heaviness behind my breastbone when running", CHEST),
    ("feels like someone is standing on my chest", CHEST),
    ("my heart was beating really fast and irregular", CHEST),
    ("I've never had pain like this in my chest", CHEST),
    ("Not sure if it matters, my chest hurts when I breathe in", CHEST),
    # pain spreading to the arm or jaw
    ("the pain shoots down my left arm", SPREAD),
    ("pain radiating from my shoulder blade into my arm", SPREAD),
    ("my jaw aches when my upper back flares up", SPREAD),
    ("it spreads up into my jaw when I climb stairs", SPREAD),
    ("the pain goes from my shoulder down into my arm", SPREAD),
    ("the ache moves from between my shoulder blades to my left arm", SPREAD),
    ("pain in my left arm and between my shoulder blades", SPREAD),
    ("my left arm and jaw ache when I run", SPREAD),
    # breathlessness
    ("I can barely breathe when the back pain starts", BREATH),
    ("out of breath just walking up to the bus stop", BREATH),
    ("I was gasping on an easy jog and my upper back hurt", BREATH),
    ("shortness of breath when lying down", BREATH),
    ("I'm breathless climbing one flight of stairs", BREATH),
    ("really hard to breathe when my back spasms", BREATH),
    ("I'm winded just climbing the stairs at home", BREATH),
    ("I struggle to catch my breath even when resting", BREATH),
    # fainting or dizziness
    ("I blacked out for a second after my run", FAINT),
    ("I feel light-headed and my neck is stiff", FAINT),
    ("collapsed at the finish line and my back has hurt since", FAINT),
    ("the room starts spinning when I stand up after a run", FAINT),
    ("everything went black for a moment", FAINT),
    ("my head spins when I stand up", FAINT),
    # fever, chills, night sweats
    ("I've been getting night sweats along with the back ache", FEVER),
    ("I wake up drenched in sweat and my spine aches", FEVER),
    ("running a temperature and my upper back is very sore", FEVER),
    ("shaking chills and my upper back aches", FEVER),
    ("my temperature is 38.5 and my upper back hurts", FEVER),
    ("I feel hot and shivery and my back hurts", FEVER),
    ("I'm sweating buckets every night in bed", FEVER),
    # unexplained weight loss
    ("I've lost weight without trying and my back aches", WEIGHT),
    ("I've been dropping pounds for no reason", WEIGHT),
    ("unexplained weight loss and back pain, should I worry?", WEIGHT),
    ("lost about 6 kg in two months and I'm not even dieting", WEIGHT),
    ("my weight is dropping and I can't explain it", WEIGHT),
    ("my jeans are loose and I haven't changed my diet", WEIGHT),
    # pain at night
    ("the pain wakes me at 3am every night", NIGHT),
    ("my upper back aches constantly at night", NIGHT),
    ("my back hurts most when I lie down at night", NIGHT),
    ("My upper back has been sore for weeks. It's much worse at night.", NIGHT),
    ("I can't sleep because of the pain between my shoulder blades", NIGHT),
    ("my back hurts, especially at night", NIGHT),
    ("I can't lie on my back at night because of the pain", NIGHT),
    ("the ache keeps me awake", NIGHT),
    # a fall or an accident
    ("a car clipped me while running", TRAUMA),
    ("I got hit by a cyclist on the towpath", TRAUMA),
    ("came off my bike last week and my upper back hurts", TRAUMA),
    ("took a tumble on the trail yesterday", TRAUMA),
    ("slipped on ice and landed on my back", TRAUMA),
    ("I tripped over a root and went down hard", TRAUMA),
    ("my upper back has hurt since the accident in March", TRAUMA),
    ("I fell down the stairs on Sunday", TRAUMA),
    ("rear-ended at a red light, now my neck and upper back are stiff", TRAUMA),
    ("got rear ended last week", TRAUMA),
    ("I came a cropper on my bike", TRAUMA),
    ("I hit my head and back on the ground", TRAUMA),
    # weakness, loss of bladder or bowel control
    ("my left hand feels weak and I keep dropping things", WEAK),
    ("weakness in my arms after the back pain started", WEAK),
    ("I've lost bladder control since the pain began", WEAK),
    ("I peed myself and my back is agony", WEAK),
    ("my legs gave way on the stairs", WEAK),
    ("I can't lift my right arm above my shoulder", WEAK),
    ("my arms feel weaker than usual and heavy", WEAK),
    ("I'm having trouble controlling my bladder", WEAK),
    # numbness or tingling
    ("pins and needles in my left arm", NUMB),
    ("my arm keeps falling asleep on long runs", NUMB),
    ("my fingers go numb even on warm days", NUMB),
    ("It's not the cold, my hands go numb all the time", NUMB),
    ("I've got numbness in my groin", NUMB),
    ("I've lost sensation in my fingers", NUMB),
    # sudden severe pain
    ("sudden sharp pain between my shoulder blades", SEVERE),
    ("the worst pain I've ever had in my upper back", SEVERE),
    ("excruciating pain in my upper back this morning", SEVERE),
    ("the pain is 9/10 and won't settle", SEVERE),
    ("it came on suddenly and it's excruciating", SEVERE),
    ("the pain was so bad I was screaming", SEVERE),
    ("worst headache of my life and back pain", SEVERE),
    ("I've been coughing up blood", SEVERE),
]

MISSPELT = [
    ("chest pian after my long run", CHEST),
    ("I keep getting chest pains on tempo runs", CHEST),
    ("numbnes in my fingers when I run", NUMB),
    ("numbenss down my arm", NUMB),
    ("tinglng in both hands", NUMB),
    ("I got dizy halfway through my run", FAINT),
    ("the dizzyness hits whenever my upper back flares", FAINT),
    ("I nearly faintd after the intervals", FAINT),
    ("I've had a feaver and chills with this back pain", FEVER),
    ("upper back pain and a fevor since the weekend", FEVER),
    ("I feel brethless and my back is tight", BREATH),
    ("cant breath properly since this morning", BREATH),
    ("I'm short of breth and my upper back is sore", BREATH),
    ("excrutiating ache in my spine", SEVERE),
    ("I was unconcious for a minute after the race", FAINT),
]

# A negation in one clause does not cancel a sign in the next.
NEGATED_ELSEWHERE = [
    ("no fever but my chest is tight", CHEST),
    ("I don't have chest pain, but my arm tingles", NUMB),
    ("no numbness though my left arm has gone weak", WEAK),
    ("I'm not dizzy, except I fainted yesterday", FAINT),
    ("no fever, no chills, and now my arm is numb", NUMB),
    ("I never fell, although I did come off my bike in May", TRAUMA),
    ("I don't have a fever but I've had chills", FEVER),
    ("Not dizzy. My left arm tingles though.", NUMB),
    ("no pain at night but my arm is weak", WEAK),
    ("without any warning I fainted", FAINT),
    ("I'm not sure why, but I've lost 5 kg", WEIGHT),
    ("I have no idea why my chest feels tight", CHEST),
]

# (the reader's previous message, this message, the sign only the two together describe)
TWO_MESSAGES = [
    (
        "Upper back's been sore after intervals.",
        "Now it's running down my arm to the elbow.",
        SPREAD,
    ),
    # the reader, left unsaid, knocked over; the pain the next day
    (
        "got knocked flat by a big dog on my run saturday",
        "since then my upper back's been sore, can i foam roll it?",
        TRAUMA,
    ),
    ("my upper back hurts when I run", "it wakes me up at night", NIGHT),
    ("my shoulder blades ache", "it's worse at night", NIGHT),
    ("it keeps waking me up at night", "my upper back is really sore", NIGHT),
    ("my upper back hurts", "I can't sleep", NIGHT),
    ("my upper back has been aching for a week", "and now it goes down into my arm", SPREAD),
    ("the ache in my shoulder blade", "goes down my arm into my hand", SPREAD),
    ("I fell on the ice yesterday", "now my upper back really hurts", TRAUMA),
    (
        "I got knocked off my bike last week",
        "the pain between my shoulders is getting worse",
        TRAUMA,
    ),
    ("there's a dull ache in my upper back", "it's moved into my chest now", CHEST),
]

HARMLESS = [
    # out of a competition, not unconscious
    "got knocked out of the club quiz in round one, gutted. is upper back pain common?",
    "nearly fainted at the race entry fee lol. is upper back pain common among runners tho",
    # figures of speech, rest, effort, and someone else's sign told as an aside
    "the price of foam rollers made me dizzy, what do they actually do for back pain?",
    "Heart racing after a 5k PR, what a feeling! Any tips on relaxing my shoulders?",
    "I crashed hard on the sofa after my long run haha, how do I fix upper back pain?",
    "my friend fell off her bike last week, anyway, what exercises should I avoid?",
    "my brother got hit by a car years ago, unrelated, but is upper back pain normal?",
    "my running buddy fainted from the heat at a race, that aside, is foam rolling enough?",
    "my phone flew off the treadmill and smashed. anyway how do i relax my shoulders?",
    "full blown parkrun fever in our house! how often should we stretch our upper backs",
    "the temperature is 39 degrees outside, is it ok to foam roll after a run?",
    "Pain-free at night, no sweats, sleeping fine, but tight after long runs; see a coach?",
    "Saw a crash of rhinos on TV, unrelated, but what strengthening supports the upper back?",
    "which exercises are the worst for upper back pain, jumping jacks or plyometrics?",
    "brain's kinda numb from all the race admin lol, which exercises should I avoid?",
    "I get chills in a good way when the crowd cheers, anyway is foam rolling good?",
    # someone else's sign, told as over for them; a ride or a spin that leaves anyone dizzy
    "a man at my club collapsed at the finish, he's fine now, but what stretches help me?",
    "my neighbour fell down her steps, nothing to do with me, is foam rolling enough?",
    "the waltzer made me dizzy at the fair, ha. anyway how often should I stretch?",
    "i get dizzy twirling my daughter round the garden, which shoes help my back?",
    "gasping at the line because I sprinted the last 200m, haha. should I foam roll after?",
    "my clubmate went flying on the towpath, totally fine, so is upper back pain common?",
    # not rest pain: an ache while sitting at a desk; not an accident: a figure of speech
    "my upper back aches when I sit at my desk all day",
    "the alarm keeps waking me up at 5 for my runs",
    "my coach says my form is a car crash lol, should I get it checked?",
    # waiting anxiously
    "sat on pins and needles all week before the marathon ballot, so which stretches help?",
    "my first marathon was like a train wreck, how do I fix my stride?",
    # idioms and ordinary running talk that look like signs
    "I fell out of my stretching habit",
    "I fell into a nice rhythm on my run today",
    "fell into step with another runner at parkrun",
    "i fell of the wagon with my stretches",
    "my sports bra is squeezing my chest a bit, what shoes help",
    "i hit my knots with a lacrosse ball, is that ok",
    "the best thing to come of my bike ride was the view",
    "I'm falling behind on my training plan",
    "my heart's not in it lately",
    "I'm dying to run again",
    "how do I breathe better while running?",
    "what breathing technique helps with posture",
    "I run at night, is that bad for my back?",
    "does running at night matter",
    "is the chest opener stretch good for upper back pain",
    "how do I fall asleep faster",
    "my legs feel dead after a long run",
    "this pain is killing my motivation",
    "I'm training for a fall marathon",
    "I fell in love with running last year",
    "my hands go numb from the cold in winter",
    "numb fingers when it's freezing outside",
    "I have marathon fever, can I run every day?",
    "hay fever season makes my runs miserable",
    "it's chilly in the mornings, should I warm up longer?",
    "I run hills twice a week and my upper back gets tight",
    "I took a crash course in running form",
    "I accidentally skipped my stretches",
    "I crashed on the couch after the race",
    "the long run wiped me out",
    "I'm wiped out after the race, when can I stretch?",
    "I slipped back into bad habits with my posture",
    "I stumbled upon your article about foam rolling",
    "my training fell apart this month",
    "what if I fall off the wagon with my exercises",
    "I tripped up on the instructions for the thoracic rotation",
    "I'd fall over if I tried that stretch",
    "my pace fell off in the last mile",
    "my mileage took a hit this month because of my back",
    "my birthday falls on a Sunday, can I still do my long run?",
    "that view gave me chills down my spine",
    "this plan is not for the faint of heart",
    "a faint ache between my shoulder blades after runs",
    "I was dizzy with excitement after my first half marathon",
    "mind-numbing treadmill runs hurt my motivation",
    "I got hit by a wave of tiredness after the long run",
    # the chest in exercises and equipment
    "how many sets of the chest stretch should I do",
    "do tight chest muscles cause rounded shoulders?",
    "my chest strap heart rate monitor keeps slipping",
    "do I need a chest press for posture?",
    "I do push-ups and my chest is sore the next day, can I still stretch?",
    # breathing, sleep, night and weight, as training questions
    "should I breathe through my nose on easy runs?",
    "I can't breathe through my nose when running, is that normal?",
    "my jaw clenches when I run, does that affect my neck?",
    "should I spread my arms wide during the wall angel?",
    "I jog at night after work, is stretching before bed ok?",
    "my alarm wakes me up at 5 for my runs",
    "is the cat-cow stretch good at night before bed?",
    "my back feels stiff when I wake up in the morning",
    "I'm sweating a lot on my night runs",
    "I want to lose weight by running, will that help my back?",
    "I've lost 4 kg since I started training, is that good for my back?",
    "how much weight should I use for rows?",
    "should I use hot and cold packs on my upper back?",
    "my upper back pain goes down when I stretch my arms overhead",
    "my left arm is weaker than my right, which exercises?",
    "the temperature is 38 degrees today, should I run?",
    # signs denied in their own clause
    "I don't have chest pain or numbness, just tight shoulders",
    "no fever, no dizziness, just a stiff upper back",
    "no chest pain, no numbness, no dizziness, just a sore upper back",
    "I don't get dizzy and I haven't fallen",
    "there's no tingling or weakness in my arms",
    "I've never fallen or been in an accident",
    "it doesn't wake me up at night",
    "the pain doesn't spread to my arm",
    "I'm not losing weight",
    "nothing like chest pain, just stiffness",
    "I'm not short of breath, my upper back is just tight",
    "no pain at night, only after long runs",
    "my back hurts less since I started stretching at night",
    # ordinary questions
    "what stretches help with upper back pain",
    "is foam rolling safe for my mid back",
    "my upper back aches after long runs, what helps?",
    "what's the worst thing I can do for upper back pain?",
    "I sleep on my side, is that bad for my upper back?",
    "rounded shoulders from desk work, what exercise?",
    # feelings and figures of speech, a denial right before the sign
    "breathless with excitement about my first half marathon",
    "i nearly fainted when i saw the entry fee for the marathon",
    "my heart was racing at the start line from nerves",
    "nothing spreading down my arm, just a tight upper back",
]

# (the reader's previous message, this message): nothing new to report.
HARMLESS_TWO_MESSAGES = [
    ("I fell behind on my training", "now my upper back hurts"),
    ("my upper back hurts", "I run at night, does that matter?"),
    ("my back hurts after runs", "should I stretch at night?"),
    ("my back hurts", "it goes away after stretching"),
    ("my upper back hurts", "I wake up early to run"),
    ("my upper back hurts", "I can't sleep before races"),
    ("I'm training for a fall marathon", "my upper back aches"),
    ("my back hurts", "going to the gym to do arm curls, ok?"),
    ("I came off my bike last week", "no pain though, just curious about stretches"),
    # a sign the earlier message described on its own was reported with it, not again
    ("I had chest pain yesterday", "which stretches help?"),
]


@pytest.mark.parametrize("text,sign", CAUGHT + MISSPELT + NEGATED_ELSEWHERE)
def test_sign_is_caught(text, sign):
    assert sign in warning_signs(text)


@pytest.mark.parametrize("earlier,text,sign", TWO_MESSAGES)
def test_sign_split_over_two_messages_is_caught(earlier, text, sign):
    assert sign not in warning_signs(text)  # neither message alone
    assert sign in warning_signs(text, earlier=earlier)


@pytest.mark.parametrize("text", HARMLESS)
def test_look_alike_is_not_flagged(text):
    assert warning_signs(text) == []


@pytest.mark.parametrize("earlier,text", HARMLESS_TWO_MESSAGES)
def test_harmless_follow_up_is_not_flagged(earlier, text):
    assert warning_signs(text, earlier=earlier) == []


def test_every_sign_is_covered():
    covered = {sign for _, sign in CAUGHT + MISSPELT + NEGATED_ELSEWHERE}
    covered |= {sign for _, _, sign in TWO_MESSAGES}
    assert covered == set(ALL_SIGNS) == set(safety.SIGN_NAMES)
    assert len(CAUGHT + MISSPELT + NEGATED_ELSEWHERE + TWO_MESSAGES) >= 60
    assert len(HARMLESS + HARMLESS_TWO_MESSAGES) >= 40


def test_signs_come_in_a_fixed_order():
    text = (
        "I fell off my bike, my arm is numb, my chest is tight and I've lost weight without trying"
    )
    found = warning_signs(text)
    assert found == [CHEST, NUMB, TRAUMA, WEIGHT]
    assert found == [name for name in safety.SIGN_NAMES if name in found]


def test_signature_is_backward_compatible():
    text = "my chest hurts"
    assert warning_signs(text) == warning_signs(text, None) == warning_signs(text, earlier="")
    assert warning_signs("") == []
    assert warning_signs("my chest hurts", earlier="which stretches help?") == [CHEST]


def test_curly_apostrophes_and_capitals():
    assert warning_signs("I CAN\u2019T BREATHE and my back hurts") == [BREATH]
    assert warning_signs("I don\u2019t have chest pain or numbness") == []


FILLER = "What stretches help my upper back after a long run on the trail? "


@pytest.mark.parametrize(
    "text,expected",
    [
        ((FILLER * 2000)[:100_000], []),
        ((FILLER * 2000)[:99_970] + " and now my left arm is numb", [NUMB]),
        ("my chest hurts " + "a" * 100_000, [CHEST]),
        ("radiates down " + "a " * 50_000, []),
        ("no, " * 25_000, []),
        (
            ("I fell off my bike and it hurts at night, no fever but " * 2000)[:100_000],
            [TRAUMA, NIGHT],
        ),
    ],
    ids=["questions", "sign-at-the-end", "sign-first", "spreading", "denials", "fall-and-night"],
)
def test_long_message_is_checked_whole(text, expected):
    # How long the check takes on such messages is measured by ops/bench, not asserted here.
    assert len(text) >= 99_000
    assert warning_signs(text, earlier=text[:50_000]) == expected


def test_module_is_pure_standard_library():
    tree = ast.parse(Path(safety.__file__).read_text())
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    imported |= {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}
