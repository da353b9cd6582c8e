"""The ``techniques`` pipeline component: persuasion technique spans over the whole text.

Each span has ``label`` (a SemEval-2020 technique), ``score`` (calibrated probability that the
passage uses that technique) and ``attrs``: ``span_score``, ``technique_score``, ``semeval2023``
(the 2023 names of the label) and ``alternatives`` (other likely labels with their scores).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..model import Document, Span
from ..pipeline import BaseComponent
from ..weights import weights_dir
from .detect import detect
from .network import PACKAGE, Shipped, load_model
from .shared import document_pass

__all__ = ["Techniques", "technique_spans", "weights_fingerprint"]


def technique_spans(doc: Document, model: Shipped, producer: str = "techniques.v1") -> list[Span]:
    """The technique spans of a document (a pure function of its text and the model), read from
    the shared document pass (:mod:`presslens.techniques.shared`)."""
    encoded = document_pass(doc.id, doc.text, model)
    return [
        doc.span(d.start, d.end, d.label, score=d.score, attrs=d.attrs(), producer=producer)
        for d in detect(doc.text, model, encoded=encoded)
    ]


def weights_fingerprint(folder: Path | None = None) -> str:
    """A short hash of the technique weights in ``folder`` (default: the shipped ones)."""
    return _fingerprint(folder or weights_dir(PACKAGE))


def _fingerprint(folder: Path) -> str:
    digest = hashlib.sha256()
    for name in ("techniques.npz", "techniques.json"):
        path = folder / name
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


class Techniques(BaseComponent):
    """Persuasion techniques at span level (fine-tuned MiniLM tagger and span classifier)."""

    name = "techniques"
    version = "1"
    assigns = ("techniques",)
    skip_containers = True  # a compilation post: its articles carry the layer
    english_only = True

    def __init__(self, weights: str | Path | None = None) -> None:
        """``weights`` is a folder with ``techniques.npz``/``.json`` (default: the shipped one)."""
        self.folder = Path(weights) if weights else weights_dir(PACKAGE)
        self.fingerprint = _fingerprint(self.folder)
        self._model: Shipped | None = None

    @property
    def model(self) -> Shipped:
        if self._model is None:
            self._model = load_model(str(self.folder))
        return self._model

    def annotate(self, doc: Document) -> Document:
        return doc.with_layer("techniques", technique_spans(doc, self.model, self.producer))
