"""The vocabulary: standard IRIs for every enum, written criteria, the generated ontology individuals."""

__all__: list[str] = []
