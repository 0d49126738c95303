"""Synthetic claim records in the seeds format, for scale tests and benchmarks.

:func:`synthesize` writes ``<out>/seeds/documents/doc-NNNNN.yaml`` (one document per file, about
``claims_per_file`` claim records each, with its graded reference list) and the entities and
contexts they name under ``<out>/ontology/``. The records are made up (no source text exists;
spans point into a notional document of the recorded length, so build without ``--documents``).

Shape: entity degrees follow a Zipf (power-law) distribution; each cited claim cites 1–5 entries
of its document's list; a share of claims cite nothing; reference levels and source types follow
a fixed mix skewed towards preclinical and vendor sources; works are shared across documents
through PubMed ids drawn from a Zipf pool. The same arguments always give the same bytes.
"""

from __future__ import annotations

import hashlib
import random
import shutil
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from kg.model import EntityType, EvidenceLevel, Predicate, SourceType
from kg.output import atomic_write_many
from kg.seeds.writer import SYNTH, SYNTH_CONTEXTS, SYNTH_ENTITIES, seed_text

__all__ = [
    "CONTEXTS",
    "CONTEXT_WEIGHTS",
    "DOCUMENT_MIX",
    "DOC_LENGTH_PER_CLAIM",
    "ENTITY_MIX",
    "HEDGED_SHARE",
    "LEVEL_MIX",
    "NO_EFFECT_SHARE",
    "REFUTES_SHARE",
    "UNCITED_SHARE",
    "SynthStats",
    "entity_count",
    "synthesize",
]

#: Reference level mix (weights), with the source types each level is listed under.
LEVEL_MIX: dict[EvidenceLevel, tuple[float, tuple[SourceType, ...]]] = {
    EvidenceLevel.META_ANALYSIS: (3, (SourceType.SYSTEMATIC_REVIEW,)),
    EvidenceLevel.HUMAN_CLINICAL_RCT: (5, (SourceType.CLINICAL_TRIAL_REPORT,)),
    EvidenceLevel.HUMAN_CLINICAL_OTHER: (7, (SourceType.PRIMARY_RESEARCH,)),
    EvidenceLevel.ANIMAL: (27, (SourceType.PRIMARY_RESEARCH,)),
    EvidenceLevel.IN_VITRO: (22, (SourceType.PRIMARY_RESEARCH,)),
    EvidenceLevel.REVIEW_SECONDARY: (12, (SourceType.NARRATIVE_REVIEW,)),
    EvidenceLevel.VENDOR_ASSERTION: (16, (SourceType.VENDOR_SITE, SourceType.MANUFACTURER_SITE)),
    EvidenceLevel.NOT_EVIDENCE: (3, (SourceType.TRIAL_PROTOCOL_OR_REGISTRY,)),
    EvidenceLevel.UNKNOWN: (5, (SourceType.UNKNOWN_HOST, SourceType.WEB_PAGE)),
}

#: Document source types (weights): mostly vendor and web pages, as in the curated seeds.
DOCUMENT_MIX: dict[SourceType, float] = {
    SourceType.VENDOR_SITE: 40,
    SourceType.MANUFACTURER_SITE: 10,
    SourceType.WEB_PAGE: 20,
    SourceType.NARRATIVE_REVIEW: 20,
    SourceType.PRIMARY_RESEARCH: 10,
}

#: Entity kinds (weights) with their CURIE form; ``{n}`` is a running number.
ENTITY_MIX: tuple[tuple[EntityType, float, str], ...] = (
    (EntityType.PROTEIN, 50, "HGNC:{n}"),
    (EntityType.PROCESS, 15, "GO:{n:07d}"),
    (EntityType.PATHWAY, 8, "GO:{n:07d}"),
    (EntityType.CHEMICAL, 12, "CHEBI:{n}"),
    (EntityType.COMPOUND, 10, "mechkg:synth-compound-{n}"),
    (EntityType.PHENOTYPE, 5, "mechkg:synth-phenotype-{n}"),
)

#: Synthetic contexts: (id, label, system, species).
CONTEXTS: tuple[tuple[str, str, str, str], ...] = (
    ("unspecified", "context not stated", "unspecified", ""),
    ("synth-human", "patients (synthetic)", "human", "NCBITaxon:9606"),
    ("synth-rat", "rat model (synthetic)", "in_vivo", "NCBITaxon:10116"),
    ("synth-mouse", "mouse model (synthetic)", "in_vivo", "NCBITaxon:10090"),
    ("synth-cells", "cultured cells (synthetic)", "in_vitro", ""),
    ("synth-human-cells", "human cell line (synthetic)", "in_vitro", "NCBITaxon:9606"),
)
CONTEXT_WEIGHTS = (30, 12, 25, 15, 12, 6)

#: Share of claim records that cite nothing, and of those that are hedged / not supporting.
UNCITED_SHARE = 0.07
HEDGED_SHARE = 0.15
NO_EFFECT_SHARE = 0.03
REFUTES_SHARE = 0.02
DOC_LENGTH_PER_CLAIM = 400


@dataclass(frozen=True)
class SynthStats:
    """What :func:`synthesize` wrote."""

    claims: int
    files: int
    entities: int
    references: int
    uncited: int


class _Zipf:
    """Draw ranks 0..n-1 with probability proportional to 1/(rank+1)**alpha."""

    def __init__(self, n: int, alpha: float, rng: random.Random) -> None:
        self.cum = list(accumulate(1.0 / (k + 1) ** alpha for k in range(n)))
        self.total = self.cum[-1]
        self.rng = rng

    def draw(self) -> int:
        return bisect_left(self.cum, self.rng.random() * self.total)


def _weighted(rng: random.Random, items: Sequence[object], weights: Sequence[float]) -> object:
    return rng.choices(items, weights)[0]


def entity_count(claims: int) -> int:
    """Size of the entity pool for a number of claim records (grows sublinearly)."""
    return max(200, int(claims**0.75))


def _entities(n: int, rng: random.Random) -> list[tuple[str, str, EntityType]]:
    kinds = [k for k, _, _ in ENTITY_MIX]
    weights = [w for _, w, _ in ENTITY_MIX]
    forms = {k: f for k, _, f in ENTITY_MIX}
    counters = dict.fromkeys(kinds, 0)
    out = []
    for i in range(n):
        kind = _weighted(rng, kinds, weights)
        assert isinstance(kind, EntityType)
        counters[kind] += 1
        base = {EntityType.PROCESS: 1_000_000, EntityType.PATHWAY: 5_000_000}.get(kind, 0)
        curie = forms[kind].format(n=base + counters[kind])
        label = f"{kind.value.replace('_', ' ')} S{i}"
        out.append((curie, label, kind))
    return out


class _Draws:
    """The random draws of one run: entity, work, predicate, level and context pools and their weights."""

    def __init__(self, claims: int, rng: random.Random) -> None:
        self.rng = rng
        self.entities = _entities(entity_count(claims), rng)
        rng.shuffle(self.entities)  # hubs of every kind, not just the first kind drawn
        self.ent_zipf = _Zipf(len(self.entities), 1.0, rng)
        self.work_zipf = _Zipf(max(100, claims // 3), 0.8, rng)
        self.predicates = [p for p in Predicate if p is not Predicate.MANUFACTURED_BY]
        self.levels = list(LEVEL_MIX)
        self.level_weights = [LEVEL_MIX[lv][0] for lv in self.levels]
        self.doc_types = list(DOCUMENT_MIX)
        self.doc_weights = [DOCUMENT_MIX[t] for t in self.doc_types]
        self.ctx_ids = [c[0] for c in CONTEXTS]
        self.compounds = [e for e in self.entities if e[2] is EntityType.COMPOUND] or self.entities[:1]

    def document(self, seed: int, f: int, key: str, count: int) -> dict[str, object]:
        rng = self.rng
        doc_type = _weighted(rng, self.doc_types, self.doc_weights)
        assert isinstance(doc_type, SourceType)
        compound = self.compounds[rng.randrange(len(self.compounds))]
        return {
            "file": f"{key}.txt",
            "sha256": hashlib.sha256(f"{seed}/{key}".encode()).hexdigest(),
            "length": DOC_LENGTH_PER_CLAIM * count + 100,
            "label": f"synthetic document {f}",
            "source_type": doc_type.value,
            "compound": compound[0],
            "compound_as_written": compound[1],
            "host": f"synth-{f % 97}.example",
        }

    def references(self, n_list: int) -> list[dict[str, object]]:
        rng = self.rng
        references: list[dict[str, object]] = []
        for n in range(1, n_list + 1):
            level = _weighted(rng, self.levels, self.level_weights)
            assert isinstance(level, EvidenceLevel)
            types = LEVEL_MIX[level][1]
            stype = types[rng.randrange(len(types))]
            ref: dict[str, object] = {"n": n}
            if level in (EvidenceLevel.VENDOR_ASSERTION, EvidenceLevel.UNKNOWN):
                ref["host"] = f"vendor-{rng.randrange(50)}.example"
                basis = "host"
            else:
                work = self.work_zipf.draw()
                ref["title"] = f"synthetic {level.value.replace('_', ' ')} work number {work}"
                ref["host"] = "pubmed.ncbi.nlm.nih.gov"
                ref["ids"] = [f"PMID:{10_000_000 + work}"]
                basis = "identifier" if rng.random() < 0.3 else "title"
            ref |= {"source_type": stype.value, "level": level.value, "basis": basis}
            references.append(ref)
        return references

    def claim(self, key: str, i: int, n_list: int) -> dict[str, object]:
        rng, entities = self.rng, self.entities
        subj = entities[self.ent_zipf.draw()][0]
        obj = entities[self.ent_zipf.draw()][0]
        while obj == subj:
            obj = entities[self.ent_zipf.draw()][0]
        pred = self.predicates[rng.randrange(len(self.predicates))]
        ctx = _weighted(rng, self.ctx_ids, CONTEXT_WEIGHTS)
        if rng.random() < UNCITED_SHARE:
            cites: list[int] = []
        else:
            cites = sorted(rng.sample(range(1, n_list + 1), min(n_list, rng.randint(1, 5))))
        roll = rng.random()
        direction = (
            "refutes" if roll < REFUTES_SHARE else "no_effect" if roll < REFUTES_SHARE + NO_EFFECT_SHARE else "supports"
        )
        start = DOC_LENGTH_PER_CLAIM * i + 50
        return {
            "id": f"{key}-{i:04d}",
            "subject": subj,
            "predicate": pred.value,
            "object": obj,
            "context": ctx,
            "direction": direction,
            "hedged": rng.random() < HEDGED_SHARE,
            "cites": cites,
            "span": [start, start + 120 + rng.randrange(200)],
        }


def synthesize(
    claims: int,
    seed: int,
    out: Path,
    claims_per_file: int = 1000,
    lexicon_from: Path | None = None,
) -> SynthStats:
    """Write ``claims`` synthetic claim records (deterministic for ``seed``) under ``out``.

    ``lexicon_from``: an ontology folder whose ``classifier/`` is copied so ``kg audit`` and
    ``kg build`` run on the result.

    Examples
    --------
    >>> synthesize(10_000, seed=1, out=Path("/tmp/synth"))  # doctest: +SKIP
    """
    if claims < 1 or claims_per_file < 1:
        raise ValueError("claims and claims_per_file must be positive")
    rng = random.Random(seed)
    draws = _Draws(claims, rng)
    files: dict[Path, bytes] = {}
    n_files = (claims + claims_per_file - 1) // claims_per_file
    width = max(5, len(str(n_files)))
    written = uncited = n_refs = 0
    header = f"# Synthetic records (kg synth, seed {seed}); no source document exists.\n"
    for f in range(n_files):
        count = min(claims_per_file, claims - written)
        key = f"doc-{f:0{width}d}"
        document = draws.document(seed, f, key, count)
        n_list = max(5, min(150, count // 8 + rng.randrange(10)))
        references = draws.references(n_list)
        claim_records = [draws.claim(key, i, n_list) for i in range(count)]
        n_refs += n_list
        uncited += sum(1 for c in claim_records if not c["cites"])
        written += count
        text = seed_text({"document": document, "references": references, "claims": claim_records}, SYNTH, header)
        files[out / "seeds" / "documents" / f"{key}.yaml"] = text.encode("utf-8")
    files |= _vocabulary_files(draws.entities, out)
    atomic_write_many(files)
    if lexicon_from is not None and (lexicon_from / "classifier").is_dir():
        shutil.copytree(lexicon_from / "classifier", out / "ontology" / "classifier", dirs_exist_ok=True)
    return SynthStats(claims=written, files=n_files, entities=len(draws.entities), references=n_refs, uncited=uncited)


def _vocabulary_files(entities: Sequence[tuple[str, str, EntityType]], out: Path) -> dict[Path, bytes]:
    """The entity and context files the synthetic records name."""
    entity_records = [{"id": c, "label": label, "type": kind.value} for c, label, kind in entities]
    context_records = [
        {"id": cid, "label": label, "system": system, **({"species": species} if species else {})}
        for cid, label, system, species in CONTEXTS
    ]
    return {
        out / "ontology" / "entities" / "synth.yaml": seed_text(
            entity_records, SYNTH_ENTITIES, "# Synthetic entities (kg synth).\n"
        ).encode("utf-8"),
        out / "ontology" / "contexts" / "synth.yaml": seed_text(
            context_records, SYNTH_CONTEXTS, "# Synthetic contexts (kg synth).\n"
        ).encode("utf-8"),
    }
