from __future__ import annotations

import pytest

from kg.errors import UnknownEntityError
from kg.graph import CLAIM_ID, LEVELS, SUPPORT, split, to_networkx
from kg.model import KnowledgeBase, SupportClass
from kg.query import downstream, paths, resolve_entity, upstream


def test_graph_has_one_edge_per_claim(kb: KnowledgeBase) -> None:
    g = to_networkx(kb)
    assert g.number_of_edges() == len(kb.claims)
    for claim in kb.claims:
        data = g.edges[claim.subject, claim.object, claim.id]
        assert data[CLAIM_ID] == claim.id
        assert data[SUPPORT] == claim.support.value
        assert split(data[LEVELS]) == [lv.value for lv in claim.levels]


def test_path_reports_weakest_link(kb: KnowledgeBase) -> None:
    # widgetol -activates-> PI3K/Akt pathway is vendor-only; PI3K -> AKT is uncited; no chain joins
    g = to_networkx(kb)
    assert paths(g, "mechkg:widgetol", "FPLX:AKT") == []
    (only,) = paths(g, "FPLX:PI3K", "FPLX:AKT")
    assert only.weakest is SupportClass.UNCITED


def test_chain_weakest_link_over_two_steps(seeds_kb: KnowledgeBase) -> None:
    g = to_networkx(seeds_kb)
    found = paths(g, "HGNC:10848", "mechkg:GLI", max_length=3)
    assert found, "the seeds state SHH -> PTCH1/SMO -> GLI steps"
    for path in found:
        assert path.weakest.rank == max(s.rank for s in path.supports)
        assert path.nodes[0] == "HGNC:10848"
        assert path.nodes[-1] == "mechkg:GLI"
    ranks = [p.weakest.rank for p in found]
    assert ranks == sorted(ranks)


def test_upstream_and_downstream(kb: KnowledgeBase) -> None:
    g = to_networkx(kb)
    assert downstream(g, "mechkg:widgetol") == {"HGNC:1033", "GO:0043491", "GO:0051402"}
    assert upstream(g, "FPLX:AKT") == {"FPLX:PI3K"}
    assert downstream(g, "mechkg:widgetol", depth=0) == set()


def test_resolve_entity_by_label_synonym_and_suggestion(kb: KnowledgeBase) -> None:
    assert resolve_entity(kb, "Akt") == "FPLX:AKT"
    assert resolve_entity(kb, "bdnf") == "HGNC:1033"
    with pytest.raises(UnknownEntityError, match="did you mean"):
        resolve_entity(kb, "Widgetoll")
