"""Corpus views: what only many documents together show, computed over the whole store.

Each view is a function of the analysed documents that returns one ``corpus.json`` key;
:data:`.views.CORPUS_VIEWS` lists them with the layer each needs, in output order, and
:func:`.views.corpus_analysis` runs them:

- :mod:`.reuse` (with :mod:`.align`): passages reused across sources (``reused_passages``);
- :mod:`.actors`: who is mentioned and who is quoted, per source (``actors``, ``speakers``,
  ``quoted_by``);
- :mod:`.digest`: the event's most central statements across sources (``digest``);
- :mod:`.graphs`: per-source actor graphs from the events, compared across sources
  (``graphs``);
- :mod:`.techniques`: technique profiles per document and source (``technique_profiles``);
- :mod:`.claims` (with :mod:`.quantities`): claim clusters and contradictions
  (``claim_clusters``);
- :mod:`.stance`: the source x actor stance matrix (``stance_matrix``);
- :mod:`.scope`: which part of the store the views cover (``--since``, ``--until``,
  ``--source``).
"""
