"""CAMEO agents: the role nouns ("president", "soldiers", "lawmakers") that PETRARCH composes
with a country code into a composite actor code (``DAG`` + ``GOV`` = ``DAGGOV``).

Used by the PETRARCH evaluation and by anyone who wants CAMEO actor codes; the presslens
pipeline itself works with actor ids. The dictionary format is PETRARCH's ``.agents.txt``:
``PHRASE {PLURAL} [~CODE]`` (``~`` before the code: the code goes after the actor's, e.g.
``~GOV``; after it: before the actor's, e.g. ``NGO~``), ``_`` or a space between words, regular
plurals generated unless ``{...}`` gives them (``{}``: none), and substitution sets
``!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON`` used as ``CONGRESS!PERSON!``.

**Composition** (:func:`compose`) follows PETRARCH: the actor code (``---`` when the phrase
names no actor) gets each agent code appended (``~X``) or prepended (``X~``), unless the actor
code already holds that code (``USAGOV`` + ``GOV`` stays ``USAGOV``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from ..errors import ModelError

__all__ = ["AgentCode", "AgentDictionary", "compose", "load_agents"]


@dataclass(frozen=True, slots=True)
class AgentCode:
    """An agent code and where it goes: after the actor code (``~GOV``) or before (``NGO~``)."""

    code: str
    prefix: bool = False


@dataclass(frozen=True)
class AgentDictionary:
    """Agent phrases (upper-case word tuples) -> :class:`AgentCode`."""

    phrases: Mapping[tuple[str, ...], AgentCode] = field(default_factory=dict)
    longest: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "phrases", MappingProxyType(dict(self.phrases)))
        object.__setattr__(self, "longest", max((len(k) for k in self.phrases), default=1))

    def __hash__(self) -> int:
        return hash(tuple(sorted((k, v.code, v.prefix) for k, v in self.phrases.items())))

    def __reduce__(self) -> tuple[type[AgentDictionary], tuple[object, ...]]:
        """Picklable (for worker processes): rebuilt from its phrases."""
        return (AgentDictionary, (dict(self.phrases),))

    def find(self, words: Sequence[str]) -> list[tuple[int, int, AgentCode]]:
        """Non-overlapping agent phrases in ``words`` (upper case), longest first, left to right:
        ``(start, end, code)`` with ``end`` exclusive."""
        out = []
        i = 0
        while i < len(words):
            for n in range(min(self.longest, len(words) - i), 0, -1):
                code = self.phrases.get(tuple(words[i : i + n]))
                if code is not None:
                    out.append((i, i + n, code))
                    i += n
                    break
            else:
                i += 1
        return out


def compose(actor_code: str | None, agents: Sequence[AgentCode]) -> str:
    """PETRARCH's composite code: ``compose("ARN", [AgentCode("GOV")])`` -> ``"ARNGOV"``."""
    code = actor_code or "---"
    for agent in agents:
        if agent.code in code[3:] or (agent.prefix and code.startswith(agent.code)):
            continue
        code = agent.code + code if agent.prefix else code + agent.code
    return code


_SUBST = re.compile(r"!([^!]+)!")


def _plural(phrase: str) -> str:
    if phrase.endswith("Y") and len(phrase) > 1 and phrase[-2] not in "AEIOU":
        return phrase[:-1] + "IES"
    if phrase.endswith("S"):
        return phrase + "ES"
    return phrase + "S"


def load_agents(path: str | Path) -> AgentDictionary:
    """Read a PETRARCH ``.agents.txt`` dictionary."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise ModelError(f"{file}: cannot read the agents dictionary: {exc.strerror}") from exc
    markers: dict[str, list[str]] = {}
    phrases: dict[tuple[str, ...], AgentCode] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("<!"):
            continue
        if "!" in line and "=" in line:
            name, _, items = line.partition("=")
            match = _SUBST.search(name)
            if match:
                markers[match.group(1)] = [i.strip().upper() for i in items.split(",") if i.strip()]
            continue
        if "[" not in line:
            continue
        head, _, rest = line.partition("[")
        raw_code = rest.partition("]")[0].strip()
        if "~" not in raw_code:
            raise ModelError(f"{file}:{number}: agent code {raw_code!r} lacks '~'")
        agent = AgentCode(raw_code.replace("~", "").strip(), prefix=raw_code.endswith("~"))
        plural: str | None = None
        if "{" in head:
            plural = (
                head[head.index("{") + 1 : head.index("}")].strip().upper() if "}" in head else ""
            )
            head = head[: head.index("{")]
        phrase = head.strip().upper()
        forms = [phrase]
        if _SUBST.search(phrase):
            pass  # substitution sets list every form; no plural is generated
        elif plural is None:
            forms.append(_plural(phrase))
        elif plural:
            forms.append(plural)
        for form in forms:
            match = _SUBST.search(form)
            expanded = (
                [
                    form[: match.start()] + s + form[match.end() :]
                    for s in markers.get(match.group(1), ())
                ]
                if match
                else [form]
            )
            for item in expanded:
                words = tuple(w for w in item.replace("_", " ").split() if w)
                if words:
                    phrases.setdefault(words, agent)
    return AgentDictionary(phrases)
