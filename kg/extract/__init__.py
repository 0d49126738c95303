"""Claim extraction: from a parsed document (``kg.read.reader``) to draft seed records.

Owns everything after reading: entity mentions (:mod:`kg.extract.matcher`), predicates from
trigger phrases, subject and object choice, negation and hedging, context cues, reference
grading (through :mod:`kg.classify`), confidence, and writing the records in the ``seeds/``
format with ``extracted: true``. Trigger phrases, aspect words, cue tables and anaphors are data
in ``ontology/extraction/``; the modules of this package hold the rules that apply them. This
module re-exports the public API.
"""

from __future__ import annotations

from kg.extract.document import LARGE_DOCUMENT, extract_document, extract_paths
from kg.extract.extractor import ExtractedClaim, ExtractionResult, Extractor, load_extractor
from kg.extract.page import SUBJECT_LEAD, UNKNOWN_COMPOUND
from kg.extract.records import output_name, render_records, safe_stem, to_records, write_records
from kg.extract.rules import ContextRule, E, Rules, TriggerKind, contexts_of, load_rules
from kg.extract.statement import Subject
from kg.extract.workers import PARALLEL_DOCUMENT, R, T
from kg.seeds.writer import PARALLEL_RECORDS, RECORDS_PER_CHUNK

__all__ = [
    "LARGE_DOCUMENT",
    "PARALLEL_DOCUMENT",
    "PARALLEL_RECORDS",
    "RECORDS_PER_CHUNK",
    "SUBJECT_LEAD",
    "UNKNOWN_COMPOUND",
    "ContextRule",
    "E",
    "ExtractedClaim",
    "ExtractionResult",
    "Extractor",
    "R",
    "Rules",
    "Subject",
    "T",
    "TriggerKind",
    "contexts_of",
    "extract_document",
    "extract_paths",
    "load_extractor",
    "load_rules",
    "output_name",
    "render_records",
    "safe_stem",
    "to_records",
    "write_records",
]
