"""Events: who does what to whom, sentence by sentence, with evidence.

::

    from presslens.events import Events
    from presslens.corpus.graphs import corpus_graphs
    pipeline = Pipeline(["paragraphs", "sentences", Actors(kb), Events(kb)])
    doc = pipeline(document)
    doc.layer("events")          # spans: label = PLOVER type, score = cooperation-conflict score
    corpus_graphs([doc, ...])    # per-source actor graphs with evidence (a corpus view)

Modules, one per concern: :mod:`.plover` (ontology, scores, CAMEO mapping), :mod:`.lexicon`
(the verb lexicon and its compact format), :mod:`.petrarch` (reading PETRARCH dictionaries),
:mod:`.verbs` (which lexicon: a file, the packaged one, several merged),
:mod:`.patterns` (pattern matching), :mod:`.arguments` (sources, recipients, coordination),
:mod:`.extract` (the dependency-based extraction), :mod:`.context` (asserted, negated,
hypothetical, future, demanded), :mod:`.lifting` (actor lifting, places), :mod:`.agents` (CAMEO
agent codes), :mod:`.component` (the pipeline component). The relation graphs across documents
and sources are a corpus view, :mod:`presslens.corpus.graphs`. See ``docs/events.md``.
"""

from __future__ import annotations

from ..actors.mention import Mention
from .agents import AgentCode, AgentDictionary, compose, load_agents
from .component import Events, event_spans, participant_mentions
from .context import CONTEXTS, Context, event_context
from .extract import Extracted, Participant, extract_events, extract_sentence
from .lexicon import Pattern, VerbEntry, VerbLexicon
from .lifting import country_of, lift, node_key, place_country
from .petrarch import load_petrarch_verbs
from .plover import PLOVER_TYPES, TYPES, EventType, cameo_root, cameo_root_of, classify, score
from .verbs import lexicon_from, load_lexicon, packaged_lexicon

__all__ = [
    "CONTEXTS",
    "PLOVER_TYPES",
    "TYPES",
    "AgentCode",
    "AgentDictionary",
    "Context",
    "EventType",
    "Events",
    "Extracted",
    "Mention",
    "Participant",
    "Pattern",
    "VerbEntry",
    "VerbLexicon",
    "cameo_root",
    "cameo_root_of",
    "classify",
    "compose",
    "country_of",
    "event_context",
    "event_spans",
    "extract_events",
    "extract_sentence",
    "lexicon_from",
    "lift",
    "load_agents",
    "load_lexicon",
    "load_petrarch_verbs",
    "node_key",
    "packaged_lexicon",
    "participant_mentions",
    "place_country",
    "score",
]
