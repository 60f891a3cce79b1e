"""The RDF formats the project reads and writes, in one registry.

`frontline dump --format`, the /dump.EXT files, the Graph Store's /store and the CONSTRUCT
answers of /sparql all take their names, media types and extensions from here, so that they
cannot disagree. pyoxigraph's RdfFormat already knows each format's media type, file extension
and whether it holds named graphs; this adds the short name people type and the other media
types clients send for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import RdfFormat


@dataclass(frozen=True)
class NamedFormat:
    name: str  # what `frontline dump --format` takes
    rdf: RdfFormat
    names: tuple[str, ...] = ()  # other short names for it
    aliases: tuple[str, ...] = ()  # other media types clients send for it

    @property
    def media_type(self) -> str:
        return self.rdf.media_type

    @property
    def extension(self) -> str:
        return self.rdf.file_extension

    @property
    def datasets(self) -> bool:
        """Whether it keeps named graphs (TriG, N-Quads, JSON-LD) or only triples."""
        return self.rdf.supports_datasets


# The first is the default where a client says nothing.
RDF_FORMATS: tuple[NamedFormat, ...] = (
    NamedFormat("turtle", RdfFormat.TURTLE, ("ttl",), ("application/x-turtle", "application/turtle")),
    NamedFormat("ntriples", RdfFormat.N_TRIPLES, ("nt",)),
    NamedFormat("nquads", RdfFormat.N_QUADS, ("nq",)),
    NamedFormat("trig", RdfFormat.TRIG),
    NamedFormat("rdfxml", RdfFormat.RDF_XML, ("rdf",)),
    NamedFormat("jsonld", RdfFormat.JSON_LD, ("json-ld",), ("application/json",)),
)


def by_name(name: str) -> NamedFormat:
    """The format a name or short name stands for; a ValueError naming the choices otherwise."""
    wanted = name.strip().lower()
    for fmt in RDF_FORMATS:
        if wanted == fmt.name or wanted in fmt.names:
            return fmt
    raise ValueError(f"no RDF format is called {name!r}; there are " + ", ".join(f.name for f in RDF_FORMATS))
