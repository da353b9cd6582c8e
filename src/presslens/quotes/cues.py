"""The communication cues: the words that introduce reported speech.

This list does two jobs:

* the quote finders (:mod:`.direct`, :mod:`.indirect`) take a verb as a speech cue only when its
  lemma is in :data:`SPEECH_VERBS` (or it heads one of :data:`SPEECH_PHRASES`);
* the evaluation (:mod:`presslens.evaluate.quotes`) calls a gold attribution a *speech
  attribution* when its cue holds a verb whose lemma is in :data:`SPEECH_VERBS`, or one of
  :data:`SPEECH_PHRASES` (see :func:`is_speech_cue`).

The verbs are verbs of saying and writing in the narrow sense -- acts that put words into the
world. Verbs of thinking and feeling ("believe", "think", "want", "hope"), of evaluating ("praise",
"criticize", "blast"), of showing ("show", "find", "seem") and of naming ("call") are *not* cues:
their complements are attitudes or descriptions, not somebody's words. "call" in particular is
left out on purpose: "she called the plan a disaster" reports an evaluation whose exact words are
unknown, and "called for" is a demand, so counting them would blur "who said what".
"""

from __future__ import annotations

from collections.abc import Iterable

#: Lemmas (as spaCy's English lemmatizer gives them) of verbs that report speech or writing.
SPEECH_VERBS: frozenset[str] = frozenset(
    {
        # saying and telling
        "say",
        "tell",
        "state",
        "declare",
        "announce",
        "proclaim",
        "pronounce",
        "mention",
        "remark",
        "comment",
        "observe",
        "note",
        "add",
        "explain",
        "describe",
        "recount",
        "recall",
        "repeat",
        "reiterate",
        "reply",
        "respond",
        "answer",
        "retort",
        "counter",
        "ask",
        "inquire",
        "wonder",
        # writing and posting
        "write",
        "tweet",
        "post",
        "blog",
        "report",
        "testify",
        "inform",
        # asserting and disputing
        "claim",
        "assert",
        "allege",
        "insist",
        "maintain",
        "contend",
        "argue",
        "stress",
        "emphasise",
        "emphasize",
        "underline",
        "deny",
        "dispute",
        "acknowledge",
        "admit",
        "concede",
        "confirm",
        "reveal",
        "disclose",
        "suggest",
        "hint",
        "predict",
        "conclude",
        # warning, promising, urging
        "warn",
        "caution",
        "threaten",
        "promise",
        "vow",
        "pledge",
        "urge",
        "demand",
        # manner of speaking
        "complain",
        "lament",
        "boast",
        "brag",
        "joke",
        "quip",
        "exclaim",
        "shout",
        "yell",
        "scream",
        "whisper",
        "mutter",
        "muse",
    }
)

#: Multiword cues, as lower-case word sequences. "according to X" names the source of what the
#: clause around it says; "point out" is a phrasal verb whose particle matters.
SPEECH_PHRASES: tuple[tuple[str, ...], ...] = (
    ("according", "to"),
    ("point", "out"),
)

#: Phrasal cues keyed by verb lemma: the particle that must accompany it.
PHRASAL_VERBS: dict[str, str] = {"point": "out"}


def is_speech_lemma(lemma: str) -> bool:
    """Whether ``lemma`` (lower case) is one of :data:`SPEECH_VERBS`."""
    return lemma.lower() in SPEECH_VERBS


def is_speech_cue(words: Iterable[tuple[str, str, str]]) -> bool:
    """Whether a cue, given as ``(lower-case text, lemma, coarse POS)`` triples, is a speech cue.

    True when some word tagged ``VERB`` (or ``AUX``, a frequent mis-tag of "says") has a lemma in
    :data:`SPEECH_VERBS`, or when the words contain one of :data:`SPEECH_PHRASES` in order (by
    text or by lemma: "according to", "pointed out"). Nouns ("in a statement") are not cues.
    """
    items = list(words)
    lowers = [w for w, _, _ in items]
    lemmas = [lemma.lower() for _, lemma, _ in items]
    for _text, lemma, pos in items:
        if lemma.lower() in SPEECH_VERBS and pos in {"VERB", "AUX"}:
            return True
    for phrase in SPEECH_PHRASES:
        n = len(phrase)
        for i in range(len(items) - n + 1):
            if tuple(lowers[i : i + n]) == phrase or tuple(lemmas[i : i + n]) == phrase:
                return True
    return False
