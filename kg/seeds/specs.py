"""The field specs of the seeds format: every record's keys, which are required, and their parsers.

A spec maps each key of a record (entity, context, document, reference, claim) to whether it is
required and the parser of its value; a parser returns the value read or raises ValueError with
the message :mod:`kg.seeds.load` reports as ``file:line: key: message``. The records
:mod:`kg.seeds.writer` writes use these keys in this order.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar

from kg.model import Direction, EntityType, EvidenceLevel, IdSource, LevelBasis, Predicate, SourceType, System
from kg.seeds.yamlio import show
from kg.vocab.iris import CURIE_PATTERNS, REFERENCE_ID_PATTERNS

__all__ = [
    "CLAIM_SPEC",
    "CONTEXT_SPEC",
    "DOCUMENT_SPEC",
    "ENTITY_SPEC",
    "LOCAL_ID",
    "REFERENCE_SPEC",
    "E",
    "Parser",
    "Spec",
]

E = TypeVar("E", bound=StrEnum)
Parser = Callable[[Any], Any]

_CURIE = re.compile(r"^([A-Za-z][A-Za-z0-9.]*):(.+)$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
#: Ids that become part of IRIs and file names (claim ids, context ids, document keys).
LOCAL_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")
#: Characters an IRI may not hold; a CURIE whose local part has one cannot be expanded.
_NOT_IN_IRI = re.compile(r'[\s<>"{}|\\^`]')


# --- value parsers: each returns the parsed value or raises ValueError with a message -------


def _text(value: Any) -> str:
    """Text, stripped, line breaks as LF, normalised to NFC; other control characters refused."""
    if isinstance(value, bool) or value is None:
        raise ValueError(f"expected text, got {value!r}")
    if isinstance(value, (int, float)):
        return str(value)
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {type(value).__name__}")
    bad = _BAD_CHAR.search(value)
    if bad:
        raise ValueError(f"text contains the control character U+{ord(bad.group()):04X}; remove it")
    # one kind of line break: a lone CR would end a TSV row and turns into LF in XML (GraphML)
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", value.strip())


#: Control characters other than tab, newline and CR, lone surrogates and the noncharacters
#: U+FFFE and U+FFFF: none can be typed on purpose and several cannot be written as XML.
_BAD_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _nonempty(value: Any) -> str:
    text = _text(value)
    if not text:
        raise ValueError("must not be empty")
    return text


def _enum(kind: type[E], what: str) -> Parser:
    def parse(value: Any) -> E:
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(m.value for m in kind)
            raise ValueError(f"unknown {what} {show(value)} (expected one of: {allowed})") from None

    return parse


def _curie(value: Any) -> str:
    text = _nonempty(value)
    match = _CURIE.match(text)
    if not match or match.group(1) not in CURIE_PATTERNS:
        allowed = ", ".join(sorted(CURIE_PATTERNS))
        raise ValueError(f"{show(text)} is not a CURIE with a known prefix (expected one of: {allowed})")
    prefix, local = match.groups()
    if not re.fullmatch(CURIE_PATTERNS[prefix], local):
        raise ValueError(f"{show(text)}: local id does not match the {prefix} pattern")
    if _NOT_IN_IRI.search(local):
        raise ValueError(f"{show(text)}: local id holds a character that an IRI cannot hold")
    return text


def _xref(value: Any) -> str:
    """A cross-reference: a CURIE when its prefix is known (checked), else free text."""
    text = _nonempty(value)
    match = _CURIE.match(text)
    return _curie(text) if match and match.group(1) in CURIE_PATTERNS else text


def _local_id(value: Any) -> str:
    """An id that becomes part of IRIs: letters, digits, ``_``, ``.``, ``-`` (first a letter or digit)."""
    text = _nonempty(value)
    if not LOCAL_ID.fullmatch(text):
        raise ValueError(f"id {show(text)} may hold only letters, digits, '_', '.' and '-' (first a letter or digit)")
    return text


def _file_name(value: Any) -> str:
    """A bare file name inside the documents folder (no folder part)."""
    text = _nonempty(value)
    if "/" in text or "\\" in text or text in (".", ".."):
        raise ValueError(f"{show(text)} must be a bare file name inside the documents folder")
    return text


def _reference_id(value: Any) -> str:
    text = _nonempty(value)
    prefix, sep, local = text.partition(":")
    if not sep or prefix not in REFERENCE_ID_PATTERNS:
        allowed = ", ".join(sorted(REFERENCE_ID_PATTERNS))
        raise ValueError(f"reference id {show(text)} has no known prefix (expected one of: {allowed})")
    if not re.fullmatch(REFERENCE_ID_PATTERNS[prefix], local):
        raise ValueError(f"reference id {show(text)} does not match the {prefix} pattern")
    return text


def _list_of(item: Parser) -> Parser:
    def parse(value: Any) -> tuple[Any, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise ValueError(f"expected a list, got {type(value).__name__}")
        return tuple(item(v) for v in value)

    return parse


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {show(value)}")
    return value


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, got {show(value)}")
    return value


def _fraction(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ValueError(f"expected a number from 0 to 1, got {show(value)}")
    # four decimals: finer grades mean nothing, and Python writes numbers below 1e-4 with an
    # exponent, which is not a valid xsd:decimal in the RDF exports
    return round(float(value), 4)


def _sha256(value: Any) -> str:
    text = _nonempty(value).lower()
    if not _SHA256.match(text):
        raise ValueError(f"{show(text)} is not a sha256 hex digest")
    return text


def _span(value: Any) -> tuple[int, int]:
    if not isinstance(value, list) or len(value) != 2:
        raise ValueError(f"span must be [start, end], got {show(value)}")
    start, end = (_int(v) for v in value)
    if not 0 <= start < end:
        raise ValueError(f"span [{start}, {end}] must satisfy 0 <= start < end")
    return start, end


def _optional_text(value: Any) -> str:
    return "" if value is None else _text(value)


# --- record schemas: key -> (required, parser) ----------------------------------------------

Spec = dict[str, tuple[bool, Parser]]

ENTITY_SPEC: Spec = {
    "id": (True, _curie),
    "label": (True, _nonempty),
    "type": (True, _enum(EntityType, "entity type")),
    "synonyms": (False, _list_of(_nonempty)),
    "xrefs": (False, _list_of(_xref)),
    "id_source": (False, _enum(IdSource, "id source")),
    "note": (False, _optional_text),
}

CONTEXT_SPEC: Spec = {
    "id": (True, _local_id),
    "label": (True, _nonempty),
    "system": (False, _enum(System, "experimental system")),
    "species": (False, _curie),
    "model": (False, _optional_text),
    "disease": (False, _curie),
}

DOCUMENT_SPEC: Spec = {
    "file": (True, _file_name),
    "sha256": (True, _sha256),
    "length": (True, _int),
    "label": (True, _nonempty),
    "source_type": (True, _enum(SourceType, "source type")),
    "compound": (True, _curie),
    "compound_as_written": (True, _nonempty),
    "publisher": (False, _optional_text),
    "host": (False, _optional_text),
    "date": (False, _optional_text),
    "references_numbered": (False, _bool),
    "note": (False, _optional_text),
}

REFERENCE_SPEC: Spec = {
    "n": (True, _int),
    "title": (False, _optional_text),
    "host": (False, _optional_text),
    "ids": (False, _list_of(_reference_id)),
    "url": (False, _optional_text),
    "source_type": (True, _enum(SourceType, "source type")),
    "level": (True, _enum(EvidenceLevel, "evidence level")),
    "basis": (True, _enum(LevelBasis, "level basis")),
    "about": (False, _list_of(_curie)),
    "note": (False, _optional_text),
}

CLAIM_SPEC: Spec = {
    "id": (True, _local_id),
    "subject": (True, _curie),
    "predicate": (True, _enum(Predicate, "predicate")),
    "object": (True, _curie),
    "context": (True, _nonempty),
    "direction": (False, _enum(Direction, "direction")),
    "hedged": (False, _bool),
    "cites": (True, _list_of(_int)),
    "span": (True, _span),
    "quantity": (False, _optional_text),
    "as_written": (False, _optional_text),
    "note": (False, _optional_text),
    "extracted": (False, _bool),
    "confidence": (False, lambda v: _fraction(v)),
}
