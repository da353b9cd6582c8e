"""The actor knowledge base: who the news is about, and the names it uses for them.

An :class:`Actor` is a state, territory, region, government, person, organisation, party, media
outlet or armed group. Actors point at each other by id: a person's ``parent`` is the government
or organisation they act for (``gov/RUS``, ``org/nato``), a government's parent is its state, an
EU body's parent is ``org/eu``. Ids are ``<prefix>/<key>``: ``state/RUS`` and ``gov/RUS`` (ISO
3166-1 alpha-3), ``person/vladimir-putin``, ``org/nato``, ``party/united-russia``,
``region/crimea``, ``media/reuters``, ``group/hamas``.

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
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ..errors import ModelError

__all__ = [
    "KINDS",
    "Actor",
    "ActorKB",
    "Alias",
    "Post",
    "RoleVocabulary",
    "UnknownActorError",
    "alias_key",
    "kind_rank",
    "role_key",
]

KINDS = frozenset(
    {
        "state",
        "territory",
        "region",
        "government",
        "person",
        "organisation",
        "party",
        "media",
        "group",
    }
)
"""The kinds of actor. States, territories and regions are places; the rest act."""

_KIND_RANK = {
    "person": 0,
    "government": 1,
    "organisation": 2,
    "party": 2,
    "media": 2,
    "group": 2,
    "region": 3,
    "territory": 4,
    "state": 5,
}
"""Order of :meth:`ActorKB.lookup` results: the most specific kind of actor first."""


def kind_rank(kind: str) -> int:
    """Where a kind of actor stands in :data:`_KIND_RANK` (lower is more specific): the one
    order in which every layer chooses among actors that share a name."""
    return _KIND_RANK.get(kind, 9)


@dataclass(frozen=True, slots=True)
class Alias:
    """One name an actor goes by.

    ``loaded`` marks a name that carries a judgement ("the Kiev regime"); ``case_sensitive``
    marks acronyms that collide with words ("US", "WHO", "IT"); ``metonym`` marks a place or
    building that stands for the actor ("Moscow", "the Kremlin", "Brussels").
    """

    text: str
    loaded: bool = False
    case_sensitive: bool = False
    metonym: bool = False


@dataclass(frozen=True, slots=True)
class Post:
    """A role held under an explicit actor: ``secretary general`` of ``org/nato``.

    Only roles whose scope differs from the default need a post (see :meth:`ActorKB.holders`).
    """

    role: str
    of: str
    former: bool = False


@dataclass(frozen=True, slots=True)
class Actor:
    """Someone or something the news talks about. See the module docstring for ids."""

    id: str
    kind: str
    name: str
    aliases: tuple[Alias, ...] = ()  # includes the name
    country: str | None = None  # ISO 3166-1 alpha-3 (PETRARCH actors: the CAMEO country root)
    parent: str | None = None
    roles: tuple[str, ...] = ()
    former_roles: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()  # states and territories: "Russian", "Russians"
    capital: str | None = None  # states and territories
    cameo: str | None = None  # CAMEO actor code, the latest one for PETRARCH actors
    gender: str | None = None  # persons: "m" or "f" when known
    source: str = "presslens"  # "presslens" | "user:<path>" | "petrarch:<file name>"
    party: str | None = None  # persons: party id
    posts: tuple[Post, ...] = ()  # roles with an explicit scope
    status: str | None = None  # states and territories: "un_member", "un_observer", ...
    deceased: bool = False
    codes: tuple[tuple[str, str | None, str | None], ...] = ()  # PETRARCH: (code, from, to)
    note: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ModelError(
                f"actor {self.id!r} has kind {self.kind!r}; use one of {', '.join(sorted(KINDS))}"
            )
        if not self.id or not self.name:
            raise ModelError(f"an actor needs an id and a name, got {self.id!r} / {self.name!r}")
        aliases = tuple(a if isinstance(a, Alias) else Alias(str(a)) for a in self.aliases)
        if not any(a.text == self.name for a in aliases):
            aliases = (Alias(self.name, case_sensitive=_auto_case_sensitive(self.name)), *aliases)
        object.__setattr__(self, "aliases", aliases)
        for name in ("roles", "former_roles", "demonyms", "posts", "codes"):
            object.__setattr__(self, name, tuple(getattr(self, name)))

    def scope_of(self, role: str, *, former: bool = False) -> str | None:
        """The actor id a role is held under: an explicit :class:`Post`, else the default.

        The default for a current role is the actor's ``parent``; for a former role it is the
        government of the actor's ``country`` (``gov/<country>``), else the parent.
        """
        for post in self.posts:
            if post.former == former and post.role == role:
                return post.of
        if former and self.country:
            return f"gov/{self.country}"
        return self.parent


# -- normalisation ----------------------------------------------------------------------------

_APOSTROPHES = str.maketrans({c: "'" for c in "\u2019\u2018\u02bc\u00b4`\u2032\uff07"})
_DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2015\u2212-]+")
_SPACES = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|(?<=s)')$", re.IGNORECASE)
_ACRONYM = re.compile(r"^(?:[A-Z]\.?){1,3}$")


def _fold(text: str) -> str:
    """Drop diacritics: "Orbán" -> "Orban", "Élysée" -> "Elysee"."""
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii():
        return decomposed
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


@functools.lru_cache(maxsize=65536)
def alias_key(text: str, case_sensitive: bool = False) -> str:
    """The form under which an alias (or a surface string) is looked up.

    NFKC, curly apostrophes made straight, a trailing possessive ("Russia's", "the Allies'")
    and a leading "the " dropped, diacritics folded, hyphens and dashes read as spaces,
    whitespace collapsed; case-folded unless ``case_sensitive``. Use it to build matchers that
    agree with :meth:`ActorKB.lookup`.
    """
    key = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).strip()
    key = _POSSESSIVE.sub("", key)
    key = _LEADING_THE.sub("", key)
    key = _SPACES.sub(" ", _DASHES.sub(" ", _fold(key))).strip()
    return key if case_sensitive else key.casefold()


def _auto_case_sensitive(text: str) -> bool:
    """Whether an alias is case-sensitive by default: acronyms of up to three letters.

    "US", "U.S.", "the UN", "WHO", "IT", "the FT" would otherwise match ordinary words; longer
    acronyms ("NATO", which British papers write "Nato") stay case-insensitive.
    """
    return bool(_ACRONYM.match(_LEADING_THE.sub("", text.strip())))


_SPELLING = {
    "defence": "defense",
    "advisor": "adviser",
    "counsellor": "counselor",
    "organisation": "organization",
    "programme": "program",
}
_SPELLING_RE = re.compile(r"\b(" + "|".join(_SPELLING) + r")\b")


def role_key(role: str) -> str:
    """Normalise a role noun: "Defence-Minister" -> "defense minister" (US spelling)."""
    key = alias_key(role)
    return _SPELLING_RE.sub(lambda m: _SPELLING[m.group(1)], key)


@dataclass(frozen=True, slots=True)
class RoleVocabulary:
    """Role nouns: synonyms (read as one role) and implications (a broader role also held).

    ``canonical`` maps every normalised synonym to its role; ``implies`` maps a role to the
    broader roles it implies, transitively closed by :meth:`build`.
    """

    canonical: Mapping[str, str] = field(default_factory=dict)
    implies: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        synonyms: Mapping[str, Iterable[str]],
        implies: Mapping[str, Iterable[str]],
    ) -> RoleVocabulary:
        """From ``{role: [synonym, ...]}`` and ``{role: [broader role, ...]}``."""
        canonical: dict[str, str] = {}
        for role, words in synonyms.items():
            head = role_key(role)
            canonical[head] = head
            for word in words:
                canonical[role_key(word)] = head

        def canon(word: str) -> str:
            key = role_key(word)
            return canonical.get(key, key)

        direct: dict[str, set[str]] = defaultdict(set)
        for role, broader in implies.items():
            direct[canon(role)].update(canon(b) for b in broader)
        closed: dict[str, frozenset[str]] = {}
        for role in direct:
            seen: set[str] = set()
            todo = list(direct[role])
            while todo:
                nxt = todo.pop()
                if nxt not in seen:
                    seen.add(nxt)
                    todo.extend(direct.get(nxt, ()))
            seen.discard(role)
            closed[role] = frozenset(seen)
        return cls(MappingProxyType(canonical), MappingProxyType(closed))

    def canon(self, role: str) -> str:
        """The canonical form of a role noun ("premier" -> "prime minister")."""
        key = role_key(role)
        return self.canonical.get(key, key)

    def expand(self, role: str) -> frozenset[str]:
        """A role with every broader role it implies, all canonical."""
        head = self.canon(role)
        return frozenset({head}) | self.implies.get(head, frozenset())


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
