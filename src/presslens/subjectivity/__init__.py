"""The ``subjectivity`` layer: each sentence subjective or objective (CheckThat! 2025).

A layer's package holds its pipeline component and its weights, as every layer of presslens
does. Its model is a small head over the encoder pass the techniques layer makes; the runtime and
the trainer of such heads (:mod:`presslens.heads.head`, :mod:`presslens.heads.train`, the
configuration under ``"subjectivity"``) serve the claims and stance baselines too, so they live
in :mod:`presslens.heads`:

- :mod:`.component`: the ``subjectivity`` component (registered in :mod:`presslens.factories`);
- ``weights/``: the shipped head (``subjectivity.npz``, ``subjectivity.json``), trained by
  ``presslens train subjectivity``.

See ``docs/heads.md``.
"""
