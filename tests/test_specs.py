"""The field specs: required keys, and each parser's value or ValueError message."""

from __future__ import annotations

import re

import pytest

from kg.model import Direction, EntityType, Predicate
from kg.seeds.specs import CLAIM_SPEC, CONTEXT_SPEC, DOCUMENT_SPEC, ENTITY_SPEC, LOCAL_ID, REFERENCE_SPEC


def _parse(spec: dict, key: str, value: object) -> object:
    return spec[key][1](value)


def test_required_keys() -> None:
    required = {
        name: sorted(k for k, (req, _) in spec.items() if req)
        for name, spec in {
            "entity": ENTITY_SPEC,
            "context": CONTEXT_SPEC,
            "document": DOCUMENT_SPEC,
            "reference": REFERENCE_SPEC,
            "claim": CLAIM_SPEC,
        }.items()
    }
    assert required["entity"] == ["id", "label", "type"]
    assert required["context"] == ["id", "label"]
    assert required["claim"] == ["cites", "context", "id", "object", "predicate", "span", "subject"]
    assert "sha256" in required["document"] and "level" in required["reference"]


def test_parsers_read_good_values() -> None:
    assert _parse(ENTITY_SPEC, "id", "HGNC:11892") == "HGNC:11892"
    assert _parse(ENTITY_SPEC, "type", "protein") is EntityType.PROTEIN
    assert _parse(ENTITY_SPEC, "label", "  caf\u0065\u0301 \r\n") == "caf\u00e9"
    assert _parse(CLAIM_SPEC, "predicate", "activates") is Predicate.ACTIVATES
    assert _parse(CLAIM_SPEC, "direction", "no_effect") is Direction.NO_EFFECT
    assert _parse(CLAIM_SPEC, "span", [3, 9]) == (3, 9)
    assert _parse(CLAIM_SPEC, "cites", None) == ()
    assert _parse(CLAIM_SPEC, "confidence", 0.123456) == 0.1235
    assert _parse(DOCUMENT_SPEC, "sha256", "AB" * 32) == "ab" * 32
    assert LOCAL_ID.fullmatch("doc-1_a.b") and not LOCAL_ID.fullmatch("-doc")


@pytest.mark.parametrize(
    ("spec", "key", "value", "message"),
    [
        (ENTITY_SPEC, "id", "FOO:1", "is not a CURIE with a known prefix"),
        (ENTITY_SPEC, "type", "gene", "unknown entity type 'gene' (expected one of:"),
        (ENTITY_SPEC, "label", "a\x07b", "control character U+0007"),
        (CLAIM_SPEC, "span", [5, 5], "must satisfy 0 <= start < end"),
        (CLAIM_SPEC, "hedged", "yes", "expected true or false"),
        (CLAIM_SPEC, "confidence", 2, "expected a number from 0 to 1"),
        (CONTEXT_SPEC, "id", "a b", "may hold only letters, digits"),
        (DOCUMENT_SPEC, "file", "../x.txt", "must be a bare file name"),
        (REFERENCE_SPEC, "ids", ["XYZ:1"], "has no known prefix"),
    ],
)
def test_parsers_refuse_bad_values(spec: dict, key: str, value: object, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        _parse(spec, key, value)
