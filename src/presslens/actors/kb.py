"""The actor knowledge base: who the news is about, and the names it uses for them.

An :class:`~presslens.actors.records.Actor` (:mod:`presslens.actors.records`) is a state,
territory, region, government, person, organisation, party, media outlet or armed group. Actors
point at each other by id: a person's ``parent`` is the government or organisation they act for
(``gov/RUS``, ``org/nato``), a government's parent is its state, an EU body's parent is
``org/eu``. Ids are ``<prefix>/<key>``: ``state/RUS`` and ``gov/RUS`` (ISO 3166-1 alpha-3),
``person/vladimir-putin``, ``org/nato``, ``party/united-russia``, ``region/crimea``,
``media/reuters``, ``group/hamas``.

:class:`ActorKB` is an immutable collection of actors with the indexes the resolver needs:

* :meth:`ActorKB.lookup` — exact alias match after :func:`alias_key` normalisation (case-folded
  unless the alias is case-sensitive, a leading "the " dropped, curly apostrophes and a trailing
  possessive "'s" removed, diacritics folded, hyphens read as spaces);
* :meth:`ActorKB.country_of_demonym` — "Russian" -> ``RUS``, "U.S." -> ``USA``;
* :meth:`ActorKB.holders` — the persons who hold (or held) a role, in a country or under an
  actor, with role synonyms and implications from the role vocabulary (``roles.yaml``: "premier"
  is "prime minister", a "foreign minister" is a "top diplomat" and a "diplomat");
* :meth:`ActorKB.lift` — a person's principal (their government or organisation).

The packaged data (``presslens/actors/data/*.yaml``, see ``docs/actors.md``) is loaded once per
process by :meth:`ActorKB.default`; :meth:`ActorKB.extended` adds user or PETRARCH actors (see
:mod:`presslens.actors.loaders`).
"""

from __future__ import annotations

import difflib
import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType

from ..errors import ModelError
from .records import Actor, Alias, RoleVocabulary, alias_key, kind_rank

__all__ = ["ActorKB", "UnknownActorError"]


class UnknownActorError(ModelError, KeyError):
    """:meth:`ActorKB.get` was asked for an id the knowledge base does not hold."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


@functools.cache
def _default_roles() -> RoleVocabulary:
    from .loaders import load_role_vocabulary

    return load_role_vocabulary()


@functools.cache
def _default_kb() -> ActorKB:
    from .loaders import load_packaged_actors

    return ActorKB.from_actors(load_packaged_actors())


class ActorKB:
    """An immutable set of actors with lookup indexes, built once."""

    __slots__ = (
        "_actors",
        "_by_role",
        "_ci",
        "_cs",
        "_demonyms",
        "_demonyms_upper",
        "_governments",
        "_roles",
    )

    def __init__(self, actors: Mapping[str, Actor], roles: RoleVocabulary | None = None) -> None:
        """Use :meth:`from_actors`, :meth:`default` or :meth:`extended` rather than this."""
        self._actors: Mapping[str, Actor] = MappingProxyType(dict(actors))
        self._roles: RoleVocabulary = roles if roles is not None else _default_roles()
        self._check_references()
        cs: dict[str, list[tuple[Alias, Actor]]] = defaultdict(list)
        ci: dict[str, list[tuple[Alias, Actor]]] = defaultdict(list)
        demonyms: dict[str, set[str]] = defaultdict(set)
        governments: dict[str, Actor] = {}
        by_role: dict[tuple[str, bool], list[tuple[Actor, str | None]]] = defaultdict(list)
        seen_roles: set[tuple[str, bool, str, str | None]] = set()
        for actor in self._actors.values():
            for alias in actor.aliases:
                if alias.case_sensitive:
                    cs[alias_key(alias.text, True)].append((alias, actor))
                else:
                    ci[alias_key(alias.text)].append((alias, actor))
            if actor.kind in ("state", "territory") and actor.country:
                for word in actor.demonyms:
                    demonyms[alias_key(word, True)].add(actor.country)
            if actor.kind == "government" and actor.country:
                governments.setdefault(actor.country, actor)
            if actor.kind == "person":
                for former, names in ((False, actor.roles), (True, actor.former_roles)):
                    for role in names:
                        scope = actor.scope_of(role, former=former)
                        for implied in self._roles.expand(role):
                            mark = (implied, former, actor.id, scope)
                            if mark not in seen_roles:
                                seen_roles.add(mark)
                                by_role[(implied, former)].append((actor, scope))
        self._cs = dict(cs)
        self._ci = dict(ci)
        self._demonyms = {k: frozenset(v) for k, v in demonyms.items()}
        upper: dict[str, set[str]] = defaultdict(set)
        for k, v in demonyms.items():
            upper[k.upper()].update(v)
        self._demonyms_upper = {k: frozenset(v) for k, v in upper.items()}
        self._governments = governments
        self._by_role = dict(by_role)

    def _check_references(self) -> None:
        for actor in self._actors.values():
            refs = [("parent", actor.parent), ("party", actor.party)]
            refs += [("post", post.of) for post in actor.posts]
            for what, ref in refs:
                if ref is not None and ref not in self._actors:
                    raise ModelError(
                        f"actor {actor.id!r} (from {actor.source}) names {what} {ref!r}, which "
                        f"is not in the knowledge base; add an actor {ref!r} or fix the id"
                        + _suggest(ref, self._actors)
                    )
            seen = {actor.id}
            cur = actor.parent
            while cur is not None:
                if cur in seen:
                    raise ModelError(f"actor {actor.id!r} is its own ancestor via {cur!r}")
                seen.add(cur)
                cur = self._actors[cur].parent

    @property
    def roles(self) -> RoleVocabulary:
        """The role vocabulary :meth:`holders` reads roles through."""
        return self._roles

    # -- construction -----------------------------------------------------------------------
    @classmethod
    def default(cls) -> ActorKB:
        """The packaged knowledge base, loaded once per process."""
        return _default_kb()

    @classmethod
    def from_actors(cls, actors: Iterable[Actor], roles: RoleVocabulary | None = None) -> ActorKB:
        """A knowledge base of exactly ``actors``; duplicate ids are an error."""
        table: dict[str, Actor] = {}
        for actor in actors:
            if actor.id in table:
                raise ModelError(
                    f"actor id {actor.id!r} occurs twice ({table[actor.id].source} and "
                    f"{actor.source}); ids must be unique, use extended() to override"
                )
            table[actor.id] = actor
        return cls(table, roles)

    def extended(self, actors: Iterable[Actor]) -> ActorKB:
        """A copy with ``actors`` added; an actor with an existing id replaces it."""
        table = dict(self._actors)
        for actor in actors:
            table[actor.id] = actor
        return ActorKB(table, self._roles)

    # -- access -----------------------------------------------------------------------------
    def get(self, actor_id: str) -> Actor:
        """The actor with this id; :class:`UnknownActorError` (a ``KeyError``) if absent."""
        try:
            return self._actors[actor_id]
        except KeyError:
            hint = _suggest(actor_id, self._actors)
            if not hint:
                found = self.lookup(actor_id)
                if found:
                    hint = f"; {actor_id!r} is a name of {', '.join(a.id for a in found[:3])}"
            raise UnknownActorError(
                f"no actor with id {actor_id!r} in the knowledge base{hint}"
            ) from None

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._actors

    def __len__(self) -> int:
        return len(self._actors)

    def __iter__(self) -> Iterator[Actor]:
        return iter(self._actors.values())

    def __repr__(self) -> str:
        return f"<ActorKB {len(self)} actors>"

    def of_kind(self, kind: str) -> list[Actor]:
        """Every actor of one kind, in data order."""
        return [a for a in self._actors.values() if a.kind == kind]

    # -- names ------------------------------------------------------------------------------
    def lookup(self, surface: str) -> list[Actor]:
        """Actors with an alias equal to ``surface`` after :func:`alias_key` normalisation.

        Case-sensitive aliases must match in case ("US" but not "us"). Results are ordered
        most specific first: persons, then governments, organisations, parties, media and
        groups, then regions, territories and states; ties keep data order.
        """
        hits: dict[str, Actor] = {}
        for _alias, actor in self._cs.get(alias_key(surface, True), ()):
            hits.setdefault(actor.id, actor)
        for _alias, actor in self._ci.get(alias_key(surface), ()):
            hits.setdefault(actor.id, actor)
        return sorted(hits.values(), key=lambda a: kind_rank(a.kind))

    def lookup_aliases(self, surface: str) -> list[tuple[Alias, Actor]]:
        """Like :meth:`lookup` but with the matching :class:`Alias` (to see ``loaded``)."""
        hits = [*self._cs.get(alias_key(surface, True), ()), *self._ci.get(alias_key(surface), ())]
        return sorted(hits, key=lambda pair: kind_rank(pair[1].kind))

    def alias_items(self) -> Iterator[tuple[str, Alias, Actor]]:
        """Every ``(alias text, alias, actor)``, for building a phrase matcher."""
        for actor in self._actors.values():
            for alias in actor.aliases:
                yield alias.text, alias, actor

    def country_of_demonym(self, word: str) -> str | None:
        """The ISO code a demonym or national adjective names ("Russians" -> ``RUS``).

        Demonyms are capitalised in English, so the match is case-sensitive ("Polish" but not
        "polish"); a word in capitals of more than three letters ("RUSSIAN", in a headline)
        also matches. ``None`` when the word is not a demonym or names several countries
        ("Congolese", "Dominican").
        """
        key = alias_key(word, True)
        codes = self._demonyms.get(key)
        if codes is None and key.isupper() and len(key.replace(".", "")) > 3:
            codes = self._demonyms_upper.get(key)
        if codes and len(codes) == 1:
            return next(iter(codes))
        return None

    # -- roles ------------------------------------------------------------------------------
    def holders(self, country: str | None, role: str, *, former: bool = False) -> list[Actor]:
        """Persons who hold ``role`` (``former=True``: who held it) in a country or under an actor.

        ``role`` is normalised and read through the role vocabulary, so "defence minister",
        "Defense Minister" and "minister of defense" are one role, and a "foreign minister" is
        also found as "top diplomat" and "diplomat". Each role is held under a scope: an
        explicit :class:`Post`, else the person's ``parent`` (current roles) or
        ``gov/<country>`` (former roles). ``country`` may be

        * ``None``: anywhere;
        * an ISO code (``"RUS"``): the scope's country is that code, or the person has no scope
          and is of that country;
        * an actor id (``"org/nato"``, ``"gov/USA"``, ``"state/RUS"``): the scope is that actor
          or lies under it.

        ``former=True`` returns only those who held the role and no longer do. Order: data
        order (the data lists the most prominent first).
        """
        out: list[Actor] = []
        seen: set[str] = set()
        for actor, scope in self._by_role.get((self._roles.canon(role), former), ()):
            if actor.id not in seen and self._scope_matches(actor, scope, country):
                seen.add(actor.id)
                out.append(actor)
        return out

    def _scope_matches(self, actor: Actor, scope: str | None, want: str | None) -> bool:
        if want is None:
            return True
        if "/" in want:
            return scope is not None and want in self.ancestors(scope, include_self=True)
        if scope is None:
            return actor.country == want
        scope_actor = self._actors.get(scope)
        return scope_actor is not None and scope_actor.country == want

    def ancestors(self, actor_id: str, *, include_self: bool = False) -> list[str]:
        """The chain of parents of an actor, nearest first."""
        chain = [actor_id] if include_self else []
        cur = self._actors.get(actor_id)
        while cur is not None and cur.parent is not None:
            chain.append(cur.parent)
            cur = self._actors.get(cur.parent)
        return chain

    def government_of(self, country: str) -> Actor | None:
        """The government actor (``gov/<country>``) of a state or territory, if known."""
        return self._governments.get(country)

    def lift(self, actor_id: str) -> str:
        """The principal an actor speaks for, for aggregating "who says what".

        A person lifts to their ``parent`` (the government, organisation, party or outlet they
        act for); a person without one (a former official, an independent commentator) stays
        themselves, since they do not speak for their country's government. Every other actor
        stays as it is: a government stays a government, a state stays a state (it does not
        become its government), an agency (``org/us-dod``) stays an agency; use
        :meth:`ancestors` to climb further.
        """
        actor = self.get(actor_id)
        if actor.kind == "person" and actor.parent is not None:
            return actor.parent
        return actor.id


def _suggest(actor_id: str, table: Mapping[str, Actor]) -> str:
    close = difflib.get_close_matches(actor_id, list(table), n=3, cutoff=0.75)
    return f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
