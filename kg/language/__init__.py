"""The language side: the spaCy pipeline and the extraction rules. It knows nothing of RDF;
what it finds it hands over as the plain values of kg/facts.py."""
