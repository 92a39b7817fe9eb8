"""Warning signs are recognised in readers' words, and ordinary questions are not."""

import pytest

from bot.safety import warning_signs


@pytest.mark.parametrize(
    "text",
    [
        "my chest hurts and I feel faint after running",
        "tightness in my chest when I run uphill",
        "my left arm goes numb on long runs",
        "tingling in my fingers and upper back pain",
        "i get short of breath and my upper back aches",
        "I can't breathe properly and my back is killing me",
        "I passed out after my run yesterday",
        "back pain with a fever since Monday",
        "I fell on the trail and now my upper back hurts",
        "was in a car accident last week, is foam rolling ok",
        "the pain wakes me up at night",
        "pain radiating into my jaw when running",
        "sudden severe pain between my shoulder blades",
        "feeling dizzy and my upper back hurts",
        "my chest feels tight, which stretches should I do?",
        "no fever but my chest is tight",
        "I've lost weight without trying and my upper back aches",
        "it hurts when I run and the pain goes down my left arm now",
    ],
)
def test_warning_signs_are_caught(text):
    assert warning_signs(text)


@pytest.mark.parametrize(
    "text",
    [
        "how does the chest opener help?",
        "chest opener stretch?",
        "what stretches help my upper back",
        "I don't have chest pain or numbness, just tight shoulders",
        "no fever, which stretches?",
        "i run at night, does that matter",
        "how do I fall asleep faster",
        "is foam rolling enough on its own",
        "what should I avoid",
        "I fell out of my stretching habit",
        "my hands go numb from the cold in winter",
        "I'm training for a fall marathon",
        "no fever or anything like that, I just want to know how to use a foam roller",
    ],
)
def test_ordinary_questions_are_not_warning_signs(text):
    assert warning_signs(text) == []
