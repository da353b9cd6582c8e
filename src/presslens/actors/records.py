"""What an actor is, and the keys its names and roles are looked up under.

:class:`Actor` with its :class:`Alias` names, :class:`Post` roles and kind (:data:`KINDS`);
:func:`alias_key` and :func:`role_key` normalise names and role nouns, :class:`RoleVocabulary`
holds role synonyms and implications.

The records every reader of actors builds (the packaged YAML, user files, PETRARCH dictionaries:
:mod:`presslens.actors.loaders`, :mod:`presslens.actors.petrarch`) and the knowledge base
indexes (:mod:`presslens.actors.kb`). A module of their own, so that the knowledge base can
load its packaged actors through the loaders without the loaders importing it back.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ..errors import ModelError

__all__ = [
    "KINDS",
    "Actor",
    "Alias",
    "Post",
    "RoleVocabulary",
    "alias_key",
    "auto_case_sensitive",
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
            aliases = (Alias(self.name, case_sensitive=auto_case_sensitive(self.name)), *aliases)
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


def auto_case_sensitive(text: str) -> bool:
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
