"""The README's map of the package names every package and top-level module, and nothing gone.

The map is the first fenced block after the heading "### The map" in README.md: a tree whose
first line is ``src/presslens/`` and whose entries start two spaces in (``  name.py  what it
does``, ``  name/  what it holds``), their descriptions going on in lines indented further.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "src" / "presslens"
README = REPO / "README.md"
ENTRY = re.compile(r"^  (\S+)")


def _map_lines() -> list[str]:
    text = README.read_text(encoding="utf-8")
    heading = text.find("\n### The map\n")
    assert heading >= 0, "README.md has no '### The map' section"
    fence = text.index("```", heading)
    body_start = text.index("\n", fence) + 1
    body = text[body_start : text.index("```", body_start)]
    lines = body.splitlines()
    assert lines and lines[0].strip() == "src/presslens/", "the map starts with src/presslens/"
    return lines[1:]


def _entries() -> dict[str, str]:
    """Each entry of the map with its description (every line of it)."""
    entries: dict[str, str] = {}
    current = None
    for line in _map_lines():
        found = ENTRY.match(line)
        if found:
            current = found.group(1)
            assert current not in entries, f"the map names {current} twice"
            entries[current] = line
        elif current is not None and line.strip():
            entries[current] += "\n" + line
    return entries


def _on_disk() -> set[str]:
    """The packages (and data folders, as ``name/``) and top-level modules of presslens."""
    names = set()
    for path in PACKAGE.iterdir():
        if path.name.startswith((".", "__pycache__")):
            continue
        if path.is_dir():
            names.add(f"{path.name}/")
        elif path.suffix == ".py":
            names.add(path.name)
    return names


def test_the_map_names_every_package_and_top_level_module() -> None:
    missing = sorted(_on_disk() - set(_entries()))
    assert not missing, f"README.md's map does not name {missing}; add a line for each"


def test_the_map_names_nothing_that_is_gone() -> None:
    stale = sorted(set(_entries()) - _on_disk())
    assert not stale, f"README.md's map names {stale}, which src/presslens/ no longer has"


@pytest.mark.parametrize(
    "package", sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
)
def test_a_package_entry_names_its_modules(package: str) -> None:
    description = _entries().get(f"{package}/", "")
    modules = sorted(p.name for p in (PACKAGE / package).glob("*.py") if p.name != "__init__.py")
    unnamed = [m for m in modules if not re.search(rf"(?<![\w/]){re.escape(m)}", description)]
    assert not unnamed, f"the map's entry for {package}/ does not name {unnamed}"
