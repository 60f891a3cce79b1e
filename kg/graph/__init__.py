"""The graph side: facts to quads, the vocabulary, the store, derived graphs, control and queries.
It knows nothing of spaCy; it reads the extractor's work as the plain values of kg/facts.py."""
