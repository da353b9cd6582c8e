"""Reading actors: the packaged YAML data, users' YAML or CSV files, PETRARCH dictionaries.

* :func:`load_packaged_actors` — the curated data in ``presslens/actors/data`` (used by
  :meth:`~presslens.actors.ActorKB.default`).
* :func:`load_user_actors` — a user's YAML (the packaged schema, ``docs/actors.md``) or CSV file.
* :func:`load_petrarch_actors` — a CAMEO/PETRARCH ``.actors.txt`` dictionary (or a folder of
  them), e.g. the Phoenix dictionaries.
* :func:`load_role_vocabulary` — the role nouns with synonyms and implications (``roles.yaml``).

Every problem is a :class:`~presslens.errors.ModelError` that names the file, the entry (index,
id, line where known) and what to fix. YAML needs PyYAML (a core dependency).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ModelError
from .petrarch import load_petrarch_actors
from .records import KINDS, Actor, Alias, Post, RoleVocabulary, auto_case_sensitive

__all__ = [
    "CSV_COLUMNS",
    "PREFIX_KINDS",
    "load_packaged_actors",
    "load_petrarch_actors",
    "load_role_vocabulary",
    "load_user_actors",
    "parse_actor_entries",
]

PREFIX_KINDS: Mapping[str, str] = {
    "state": "state",
    "territory": "territory",
    "region": "region",
    "gov": "government",
    "person": "person",
    "org": "organisation",
    "party": "party",
    "media": "media",
    "group": "group",
}
"""Id prefix -> kind, so ``kind`` may be left out of entries whose id has a known prefix."""

_ENTRY_KEYS = frozenset(
    {
        "id",
        "kind",
        "name",
        "aliases",
        "country",
        "parent",
        "party",
        "roles",
        "former_roles",
        "demonyms",
        "capital",
        "cameo",
        "gender",
        "status",
        "deceased",
        "note",
        "government",
    }
)
_GOV_KEYS = frozenset({"id", "name", "aliases", "cameo", "note"})
_ALIAS_KEYS = frozenset({"text", "loaded", "case_sensitive", "metonym"})
_ROLE_KEYS = frozenset({"role", "of"})
_ISO3 = re.compile(r"^[A-Z]{3}$")
_ID = re.compile(r"^[a-z]+/\S+$")

SCHEMA_VERSION = 1
"""Version of the actor YAML schema this module reads."""


def _yaml() -> Any:
    try:
        import yaml
    except ImportError as exc:  # pragma: no cover - pyyaml is a core dependency
        raise ModelError(
            "reading actor YAML needs PyYAML, which is not installed: pip install pyyaml"
        ) from exc
    return yaml


def _read_yaml(path: Path) -> Any:
    yaml = _yaml()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        with path.open("rb") as fh:
            return yaml.load(fh, Loader=loader)
    except OSError as exc:
        raise ModelError(f"{path}: cannot read the actor file: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise ModelError(f"{path}: not valid YAML: {exc}; fix the syntax at that line") from exc


def _entry_line(path: Path, index: int) -> int | None:
    """The 1-based line where entry ``index`` of ``actors`` starts (only computed for errors)."""
    yaml = _yaml()
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"))
    except Exception:  # an error message helper must not fail
        return None
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if getattr(key, "value", None) == "actors":
                node = value
                break
    if isinstance(node, yaml.SequenceNode) and 0 <= index < len(node.value):
        return int(node.value[index].start_mark.line) + 1
    return None


# -- the YAML schema ------------------------------------------------------------------------


class _EntryError(Exception):
    """A problem in one entry; turned into a ModelError that names file, entry and line."""


def _str(value: Any, what: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _EntryError(f"{what} must be a string, got {type(value).__name__}")
    text = str(value).strip()
    if not text:
        raise _EntryError(f"{what} is empty")
    return text


def _opt_str(entry: Mapping[str, Any], key: str) -> str | None:
    value = entry.get(key)
    return None if value is None or value == "" else _str(value, key)


def _str_list(value: Any, what: str) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise _EntryError(f"{what} must be a list, got {type(value).__name__}")
    return value


def _alias(value: Any) -> Alias:
    if isinstance(value, Mapping):
        unknown = set(value) - _ALIAS_KEYS
        if unknown:
            raise _EntryError(
                f"alias has unknown keys {sorted(unknown)}; allowed: {sorted(_ALIAS_KEYS)}"
            )
        text = _str(value.get("text"), "alias text")
        sensitive = value.get("case_sensitive")
        return Alias(
            text,
            loaded=bool(value.get("loaded", False)),
            case_sensitive=auto_case_sensitive(text) if sensitive is None else bool(sensitive),
            metonym=bool(value.get("metonym", False)),
        )
    text = _str(value, "alias")
    return Alias(text, case_sensitive=auto_case_sensitive(text))


def _aliases(name: str, values: Iterable[Any]) -> tuple[Alias, ...]:
    """The name (unless listed with flags among the aliases) and the aliases, deduplicated."""
    out: dict[str, Alias] = {}
    for value in values:
        alias = _alias(value)
        out.setdefault(alias.text, alias)
    if name not in out:
        return (_alias(name), *out.values())
    return (out.pop(name), *out.values())


def _roles(value: Any, what: str, *, former: bool) -> tuple[list[str], list[Post]]:
    roles: list[str] = []
    posts: list[Post] = []
    for item in _str_list(value, what):
        if isinstance(item, Mapping):
            unknown = set(item) - _ROLE_KEYS
            if unknown:
                raise _EntryError(f"{what} item has unknown keys {sorted(unknown)}; use role, of")
            role = _str(item.get("role"), f"{what} role")
            of = item.get("of")
            if of is not None:
                posts.append(Post(role, _check_id(_str(of, f"{what} 'of'")), former))
        else:
            role = _str(item, what)
        if role not in roles:
            roles.append(role)
    return roles, posts


def _check_id(actor_id: str) -> str:
    if not _ID.match(actor_id):
        raise _EntryError(
            f"id {actor_id!r} is malformed: use '<prefix>/<key>' such as 'person/jane-doe' or "
            "'org/nato' (lowercase prefix, no spaces)"
        )
    return actor_id


def _country(entry: Mapping[str, Any]) -> str | None:
    code = _opt_str(entry, "country")
    if code is not None and not _ISO3.match(code):
        raise _EntryError(f"country {code!r} must be an ISO 3166-1 alpha-3 code such as 'RUS'")
    return code


def _actor_entry(entry: Any, source: str) -> list[Actor]:
    """One YAML/CSV entry -> its actor (and, for a state, its government)."""
    if not isinstance(entry, Mapping):
        raise _EntryError(f"an entry must be a mapping, got {type(entry).__name__}")
    unknown = set(entry) - _ENTRY_KEYS
    if unknown:
        raise _EntryError(f"unknown keys {sorted(unknown)}; allowed: {sorted(_ENTRY_KEYS)}")
    actor_id = _check_id(_str(entry.get("id"), "id"))
    kind = _opt_str(entry, "kind") or PREFIX_KINDS.get(actor_id.split("/", 1)[0])
    if kind is None:
        raise _EntryError(
            f"kind is missing and cannot be read from the id prefix; add 'kind:' "
            f"({', '.join(sorted(KINDS))})"
        )
    if kind not in KINDS:
        raise _EntryError(f"kind {kind!r} is unknown; use one of {', '.join(sorted(KINDS))}")
    name = _str(entry.get("name"), "name")
    gender = _opt_str(entry, "gender")
    if gender is not None and gender not in ("m", "f"):
        raise _EntryError(f"gender {gender!r} must be 'm' or 'f' (or left out)")
    roles, posts = _roles(entry.get("roles"), "roles", former=False)
    former, former_posts = _roles(entry.get("former_roles"), "former_roles", former=True)
    parent = _opt_str(entry, "parent")
    party = _opt_str(entry, "party")
    country = _country(entry)
    if kind in ("state", "territory") and country is None and actor_id.count("/") == 1:
        tail = actor_id.split("/", 1)[1]
        country = tail if _ISO3.match(tail) else None
    actor = Actor(
        id=actor_id,
        kind=kind,
        name=name,
        aliases=_aliases(name, _str_list(entry.get("aliases"), "aliases")),
        country=country,
        parent=None if parent is None else _check_id(parent),
        roles=tuple(roles),
        former_roles=tuple(former),
        demonyms=tuple(_str(d, "demonym") for d in _str_list(entry.get("demonyms"), "demonyms")),
        capital=_opt_str(entry, "capital"),
        cameo=_opt_str(entry, "cameo"),
        gender=gender,
        source=source,
        party=None if party is None else _check_id(party),
        posts=tuple(posts + former_posts),
        status=_opt_str(entry, "status"),
        deceased=bool(entry.get("deceased", False)),
        note=_opt_str(entry, "note"),
    )
    out = [actor]
    gov = entry.get("government")
    if gov is False:
        return out
    if gov is not None and kind not in ("state", "territory"):
        raise _EntryError("only states and territories take a 'government' block")
    if gov is None and kind != "state":
        return out
    out.append(_government(actor, gov or {}, source))
    return out


def _government(state: Actor, block: Any, source: str) -> Actor:
    """The government of a state: ``gov/<ISO3>``, parent the state; ``block`` adds to it."""
    if not isinstance(block, Mapping):
        raise _EntryError("'government' must be a mapping (name, aliases, cameo, note) or false")
    unknown = set(block) - _GOV_KEYS
    if unknown:
        raise _EntryError(f"government has unknown keys {sorted(unknown)}; allowed: {_GOV_KEYS}")
    if state.country is None:
        raise _EntryError("a state or territory with a government needs a country code")
    name = _opt_str(block, "name") or f"Government of {state.name}"
    cameo = _opt_str(block, "cameo") or (f"{state.cameo}GOV" if state.cameo else None)
    return Actor(
        id=_check_id(_opt_str(block, "id") or f"gov/{state.country}"),
        kind="government",
        name=name,
        aliases=_aliases(name, _str_list(block.get("aliases"), "government aliases")),
        country=state.country,
        parent=state.id,
        cameo=cameo,
        source=source,
        note=_opt_str(block, "note"),
    )


def parse_actor_entries(
    entries: Iterable[Any], *, source: str, origin: str, path: Path | None = None
) -> list[Actor]:
    """Actors from already-parsed entries (YAML mappings); errors name ``origin`` and entry."""
    out: list[Actor] = []
    for index, entry in enumerate(entries):
        try:
            out.extend(_actor_entry(entry, source))
        except (_EntryError, ModelError) as exc:
            actor_id = entry.get("id") if isinstance(entry, Mapping) else None
            line = _entry_line(path, index) if path is not None else None
            where = f"entry {index + 1}" + (f" (id {actor_id!r})" if actor_id else "")
            where += f", line {line}" if line else ""
            raise ModelError(f"{origin}: {where}: {exc}") from exc
    return out


def _load_yaml_file(path: Path, source: str, seen: set[Path]) -> list[Actor]:
    resolved = path.resolve()
    if resolved in seen:
        raise ModelError(f"{path}: included twice (include cycle?); include each file once")
    seen.add(resolved)
    data = _read_yaml(path)
    if isinstance(data, list):
        return parse_actor_entries(data, source=source, origin=str(path), path=path)
    if not isinstance(data, Mapping):
        raise ModelError(
            f"{path}: an actor file holds a mapping with 'version' and 'actors' (or a list of "
            f"actors), got {type(data).__name__}"
        )
    version = data.get("version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        raise ModelError(
            f"{path}: actor schema version {version!r}; this presslens reads version "
            f"{SCHEMA_VERSION} (docs/actors.md)"
        )
    unknown = set(data) - {"version", "updated", "include", "actors", "description"}
    if unknown:
        raise ModelError(
            f"{path}: unknown top-level keys {sorted(unknown)}; allowed: version, updated, "
            "description, include, actors"
        )
    out: list[Actor] = []
    for name in _str_list(data.get("include"), "include"):
        out.extend(_load_yaml_file(path.parent / str(name), source, seen))
    entries = data.get("actors") or []
    if not isinstance(entries, list):
        raise ModelError(f"{path}: 'actors' must be a list of entries")
    out.extend(parse_actor_entries(entries, source=source, origin=str(path), path=path))
    return out


def _data_dir() -> Path:
    return Path(str(resources.files("presslens.actors") / "data"))


def load_packaged_actors() -> list[Actor]:
    """The curated actors shipped with presslens (``data/actors.yaml`` and its includes)."""
    return _load_yaml_file(_data_dir() / "actors.yaml", "presslens", set())


def load_role_vocabulary(path: str | Path | None = None) -> RoleVocabulary:
    """Role synonyms and implications from ``roles.yaml`` (the packaged one by default)."""
    file = Path(path) if path is not None else _data_dir() / "roles.yaml"
    data = _read_yaml(file)
    if not isinstance(data, Mapping) or not isinstance(data.get("roles"), list):
        raise ModelError(f"{file}: a role vocabulary is a mapping with a 'roles' list")
    synonyms: dict[str, list[str]] = {}
    implies: dict[str, list[str]] = {}
    for index, item in enumerate(data["roles"]):
        if not isinstance(item, Mapping) or not isinstance(item.get("role"), str):
            raise ModelError(f"{file}: roles entry {index + 1} needs a 'role' string")
        unknown = set(item) - {"role", "synonyms", "implies", "note"}
        if unknown:
            raise ModelError(
                f"{file}: role {item['role']!r} has unknown keys {sorted(unknown)}; "
                "allowed: role, synonyms, implies, note"
            )
        synonyms.setdefault(item["role"], []).extend(map(str, item.get("synonyms") or []))
        implies.setdefault(item["role"], []).extend(map(str, item.get("implies") or []))
    return RoleVocabulary.build(synonyms, implies)


# -- user files -----------------------------------------------------------------------------

CSV_COLUMNS = (
    "id",
    "kind",
    "name",
    "aliases",
    "country",
    "parent",
    "roles",
    "former_roles",
    "cameo",
    "gender",
)
"""The CSV columns; ``id`` and ``name`` are required. Lists are separated by ``|``."""
_CSV_EXTRA = ("party", "demonyms", "capital", "status", "note")
_CSV_LISTS = frozenset({"aliases", "roles", "former_roles", "demonyms"})


def load_user_actors(path: str | Path) -> list[Actor]:
    """A user's actors from a YAML (``.yaml``/``.yml``) or CSV (``.csv``) file.

    YAML uses the packaged schema (``docs/actors.md``); CSV has the columns
    :data:`CSV_COLUMNS` (any order; ``party``, ``demonyms``, ``capital``, ``status`` and
    ``note`` may be added) with ``|`` between list items. Actors get ``source`` ``user:<path>``.
    Add them to a knowledge base with ``ActorKB.default().extended(actors)``.
    """
    file = Path(path)
    if not file.is_file():
        raise ModelError(f"{file}: no such actor file; give the path of a .yaml or .csv file")
    source = f"user:{file}"
    suffix = file.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return _load_yaml_file(file, source, set())
    if suffix == ".csv":
        return _load_csv(file, source)
    raise ModelError(f"{file}: unknown actor file type {suffix!r}; use .yaml, .yml or .csv")


def _load_csv(path: Path, source: str) -> list[Actor]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = [h.strip() for h in reader.fieldnames or []]
            unknown = set(header) - set(CSV_COLUMNS) - set(_CSV_EXTRA)
            if unknown or "id" not in header or "name" not in header:
                raise ModelError(
                    f"{path}: line 1: the header must name the columns {', '.join(CSV_COLUMNS)} "
                    f"(id and name required; optional {', '.join(_CSV_EXTRA)})"
                    + (f"; unknown columns {sorted(unknown)}" if unknown else "")
                )
            reader.fieldnames = header
            out: list[Actor] = []
            for row in reader:
                entry: dict[str, Any] = {}
                for key, value in row.items():
                    if key is None:
                        raise ModelError(
                            f"{path}: line {reader.line_num}: more cells than header columns; "
                            "quote cells that contain commas"
                        )
                    value = (value or "").strip()
                    if not value:
                        continue
                    if key in _CSV_LISTS:
                        entry[key] = [v.strip() for v in value.split("|") if v.strip()]
                    else:
                        entry[key] = value
                try:
                    out.extend(_actor_entry(entry, source))
                except (_EntryError, ModelError) as exc:
                    actor_id = entry.get("id")
                    where = f"line {reader.line_num}" + (f" (id {actor_id!r})" if actor_id else "")
                    raise ModelError(f"{path}: {where}: {exc}") from exc
            return out
    except UnicodeDecodeError as exc:
        raise ModelError(f"{path}: not UTF-8 text ({exc.reason}); save the CSV as UTF-8") from exc
    except csv.Error as exc:
        raise ModelError(f"{path}: malformed CSV: {exc}") from exc
