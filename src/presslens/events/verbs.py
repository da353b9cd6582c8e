"""Which verb lexicon: a file in either format, the packaged one, several merged; the build command.

:func:`load_lexicon` reads a file in the compact format presslens ships
(:func:`presslens.events.lexicon.read_compact`, written by
:meth:`~presslens.events.lexicon.VerbLexicon.dump`) or a PETRARCH verb dictionary, both the
PETRARCH 1 / TABARI style (``PETR.Validate.verbs.txt``: ``- SAID * TO_ATTEND [082]``) and the
PETRARCH 2 style (``CAMEO.2.0.txt``: ``- * (TO {BANNED PARTIES}) [1722]``;
:func:`presslens.events.petrarch.load_petrarch_verbs`); both become the same flat patterns (see
:class:`~presslens.events.lexicon.Pattern`).

The packaged lexicon (:func:`packaged_lexicon`) is ``data/cameo_verbs.tsv``, derived from
CAMEO.2.0.txt (MIT, Open Event Data Alliance; the notice is kept in the file) by::

    python -m presslens.events.verbs build ../shared/data/petrarch2/dictionaries/CAMEO.2.0.txt \\
        src/presslens/events/data/cameo_verbs.tsv

plus ``data/presslens_verbs.txt``, presslens's own short supplement in the PETRARCH 2 syntax
(phrasings of current news that CAMEO.2.0 lacks, such as "hold a telephone conversation").
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from pathlib import Path

from ..errors import ModelError
from .lexicon import FORMAT_HEADER, VerbLexicon, read_compact
from .petrarch import load_petrarch_verbs

__all__ = ["build_compact", "lexicon_from", "load_lexicon", "main", "packaged_lexicon"]


def load_lexicon(path: str | Path) -> VerbLexicon:
    """A lexicon from a file: the compact format (first line ``#presslens-verbs 1``) or a
    PETRARCH verb dictionary (anything else)."""
    file = Path(path)
    try:
        with file.open(encoding="utf-8") as fh:
            first = fh.readline().strip()
    except OSError as exc:
        raise ModelError(f"{file}: cannot read the verb lexicon: {exc.strerror or exc}") from exc
    if first != FORMAT_HEADER:
        return load_petrarch_verbs(file)
    return read_compact(file)


def _data(name: str) -> Path:
    return Path(str(resources.files("presslens.events") / "data" / name))


@cache
def packaged_lexicon() -> VerbLexicon:
    """The default lexicon: presslens's supplement first, then the CAMEO.2.0-derived patterns."""
    supplement = load_petrarch_verbs(_data("presslens_verbs.txt"))
    return supplement.merged(load_lexicon(_data("cameo_verbs.tsv")))


def lexicon_from(paths: Iterable[str | Path]) -> VerbLexicon:
    """Several dictionaries merged, earlier ones first."""
    lexicons = [load_lexicon(p) for p in paths]
    if not lexicons:
        raise ModelError("no verb dictionary given")
    out = lexicons[0]
    for other in lexicons[1:]:
        out = out.merged(other)
    return out


_NOTICE_LINES = 60


def build_compact(source: str | Path, target: str | Path) -> VerbLexicon:
    """Derive the compact lexicon from a PETRARCH dictionary, keeping its leading comment block
    (the MIT notice of CAMEO.2.0.txt) at the top of the output."""
    src = Path(source)
    lexicon = load_petrarch_verbs(src)
    notice = [f"Derived by presslens from {src.name} (python -m presslens.events.verbs build)."]
    for line in src.read_text(encoding="utf-8", errors="replace").splitlines()[:_NOTICE_LINES]:
        if not line.startswith("#"):
            break
        notice.append(line[1:].strip())
    lexicon.dump(target, notice)
    return lexicon


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m presslens.events.verbs build SOURCE TARGET``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 3 or args[0] != "build":
        print(
            "usage: python -m presslens.events.verbs build CAMEO.2.0.txt OUT.tsv", file=sys.stderr
        )
        return 2
    lexicon = build_compact(args[1], args[2])
    n_patterns = sum(len(v) for v in lexicon.patterns.values())
    print(f"{args[2]}: {len(lexicon)} verbs, {n_patterns} patterns, {len(lexicon.synsets)} synsets")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
