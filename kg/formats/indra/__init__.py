"""INDRA statement JSON: import into a self-contained mechkg project folder, and export.

Import (:func:`import_indra`) reads a list of INDRA statements and turns every evidence object
into one evidence record of a seed file whose asserting "document" is the JSON file itself: the
record points back into it by file name, sha256 and the character span of that evidence object,
so no text of the input is copied. The paper an evidence cites (``pmid``, ``text_refs``) becomes
a reference entry graded by :func:`kg.classify.classify`. Agents are grounded from ``db_refs``
(INDRA namespaces mapped in :data:`kg.vocab.iris.INDRA_NAMESPACES`); new groundings become entity
records. Nothing is dropped silently: unknown statement types, ungrounded agents and uncited
evidence are counted in the summary and reported as warnings.

Export (:func:`to_indra_json`) writes one statement per claim whose predicate INDRA can express
(:data:`kg.vocab.iris.PREDICATE_INDRA`), one evidence per evidence record, with ``source_api``
``"mechkg"``, epistemics for hedged and negated records, and our grades in ``annotations``.

The import lives in :mod:`~kg.formats.indra.spans` (the JSON read with its spans),
:mod:`~kg.formats.indra.importer` (statements to records) and :mod:`~kg.formats.indra.project`
(the project folder's files); the export in :mod:`~kg.formats.indra.export`.
"""

from __future__ import annotations

from kg.formats.indra.export import (
    ANNOTATION_KEY,
    SOURCE_API,
    claim_statement,
    indra_files,
    indra_statements,
    to_indra_json,
)
from kg.formats.indra.grades import TEXT_REF_PREFIXES
from kg.formats.indra.project import IndraImport, import_indra, write_import
from kg.formats.indra.spans import RawStatement, read_statements
from kg.formats.indra.summary import ImportSummary

__all__ = [
    "ANNOTATION_KEY",
    "SOURCE_API",
    "TEXT_REF_PREFIXES",
    "ImportSummary",
    "IndraImport",
    "RawStatement",
    "claim_statement",
    "import_indra",
    "indra_files",
    "indra_statements",
    "read_statements",
    "to_indra_json",
    "write_import",
]
