"""Hypothesis strategies shared by the property-based tests: random valid projects and seeds.

A *project* here is what :func:`kg.seeds.load.load_knowledge_base` reads: entity and context files, one
or more seed files and the test document they point into. Every value is drawn from the closed
vocabularies or from free text (any Unicode but surrogates and control characters other than tab
and newline), so a drawn project is valid by construction and the loader must accept it. The
expected claims are computed here from the drawn records, independently of the loader.
"""

from __future__ import annotations

import hashlib
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from kg.model import (
    Direction,
    EntityType,
    EvidenceLevel,
    IdSource,
    LevelBasis,
    Predicate,
    SourceType,
    System,
    claim_id,
    support_class,
)

from .conftest import CONTEXTS, DOC_TEXT, ENTITIES, ROOT

DOC_FILE = "widgetol.txt"
DOC_SHA = hashlib.sha256(DOC_TEXT.encode("utf-8")).hexdigest()

#: The entity and context ids of the hand-written test ontology (conftest ENTITIES, CONTEXTS).
ENTITY_IDS = ("mechkg:widgetol", "HGNC:1033", "FPLX:PI3K", "FPLX:AKT", "GO:0043491", "GO:0051402")
CONTEXT_IDS = ("unspecified", "rat-stroke", "stroke-patients")

#: Text the loader accepts: no control characters but tab, LF and CR, no lone surrogates, and not the
#: noncharacters U+FFFE and U+FFFF (kg.seeds.load refuses those).
_CHARS = st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff") | st.sampled_from("\t\n\r")
#: Free text as a curator could type it (NFD forms, emoji, RTL marks, markup-like text).
TEXT = st.one_of(
    st.text(_CHARS, max_size=24),
    st.sampled_from(["NF-\u03baB", "Cafe\u0301", "<script>alert(1)</script>", "\"q\" & 'a' | {b}", "x\ty", "a\nb"]),
)
NONEMPTY = TEXT.filter(lambda s: bool(s.strip()))
_ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
#: Ids that may go into IRIs: [A-Za-z0-9][A-Za-z0-9_.-]*
LOCAL_ID = st.builds(lambda a, b: a + b, st.sampled_from(_ALNUM), st.text(_ALNUM + "_.-", max_size=11))
REF_ID = st.one_of(
    st.integers(1, 10**9).map(lambda n: f"PMID:{n}"),
    st.integers(1, 10**8).map(lambda n: f"PMCID:PMC{n}"),
    st.integers(10**5, 10**6 - 1).map(lambda n: f"cochrane:CD{n}"),
    st.integers(0, 10**8 - 1).map(lambda n: f"NCT:NCT{n:08d}"),
    st.tuples(st.integers(1000, 99999), LOCAL_ID).map(lambda t: f"doi:10.{t[0]}/{t[1]}"),
)


def clean(text: str) -> str:
    """What the loader makes of free text: stripped, line breaks as LF, NFC."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n").strip())


def _values(kind: Any) -> st.SearchStrategy[str]:
    return st.sampled_from([m.value for m in kind])


@st.composite
def seed_records(
    draw: st.DrawFn,
    entity_ids: tuple[str, ...] = ENTITY_IDS,
    context_ids: tuple[str, ...] = CONTEXT_IDS,
    id_prefix: str = "",
) -> dict[str, Any]:
    """One valid seed file (document, references, claims) as plain data."""
    document: dict[str, Any] = {
        "file": DOC_FILE,
        "sha256": DOC_SHA,
        "length": len(DOC_TEXT),
        "label": draw(NONEMPTY),
        "source_type": draw(_values(SourceType)),
        "compound": draw(st.sampled_from(entity_ids)),
        "compound_as_written": draw(NONEMPTY),
    }
    for key in ("publisher", "host", "date", "note"):
        if draw(st.booleans()):
            document[key] = draw(TEXT)
    if draw(st.booleans()):
        document["references_numbered"] = draw(st.booleans())
    numbers = draw(st.lists(st.integers(1, 60), unique=True, max_size=5))
    references = []
    for n in numbers:
        basis = draw(_values(LevelBasis))
        ref: dict[str, Any] = {
            "n": n,
            "source_type": draw(_values(SourceType)),
            "level": draw(_values(EvidenceLevel)),
            "basis": basis,
        }
        for key in ("title", "host", "url"):
            if draw(st.booleans()):
                ref[key] = draw(TEXT)
        if draw(st.booleans()):
            ref["ids"] = draw(st.lists(REF_ID, max_size=3))
        if draw(st.booleans()):
            ref["about"] = draw(st.lists(st.sampled_from(entity_ids), max_size=2))
        if basis in ("curator_knowledge", "citing_context"):
            ref["note"] = draw(NONEMPTY)
        elif draw(st.booleans()):
            ref["note"] = draw(TEXT)
        references.append(ref)
    claims = []
    ids = draw(st.lists(LOCAL_ID, unique=True, max_size=6))
    for cid in ids:
        start = draw(st.integers(0, len(DOC_TEXT) - 1))
        end = draw(st.integers(start + 1, len(DOC_TEXT)))
        claim: dict[str, Any] = {
            "id": id_prefix + cid,
            "subject": draw(st.sampled_from(entity_ids)),
            "predicate": draw(_values(Predicate)),
            "object": draw(st.sampled_from(entity_ids)),
            "context": draw(st.sampled_from(context_ids)),
            "cites": draw(st.lists(st.sampled_from(numbers), unique=True)) if numbers else [],
            "span": [start, end],
        }
        if draw(st.booleans()):
            claim["direction"] = draw(_values(Direction))
        if draw(st.booleans()):
            claim["hedged"] = draw(st.booleans())
        for key in ("quantity", "as_written", "note"):
            if draw(st.booleans()):
                claim[key] = draw(TEXT)
        if draw(st.booleans()):
            claim["extracted"] = True
            claim["confidence"] = draw(st.floats(0, 1))
        claims.append(claim)
    return {"document": document, "references": references, "claims": claims}


@st.composite
def entity_records(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Random entities with free-text labels and synonyms (ids unique, ``mechkg:`` prefix)."""
    locals_ = draw(st.lists(LOCAL_ID, unique_by=str.lower, min_size=1, max_size=6))
    out = []
    for local in locals_:
        # a name ends with the entity's own id, so no two entities share a name (the loader refuses that)
        rec: dict[str, Any] = {
            "id": f"mechkg:{local}",
            "label": f"{draw(NONEMPTY)} {local}",
            "type": draw(_values(EntityType)),
        }
        if draw(st.booleans()):
            rec["synonyms"] = [f"{s} {local}" for s in draw(st.lists(NONEMPTY, max_size=3))]
        if draw(st.booleans()):
            rec["xrefs"] = draw(
                st.lists(st.sampled_from(["HGNC:1033", "UniProtKB:P01375", "free text xref"]), max_size=2)
            )
        if draw(st.booleans()):
            rec["id_source"] = draw(_values(IdSource))
        out.append(rec)
    return out


@st.composite
def context_records(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Random contexts with safe ids and free-text labels."""
    ids = draw(st.lists(LOCAL_ID, unique=True, min_size=1, max_size=4))
    out = []
    for cid in ids:
        rec: dict[str, Any] = {"id": cid, "label": draw(NONEMPTY)}
        if draw(st.booleans()):
            rec["system"] = draw(_values(System))
        if draw(st.booleans()):
            rec["species"] = draw(st.sampled_from(["NCBITaxon:9606", "NCBITaxon:10116"]))
        if draw(st.booleans()):
            rec["model"] = draw(TEXT)
        out.append(rec)
    return out


@dataclass
class Project:
    """A drawn project: entity and context records and seed files (stem -> records)."""

    entities: list[dict[str, Any]]
    contexts: list[dict[str, Any]]
    seeds: dict[str, dict[str, Any]]
    dump_options: dict[str, Any]


@st.composite
def projects(draw: st.DrawFn) -> Project:
    """A whole random project: random entities, contexts and one to three seed files."""
    entities = draw(entity_records())
    contexts = draw(context_records())
    eids = tuple(e["id"] for e in entities)
    cids = tuple(c["id"] for c in contexts)
    n = draw(st.integers(1, 3))
    seeds = {f"doc-{i}": draw(seed_records(eids, cids, id_prefix=f"d{i}-")) for i in range(n)}
    return Project(entities, contexts, seeds, draw(dump_options()))


def dump_options() -> st.SearchStrategy[dict[str, Any]]:
    """Ways a person or a tool could lay out the same YAML."""
    return st.fixed_dictionaries(
        {
            "allow_unicode": st.booleans(),
            "default_flow_style": st.sampled_from([False, None, True]),
            "width": st.sampled_from([40, 80, 4096]),
        }
    )


def dump(data: Any, options: dict[str, Any] | None = None) -> str:
    """YAML text of plain data, in the given layout."""
    return yaml.safe_dump(data, sort_keys=False, **(options or {"allow_unicode": True}))


def base_project(root: Path) -> Path:
    """Write the hand-written test ontology and document (no seed files) under ``root``."""
    for sub in ("ontology/entities", "ontology/contexts", "seeds/documents", "docs"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    (root / "ontology" / "entities" / "test.yaml").write_text(ENTITIES, encoding="utf-8")
    (root / "ontology" / "contexts" / "test.yaml").write_text(CONTEXTS, encoding="utf-8")
    (root / "docs" / DOC_FILE).write_text(DOC_TEXT, encoding="utf-8")
    if not (root / "ontology" / "classifier").exists():
        shutil.copytree(ROOT / "ontology" / "classifier", root / "ontology" / "classifier")
    return root


def write_project(root: Path, project: Project) -> Path:
    """Write a drawn project under ``root`` (replacing the test ontology and seeds)."""
    base_project(root)
    (root / "ontology" / "entities" / "test.yaml").write_text(
        dump(project.entities, project.dump_options), encoding="utf-8"
    )
    (root / "ontology" / "contexts" / "test.yaml").write_text(
        dump(project.contexts, project.dump_options), encoding="utf-8"
    )
    for old in (root / "seeds" / "documents").glob("*.yaml"):
        old.unlink()
    for stem, seed in project.seeds.items():
        (root / "seeds" / "documents" / f"{stem}.yaml").write_text(dump(seed, project.dump_options), encoding="utf-8")
    return root


@dataclass(frozen=True)
class ExpectedClaim:
    """What the loader must make of the drawn records for one claim."""

    id: str
    subject: str
    predicate: str
    object: str
    evidence: tuple[str, ...]
    levels: tuple[str, ...]
    citations: frozenset[str]
    support: str


def expected_claims(seeds: dict[str, dict[str, Any]]) -> dict[str, ExpectedClaim]:
    """The claims the drawn seed files describe, keyed by claim id (computed without kg.seeds.load)."""
    grouped: dict[tuple[str, str, str, str, str], list[tuple[str, list[tuple[str, str]]]]] = {}
    for stem, seed in seeds.items():
        levels = {r["n"]: r["level"] for r in seed["references"]}
        for c in seed["claims"]:
            key = (c["subject"], c["predicate"], c["object"], c["context"], c.get("direction", "supports"))
            cited = [(f"{stem}#{n}", levels[n]) for n in c["cites"]]
            grouped.setdefault(key, []).append((c["id"], cited))
    out = {}
    order = [m.value for m in EvidenceLevel]
    for key, records in grouped.items():
        levels = sorted({lv for _, cited in records for _, lv in cited}, key=order.index)
        cid = claim_id(key)
        out[cid] = ExpectedClaim(
            id=cid,
            subject=key[0],
            predicate=key[1],
            object=key[2],
            evidence=tuple(sorted(ev for ev, _ in records)),
            levels=tuple(levels),
            citations=frozenset(k for _, cited in records for k, _ in cited),
            support=support_class(frozenset(EvidenceLevel(lv) for lv in levels)).value,
        )
    return out


#: The names the test ontology (conftest ENTITIES) gives its entities: labels and synonyms.
ENTITY_NAMES = ("Widgetol", "widgetol", "BDNF", "PI3K", "AKT", "Akt", "PI3K/Akt signalling", "neuron apoptotic process")


def _respell(name: str) -> st.SearchStrategy[str]:
    """The same name as a user may type it: other case, decomposed or compatibility forms."""
    return st.sampled_from(
        [
            name,
            name.upper(),
            name.lower(),
            name.swapcase(),
            unicodedata.normalize("NFD", name),
            name.replace("I", "\uff29"),  # fullwidth I: NFKC folds it back
        ]
    )


#: A value given to ``kg sparql --bind entity=VALUE``: an entity's id, label or synonym (as typed
#: in any case or Unicode form), a near miss, a CURIE of no entity, an IRI, or any free text.
BIND_VALUES = st.one_of(
    st.sampled_from(ENTITY_IDS),
    st.sampled_from(ENTITY_NAMES).flatmap(_respell),
    st.sampled_from(ENTITY_NAMES).map(lambda n: n + "x"),
    LOCAL_ID.map(lambda s: f"HGNC:{s}"),
    st.sampled_from(["https://w3id.org/mechkg/entity/widgetol", "http://x/<y>", "", "=", "entity=AKT"]),
    TEXT,
)


# --- odd inputs: PDFs that look like text, values too large for one buffer ------------------

#: Sentences an uncompressed PDF's text layer may hold (with and without a compound of interest).
PDF_LINES = (
    "Widgetol raised BDNF protein in rat cortex after stroke [1].",
    "PI3K turns on Akt.",
    "TNF activates NF-kB in microglia.",
    "Widgetol switches on the PI3K/Akt pathway.",
    "Notes (draft) with brackets ( and ) and a back\\slash.",
    "",
)
#: Suffixes under which a PDF may arrive: none of them makes it text.
ODD_SUFFIXES = (".txt", ".md", ".html", ".pdf", "")
#: What may come before the PDF header: nothing, a byte-order mark, blank lines, a junk line.
PDF_PREFIXES = (b"", b"\xef\xbb\xbf", b"\n\n", b"junk before the header\r\n")


def _pdf_string(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return escaped.encode("latin-1")


def uncompressed_pdf(pages: list[list[str]], prefix: bytes = b"", header: bool = True) -> bytes:
    """An uncompressed PDF (plain-text objects, one Helvetica line per string); header optional."""
    objects: list[bytes] = []
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(b"<</Type/Catalog/Pages 2 0 R>>")
    objects.append(f"<</Type/Pages/Kids[{kids}]/Count {len(pages)}>>".encode())
    font = 3 + 2 * len(pages)
    for i, lines in enumerate(pages):
        body = b"BT /F1 11 Tf 72 720 Td 14 TL " + b"".join(b"(" + _pdf_string(t) + b") Tj T* " for t in lines) + b"ET"
        objects.append(
            f"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents {4 + 2 * i} 0 R"
            f"/Resources<</Font<</F1 {font} 0 R>>>>>>".encode()
        )
        objects.append(b"<</Length %d>>stream\n" % len(body) + body + b"\nendstream")
    objects.append(b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>")
    out = bytearray(prefix + (b"%PDF-1.4\n" if header else b""))
    offsets = []
    for n, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj" % n + obj + b"endobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@dataclass(frozen=True)
class OddPdf:
    """An uncompressed PDF under some file name: what a reader must not take for plain text."""

    name: str
    raw: bytes
    lines: tuple[str, ...]


@st.composite
def pdfs_as_text(draw: st.DrawFn) -> OddPdf:
    """An uncompressed PDF named like a text file (or not), its header possibly shifted or absent."""
    pages = draw(st.lists(st.lists(st.sampled_from(PDF_LINES), min_size=1, max_size=4), min_size=1, max_size=3))
    prefix = draw(st.sampled_from(PDF_PREFIXES))
    header = draw(st.booleans()) if prefix == b"" else True  # a PDF body without its header, too
    name = "page" + draw(st.sampled_from(ODD_SUFFIXES))
    lines = tuple(t for page in pages for t in page if t)
    return OddPdf(name, uncompressed_pdf(pages, prefix, header), lines)


#: One value over the 16 MiB buffer an Oxigraph bulk load reads a term into.
HUGE = 16 * 2**20 + 1024

#: Free-text seed fields a huge value may go into: (section, key).
HUGE_FIELDS = (
    ("document", "label"),
    ("document", "publisher"),
    ("document", "note"),
    ("references", "title"),
    ("references", "note"),
)


def with_huge_value(seed_text: str, section: str, key: str, size: int = HUGE) -> str:
    """The seed YAML with one free-text field of its first record set to ``size`` characters."""
    data = yaml.safe_load(seed_text)
    record = data[section] if section == "document" else data[section][0]
    record[key] = "HUGE-VALUE-HERE"
    return dump(data).replace("HUGE-VALUE-HERE", "x" * size)  # PyYAML's emitter is slow on 16 MiB
