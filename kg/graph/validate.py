"""`frontline validate`: every graph the build wrote against the SHACL shapes, with the
ontology's hierarchy, and the ontology's own consistency under OWL 2 RL."""

from __future__ import annotations

from pyoxigraph import RdfFormat, Store

from kg.graph import vocab as v
from kg.resources import ontology_path


def _as_rdflib(store: Store):
    import rdflib

    data = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } "
                       f"FILTER(!STRSTARTS(STR(?g), \"{v.INFERRED_GRAPH}\")) }}").serialize(format=RdfFormat.N_TRIPLES)
    graph = rdflib.Graph()
    graph.parse(data=data, format="nt")
    return graph


def check(store: Store) -> list[str]:
    import owlrl
    import pyshacl
    import rdflib

    data = _as_rdflib(store)
    shapes = rdflib.Graph().parse(ontology_path("shapes.ttl"), format="turtle")
    ontology = rdflib.Graph().parse(ontology_path("frontline.ttl"), format="turtle")
    problems = []
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs",
                                           advanced=True, allow_warnings=True)
    if not conforms:
        sh = rdflib.Namespace(v.SH)
        for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):
            focus = report.value(result, sh.focusNode)
            path = report.value(result, sh.resultPath)
            message = report.value(result, sh.resultMessage)
            severity = report.value(result, sh.resultSeverity)
            if severity is not None and severity != sh.Violation:
                continue
            problems.append(f"{focus} {path or ''}: {message}")
    closure = rdflib.Graph()
    closure += ontology
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(closure)
    for node in closure.subjects(rdflib.RDF.type, rdflib.OWL.Nothing):
        problems.append(f"{node}: the ontology makes this an instance of owl:Nothing (inconsistent)")
    return sorted(set(problems))
