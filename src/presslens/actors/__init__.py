"""Actors: the knowledge base of who geopolitical news is about, and loaders to extend it.

::

    from presslens.actors import ActorKB, load_user_actors
    kb = ActorKB.default().extended(load_user_actors("my_actors.yaml"))
    kb.lookup("the Kremlin")          # [Actor(id='gov/RUS', ...)]
    kb.holders("RUS", "president")    # [Actor(id='person/vladimir-putin', ...)]

See ``docs/actors.md`` for the data schema and the resolution rules.
"""

from __future__ import annotations

from .kb import ActorKB, UnknownActorError
from .loaders import (
    CSV_COLUMNS,
    load_packaged_actors,
    load_petrarch_actors,
    load_role_vocabulary,
    load_user_actors,
)
from .mention import Mention
from .records import KINDS, Actor, Alias, Post, RoleVocabulary, alias_key, role_key

__all__ = [
    "CSV_COLUMNS",
    "KINDS",
    "Actor",
    "ActorKB",
    "Alias",
    "Mention",
    "Post",
    "RoleVocabulary",
    "UnknownActorError",
    "alias_key",
    "load_packaged_actors",
    "load_petrarch_actors",
    "load_role_vocabulary",
    "load_user_actors",
    "role_key",
]
