"""What the sentence-level layers (claims, subjectivity, stance) share: sentences, passes, training.

Every layer of presslens lives in the package named after it, its pipeline component in
``component.py``, its model and its training beside it: :mod:`presslens.claims`,
:mod:`presslens.subjectivity`, :mod:`presslens.stance` (as :mod:`presslens.actors`,
:mod:`presslens.quotes`, :mod:`presslens.events` and :mod:`presslens.techniques`). Their
models and weights differ, but the three read the same sentences and are trained and scored the
same way, so what they share lives here, once, rather than in one of them:

- :mod:`.features`: which sentences the heads read (:func:`~.features.head_sentences`: in a
  compilation post only its notes) and the encoder pass they share with the techniques layer,
  pooled per sentence (:func:`~.features.sentence_encoding`; for training
  :func:`~.features.cached_encode`);
- :mod:`.head`: the small numpy heads over that pass (:class:`~.head.Head`): the subjectivity
  layer's model, and the claims and stance baselines the fine-tuned models replaced;
- :mod:`.train`: training and scoring those heads (``presslens train subjectivity``, ``train
  claims|stance --baseline``); :mod:`.surface`: the surface features a head may read;
- :mod:`.finetune`: the loop that fine-tunes MiniLM for one task (the claims and stance models);
- :mod:`.data`: readers of CheckThat! 2024 and 2025 and NewsMTSC;
- :mod:`.bench`: ``presslens bench heads``, what the three layers cost.

Data, licences, scores and the commands that reproduce them: ``docs/heads.md``.
"""
