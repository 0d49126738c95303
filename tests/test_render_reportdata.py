"""The report's data (:mod:`kg.render.reportdata`): reference links and JSON safe in a script element."""

from __future__ import annotations

import json

from kg.model import EvidenceLevel, LevelBasis, Reference, SourceType
from kg.render.reportdata import identifier_links, json_for_script


def _ref(ids: tuple[str, ...] = (), url: str = "") -> Reference:
    return Reference(
        "doc", 1, SourceType.PRIMARY_RESEARCH, EvidenceLevel.HUMAN_CLINICAL_RCT, LevelBasis.TITLE, ids=ids, url=url
    )


def test_identifiers_become_links_and_only_web_urls_are_kept() -> None:
    ref = _ref(("PMID:123", "doi:10.1/a b", "nct:NCT01", "isbn:9", "pmid:"), "https://Example.org/x")
    assert identifier_links(ref) == [
        ("PubMed", "https://pubmed.ncbi.nlm.nih.gov/123/"),
        ("DOI", "https://doi.org/10.1/a%20b"),
        ("ClinicalTrials.gov", "https://clinicaltrials.gov/study/NCT01"),
        ("example.org", "https://Example.org/x"),
    ]
    assert identifier_links(_ref(url="javascript:alert(1)")) == []
    assert identifier_links(_ref(url=" https://example.org/")) == []


def test_json_for_script_cannot_close_the_script() -> None:
    data = {"b": "</script><!-- & \u2028", "a": 1}
    text = json_for_script(data)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert text.startswith('{"a":1,')
    assert json.loads(text) == data
