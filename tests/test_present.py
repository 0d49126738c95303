"""kg.render.present: claims, findings and chains as JSON, TSV and readable text, on inputs written here."""

from __future__ import annotations

import json

from kg.model import (
    Claim,
    Direction,
    Entity,
    EntityType,
    Evidence,
    EvidenceLevel,
    Finding,
    FindingCategory,
    KnowledgeBase,
    LevelBasis,
    Locator,
    Predicate,
    Reference,
    Severity,
    SourceType,
    SupportClass,
)
from kg.query import Path as ChainPath
from kg.render.present import (
    as_json,
    as_table,
    findings_summary,
    findings_text,
    paths_text,
    reference_links,
    rows_text,
    summary,
)

REF = Reference(
    "doc",
    1,
    SourceType.PRIMARY_RESEARCH,
    EvidenceLevel.ANIMAL,
    LevelBasis.TITLE,
    "Rats given widgetol",
    ids=("PMID:123", "doi:10.1/x", "NCT:NCT00000001"),
    url="https://example.org/paper",
)
LOC = Locator("doc.txt", "0" * 64, 5, 9)


def _kb() -> KnowledgeBase:
    entities = {
        "c:1": Entity("c:1", "Widgetol", EntityType.COMPOUND),
        "p:1": Entity("p:1", "Widgetase", EntityType.PROTEIN),
    }
    ev = Evidence("e1", "doc", LOC, (REF,), hedged=True)
    claim = Claim("c:1", Predicate.ACTIVATES, "p:1", "ctx", Direction.SUPPORTS, (ev,), ("w1",), (EvidenceLevel.ANIMAL,))
    return KnowledgeBase(entities, {}, {}, (REF,), (claim,), works={"doc#1": "w1"})


def test_reference_links_resolve_pubmed_and_doi_then_its_url() -> None:
    assert reference_links(REF) == [
        "https://pubmed.ncbi.nlm.nih.gov/123/",
        "https://doi.org/10.1/x",
        "https://example.org/paper",
    ]


def test_claims_as_json_and_table() -> None:
    kb = _kb()
    [record] = json.loads(as_json(kb, kb.claims))
    assert record["subject"] == {"id": "c:1", "label": "Widgetol"}
    assert record["support"] == kb.claims[0].support.value
    assert record["evidence"][0]["span"] == [5, 9] and "text" not in record["evidence"][0]
    assert record["references"][0]["work"] == "w1"
    table = as_table(kb, kb.claims)
    assert f"{kb.claims[0].id}  Widgetol --activates--> Widgetase  (ctx)" in table
    assert "[animal] Rats given widgetol  <doc#1>" in table
    assert "asserted by doc (doc.txt:5-9, cites 1, hedged)" in table


def test_summary_counts() -> None:
    text = summary(_kb())
    assert text.startswith("0 documents, 1 references (1 distinct works), 1 evidence records, 1 claims\n")
    assert f"{_kb().claims[0].support.value} 1" in text


def test_findings_in_each_format() -> None:
    finding = Finding(FindingCategory.UNCITED_CLAIMS, Severity.INFO, "doc cites nothing", ("C1",), (), (LOC,), "doc")
    assert json.loads(findings_text([finding], "json"))[0]["message"] == "doc cites nothing"
    assert findings_text([finding], "json").endswith("]\n")
    tsv = findings_text([finding], "tsv").splitlines()
    assert len(tsv) == 2 and "doc cites nothing" in tsv[1]
    table = findings_text([finding], "table")
    assert "    at doc.txt:5-9" in table
    assert table.endswith(findings_summary([finding]) + "\n")
    assert findings_summary([finding]).startswith("1 findings (")


def test_paths_text_names_the_weakest_link_or_says_none() -> None:
    kb = _kb()
    chain = ChainPath(("c:1", "p:1"), ("C1",), (SupportClass.VENDOR_ONLY,))
    assert (
        paths_text(kb, [chain], "c:1", "p:1", 3) == "[weakest: vendor_only] Widgetol -> Widgetase\n    C1:vendor_only\n"
    )
    assert paths_text(kb, [], "c:1", "p:1", 3) == "no chain of at most 3 supporting claims from c:1 to p:1\n"


def test_rows_text() -> None:
    assert rows_text(["a", "b"], [("1", None)], "tsv") == "a\tb\n1\t\n"
    assert rows_text(["a"], [("x",)], "table") == "a\nx\n"
    assert json.loads(rows_text(["a"], [("x",)], "json")) == [{"a": "x"}]


def test_built_text_and_weak_support_text_say_what_kg_build_prints() -> None:
    from pathlib import Path
    from types import SimpleNamespace

    from kg.model import KnowledgeBase
    from kg.render.present import built_text, weak_support_text

    kb = KnowledgeBase({}, {}, {}, (), ())
    text = built_text(kb, [], [Path("a.ttl"), Path("b.nt")], SimpleNamespace(triples=12, seconds=1.5), "in memory")
    assert text.endswith("wrote a.ttl, b.nt\nstore: 12 triples in memory (1.5 s)\n")
    assert "audit: " in text
    assert weak_support_text(kb).startswith(
        "\nClaims resting only on preclinical or vendor sources (or on nothing): 0 of 0\n\n"
    )
