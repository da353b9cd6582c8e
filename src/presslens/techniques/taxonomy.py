"""The two persuasion-technique taxonomies, the mapping between them, and what each one means.

``PTC_TECHNIQUES`` are the 14 labels of SemEval-2020 Task 11 (the Propaganda Techniques Corpus);
``SEMEVAL2023_TECHNIQUES`` the 23 of SemEval-2023 Task 3, subtask 3. The span model predicts the
14; every span also carries the 2023 names its label corresponds to (``to_2023``). The paragraph
head predicts the 23 directly. The descriptions are written for the people reading a report.
"""

from __future__ import annotations

from types import MappingProxyType

PTC_TECHNIQUES: tuple[str, ...] = (
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
)

SEMEVAL2023_TECHNIQUES: tuple[str, ...] = (
    "Appeal_to_Authority",
    "Appeal_to_Popularity",
    "Appeal_to_Values",
    "Appeal_to_Fear-Prejudice",
    "Flag_Waving",
    "Causal_Oversimplification",
    "False_Dilemma-No_Choice",
    "Consequential_Oversimplification",
    "Straw_Man",
    "Red_Herring",
    "Whataboutism",
    "Slogans",
    "Appeal_to_Time",
    "Conversation_Killer",
    "Loaded_Language",
    "Repetition",
    "Exaggeration-Minimisation",
    "Obfuscation-Vagueness-Confusion",
    "Name_Calling-Labeling",
    "Doubt",
    "Guilt_by_Association",
    "Appeal_to_Hypocrisy",
    "Questioning_the_Reputation",
)

# 2023 label -> the 2020 label that covers it (None: the 2020 taxonomy has no counterpart).
_FROM_2023: dict[str, str | None] = {
    "Appeal_to_Authority": "Appeal_to_Authority",
    "Appeal_to_Popularity": "Bandwagon,Reductio_ad_hitlerum",
    "Appeal_to_Values": None,
    "Appeal_to_Fear-Prejudice": "Appeal_to_fear-prejudice",
    "Flag_Waving": "Flag-Waving",
    "Causal_Oversimplification": "Causal_Oversimplification",
    "False_Dilemma-No_Choice": "Black-and-White_Fallacy",
    "Consequential_Oversimplification": "Causal_Oversimplification",
    "Straw_Man": "Whataboutism,Straw_Men,Red_Herring",
    "Red_Herring": "Whataboutism,Straw_Men,Red_Herring",
    "Whataboutism": "Whataboutism,Straw_Men,Red_Herring",
    "Slogans": "Slogans",
    "Appeal_to_Time": None,
    "Conversation_Killer": "Thought-terminating_Cliches",
    "Loaded_Language": "Loaded_Language",
    "Repetition": "Repetition",
    "Exaggeration-Minimisation": "Exaggeration,Minimisation",
    "Obfuscation-Vagueness-Confusion": None,
    "Name_Calling-Labeling": "Name_Calling,Labeling",
    "Doubt": "Doubt",
    "Guilt_by_Association": "Bandwagon,Reductio_ad_hitlerum",
    "Appeal_to_Hypocrisy": "Whataboutism,Straw_Men,Red_Herring",
    "Questioning_the_Reputation": "Doubt",
}
FROM_2023 = MappingProxyType(_FROM_2023)
"""SemEval-2023 label -> SemEval-2020 label (or None)."""

TO_2023 = MappingProxyType(
    {
        label: tuple(new for new, old in _FROM_2023.items() if old == label)
        for label in PTC_TECHNIQUES
    }
)
"""SemEval-2020 label -> the SemEval-2023 labels it was split into or renamed to."""

_DESCRIPTIONS: dict[str, str] = {
    "Appeal_to_Authority": "Treats a claim as true because an authority, expert or institution "
    "is said to back it, without the evidence itself.",
    "Appeal_to_fear-prejudice": "Pushes the reader toward a view by raising fear of what happens "
    "otherwise, or by playing on prejudice against a group.",
    "Bandwagon,Reductio_ad_hitlerum": "Argues that everyone (or every sensible person) already "
    "agrees, or discredits an idea by tying it to a hated person or group.",
    "Black-and-White_Fallacy": "Presents two options as the only ones when more exist, or one "
    "course as the only possible one.",
    "Causal_Oversimplification": "Gives one cause for an outcome that has many, or claims that a "
    "first step must lead to an extreme result.",
    "Doubt": "Questions the credibility, motives or competence of a person or institution rather "
    "than answering what they said.",
    "Exaggeration,Minimisation": "Makes something look far larger, better or worse than it is, or "
    "plays down something that matters.",
    "Flag-Waving": "Appeals to national, group or party pride and loyalty to justify a view or an "
    "action.",
    "Loaded_Language": "Words and phrases with strong emotional charge, chosen to sway the reader "
    "rather than describe.",
    "Name_Calling,Labeling": "Attaches an insulting, fearful or flattering label to a person or "
    "group in place of an argument.",
    "Repetition": "Repeats the same message or phrase so that it sticks and starts to feel true.",
    "Slogans": "A short, striking phrase that stands in for an argument, often a call to action.",
    "Thought-terminating_Cliches": "A stock phrase that closes a discussion and discourages "
    'further thought ("it is what it is").',
    "Whataboutism,Straw_Men,Red_Herring": "Deflects criticism by pointing at the other side's "
    "faults, attacks a distorted version of an opponent's view, or changes the subject.",
    "Appeal_to_Popularity": "Argues that a view is right because many people hold it.",
    "Appeal_to_Values": "Justifies a view by tying it to values the audience holds dear (freedom, "
    "democracy, religion, tradition) rather than by evidence.",
    "Appeal_to_Fear-Prejudice": "Pushes the reader toward a view by raising fear of the "
    "alternative, or by playing on prejudice.",
    "Flag_Waving": "Appeals to national or group pride and loyalty to justify a view.",
    "False_Dilemma-No_Choice": "Presents two options as the only ones, or one as the only "
    "possible course.",
    "Consequential_Oversimplification": "Claims that one step will set off a chain of events "
    "ending in an extreme outcome (slippery slope).",
    "Straw_Man": "Attacks a distorted or weaker version of what an opponent said.",
    "Red_Herring": "Brings in an irrelevant topic to pull attention away from the point.",
    "Whataboutism": "Answers criticism by pointing at the critic's own faults.",
    "Appeal_to_Time": 'Argues that the moment demands action now ("the time has come").',
    "Conversation_Killer": "A stock phrase that shuts down discussion (a thought-terminating "
    "cliché).",
    "Exaggeration-Minimisation": "Makes something look far larger or smaller than it is.",
    "Obfuscation-Vagueness-Confusion": "Deliberately unclear wording that lets the reader read "
    "in what suits them.",
    "Name_Calling-Labeling": "Attaches an insulting or flattering label to a person or group in "
    "place of an argument.",
    "Guilt_by_Association": "Discredits a person or idea by linking it to a hated person, group "
    "or regime.",
    "Appeal_to_Hypocrisy": "Attacks an opponent for hypocrisy instead of addressing the "
    "argument (tu quoque).",
    "Questioning_the_Reputation": "Attacks the character or record of a person or group to "
    "undermine what they say.",
}
DESCRIPTIONS = MappingProxyType(_DESCRIPTIONS)
"""Every label of both taxonomies -> a one-line description for readers."""


def describe(label: str) -> str:
    """The reader-facing description of a technique label of either taxonomy."""
    try:
        return DESCRIPTIONS[label]
    except KeyError:
        raise KeyError(f"unknown technique {label!r}; known: {sorted(DESCRIPTIONS)}") from None


def display_name(label: str) -> str:
    """``"Name_Calling,Labeling"`` -> ``"Name calling / labeling"``."""
    return " / ".join(
        part.replace("_", " ").replace("-", " ") for part in label.split(",")
    ).capitalize()
