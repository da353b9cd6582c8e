"""The ``stance`` layer: the polarity of each sentence toward each actor it names (NewsMTSC).

A layer's package holds its pipeline component, its model and its training, as every layer of
presslens does (what the sentence-level layers share lives in :mod:`presslens.heads`):

- :mod:`.component`: the ``stance`` component (registered in :mod:`presslens.factories`);
- :mod:`.network`: the model, all-MiniLM-L6-v2 fine-tuned on ``target [SEP] sentence`` pairs;
- :mod:`.train`: ``presslens train stance`` and ``presslens eval stance`` (with the name
  sensitivity check); :mod:`.augment`: the name swaps it uses;
- ``weights/``: the shipped model (``stance_net.npz``, ``stance_net.json``) and the baseline
  head on the shared pass (``stance.npz``, ``stance.json``; ``--baseline``).

The source x actor stance matrix is a corpus view: :mod:`presslens.corpus.stance`. See
``docs/heads.md``.
"""
