"""The ``claims`` layer: how check-worthy each sentence is (CheckThat! 2024).

A layer's package holds its pipeline component, its model and its training, as every layer of
presslens does (what the sentence-level layers share lives in :mod:`presslens.heads`):

- :mod:`.component`: the ``claims`` component (registered in :mod:`presslens.factories`);
- :mod:`.network`: the model, all-MiniLM-L6-v2 with its top layers fine-tuned, and the score
  (its probability plus a bonus for a stated quantity);
- :mod:`.train`: ``presslens train claims`` and ``presslens eval claims``;
- ``weights/``: the shipped model (``claims_net.npz``, ``claims_net.json``).

Claims across sources (clusters, contradictions) are a corpus view:
:mod:`presslens.corpus.claims`. See ``docs/heads.md``.
"""
