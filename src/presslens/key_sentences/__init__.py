"""The ``key_sentences`` layer: each article's most central sentences (quotes, claims weigh more).

A layer's package holds its pipeline component, as every layer of presslens does:

- :mod:`.component`: the ``key_sentences`` component (registered in :mod:`presslens.factories`);
- :mod:`.centrality`: the ranking (continuous LexRank), shared with the corpus digest.

The sentence vectors come from :func:`presslens.encoder.embed_sentences`; the digest of the event
across sources is a corpus view, :mod:`presslens.corpus.digest`.
"""
