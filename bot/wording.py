"""Everything the assistant says in its own words, in one place: the disclaimer, greetings,
the out-of-scope and seek-care replies, and the templates that frame the article's answers
(source line, passage button, lists). What the article says lives in bot/content/remedies.yml.

Needs nothing. Templates are `str.format` strings; their fields are named in each comment.
"""

DISCLAIMER = (
    "Before we start: I'm an informational assistant that answers from one article about upper "
    "back pain from running. I'm not a medical professional and this isn't medical advice. "
    "If you have chest pain, numbness, breathlessness, fever or pain after a fall, see a doctor."
)
SCOPE = (
    "foam rolling (what it does and how to do it), stretches, posture, strengthening exercises, "
    "equipment, running technique, what to avoid, and whether foam rolling alone is enough"
)
OUT_OF_SCOPE = (
    "Sorry, the article I answer from doesn't cover that, so I'd rather not guess. "
    f"I can tell you about upper back pain from running: {SCOPE}."
)
CAPABILITIES = (
    "I'm an assistant for runners with upper back pain. I answer from one article, about "
    f"{SCOPE}. Ask in your own words, or pick a question below."
)
GREETING = "Hi! Ask me anything about relieving upper back pain from running."
GOODBYE = "Take care, and good luck with your running!"
THANKS = "You're welcome! Anything else about your upper back?"
THANKS_GOODBYE = "You're welcome! Take care, and good luck with your running!"
EMPTY = "Your message looks empty. What would you like to know about upper back pain from running?"
NO_WORDS = "I can only read words. What would you like to know about upper back pain from running?"
NOTHING_TO_EXPAND = "More about what? Pick a topic, or ask me a question."
NO_OPTIONS = "I didn't give you a list to pick from. Here is what I can tell you about:"
DID_YOU_MEAN = "I'm not sure which you mean. Did you mean one of these?"
UNAVAILABLE = "Sorry, my answers are temporarily unavailable. Please try again in a moment."
# Said by Rasa's own action_restart (typed "/restart"): domain.yml's utter_restart, which
# tests/unit/test_wording_restart.py keeps equal to this.
RESTARTED = (
    "Starting over: this conversation is forgotten. "
    "Ask me anything about upper back pain from running."
)

# {described}: " (chest pain and fever)", or nothing when only the intent said so.
SEEK_CARE = (
    "What you describe{described} can be a warning sign that needs a doctor, not "
    "self-treatment. Please stop exercising and get medical care now. If it is sudden or "
    "severe, or comes with chest pain, trouble breathing or fainting, call your local "
    "emergency number (911 in the US) or go to urgent care. I can't assess symptoms, so "
    "I won't suggest exercises for this."
)

# The end of every article answer.
SOURCE = "Source: the article's section “{title}”."  # {title}: the section's title
READ_PASSAGE = "Read the full passage"  # the button under an answer
PASSAGE_IN_FULL = "“{heading}”, in full:\n\n{body}"  # the whole section, when asked for more

# "What else?": {answer} is the next method's answer; {methods}: "posture and equipment".
ANOTHER_METHOD = "Another method from the article: {answer}"
ALSO_COVERS = "The article also covers {methods}: just ask."

# A named exercise or piece of equipment. {others}: an exercise kind's words ("stretches are");
# {names}: "the cat-cow stretch and the chest opener".
OTHER_EXERCISES = "The article's other {others} {names}."
NO_STEPS = "The article doesn't describe how to perform it step by step."
ALSO_MENTIONS = "The article also mentions {names}."
# "How do I do it?" about exercises: {subject}: "the planks" or "planks and bridges";
# {it}: "it" or "them"; {says}: what the article says about the kind of exercise.
HOW_TO_EXERCISE = (
    "The article names {subject} but doesn't describe how to do {it} step by step. "
    "What it does say: {says}"
)
ONE_EXERCISE = "the {name}"  # {subject} for one exercise

# Reading a whole message (bot/compose.py).
# "Besides X": {method}: "foam rolling"; the article's other methods follow, one per line.
ALTERNATIVES = "Besides {method}, the article suggests these methods:"
ALL_METHODS = "The article suggests these methods, best combined:"
ALTERNATIVE_LINE = "- {name}: {answer}"  # {name}: "Stretching", {answer}: its answer
ALTERNATIVES_SOURCE = "Source: the article's sections on each method."
# A point the article does not make. {point}: "ice or heat"; {ask}: who can answer it, the
# point's own `ask` in remedies.yml ("A running shop can.") or ASK_BY_DEFAULT.
NOT_COVERED = "The article doesn't cover {point}, so I can't answer that from it. {ask}"
ASK_BY_DEFAULT = "A doctor or physical therapist can."
# Then, clearly apart: {answer}: the closest topic's answer.
CLOSEST = "The closest thing the article does say (not an answer to that): {answer}"
# "Which one is best?" about a list the article does not rank. {leaves_open}: "which stretch
# works best"; {answer}: the list topic's answer.
HALF_COVERED = "The article doesn't say {leaves_open}. What it does say: {answer}"
# A follow-up about the answer just given ("is that bad for my upper back?"): the article has
# nothing more on it, so the same answer comes again, said as such.
SAID_ALREADY = "That's all the article says on it: {answer}"
# One part of a compound message that is not understood: unclear, or a point the article
# does not make; which of the two is not known, so both are said. {text}: that part, as written.
OUT_OF_SCOPE_PART = (
    "About “{text}”: either I didn't understand it or the article I answer from doesn't "
    "cover it. Could you ask it another way?"
)
# Before the answer when the classifier heard a warning sign the safety check did not find.
CAUTION_ONLY = (
    "If you have chest pain or pressure, numbness, breathlessness, dizziness, fever, "
    "unexplained weight loss, pain at night or at rest, or pain after a fall or accident, see "
    "a doctor first."
)
# ... before an answer from the article; CAUTION_ONLY before a reply that gives none.
CAUTION = CAUTION_ONLY + " Otherwise, here is what the article says."

# "Did this help?" under every article answer (bot/answers.py). The buttons' payloads carry
# the answer's ref: /rate_answer{"ref":"...","helpful":true|false}.
RATE_HELPFUL = "👍 Helpful"
RATE_UNHELPFUL = "👎 Not helpful"
RATED_HELPFUL = "Thanks for letting me know, glad it helped!"
RATED_UNHELPFUL = (
    "Sorry that didn't help. Here are the closest other topics the article covers. For advice "
    "on your own back, the article suggests a physical therapist (or a professional running "
    "coach for your technique); see a doctor first if you have warning signs such as chest "
    "pain or numbness. You can also read the article's full passage."
)
# "Rate this answer" typed, with no verdict: the buttons follow.
RATE_WHICH_WAY = "Did my last answer help?"
# A rating of an answer this conversation no longer holds (an old message, another session).
RATING_UNKNOWN = (
    "Thanks! I can't find that answer any more, so I couldn't record your rating. "
    "Ask me again and you can rate the new answer."
)
