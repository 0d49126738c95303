"""The RDF view: its triples, their canonical sorted form, SPARQL and SHACL."""

__all__: list[str] = []
