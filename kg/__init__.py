"""Frontline KG: war reporting in, a knowledge graph with provenance out."""

__version__ = "0.1.0"
