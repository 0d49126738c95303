"""The seeds layer: the seed and ontology files read, validated, assembled and written.

:mod:`~kg.seeds.yamlio` reads YAML keeping each value's line, :mod:`~kg.seeds.specs` holds each
record's keys and value parsers, :mod:`~kg.seeds.load` validates the records into a
:class:`~kg.model.KnowledgeBase`, :mod:`~kg.seeds.assemble` merges evidence into claims and groups
references into works, :mod:`~kg.seeds.documents` reads spans from the source documents after
their sha256 check, :mod:`~kg.seeds.writer` is the one writer of the format,
:mod:`~kg.seeds.synth` writes synthetic seeds and :mod:`~kg.seeds.cache` keeps parsed files by
content. ``kg.load_knowledge_base`` is the public entry point.
"""

__all__: list[str] = []
