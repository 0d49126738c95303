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
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from json.decoder import scanstring
from pathlib import Path
from typing import Any

from kg.classify import Lexicon, classify, load_lexicon
from kg.errors import SeedError, SeedErrors
from kg.model import (
    Claim,
    Context,
    Direction,
    Entity,
    EntityType,
    EvidenceLevel,
    Finding,
    KnowledgeBase,
    LevelBasis,
    Predicate,
    Reference,
    SourceType,
    System,
    slug,
)
from kg.seeds.writer import IMPORT, seed_text
from kg.vocab.iris import (
    BASE,
    CURIE_PATTERNS,
    INDRA_NAMESPACES,
    INDRA_PREFIXED_IDS,
    INDRA_ROLES,
    INDRA_TYPES,
    PREDICATE_INDRA,
    REFERENCE_ID_PATTERNS,
)

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

#: ``source_api`` of every evidence mechkg writes.
SOURCE_API = "mechkg"
#: Key of our own block inside an INDRA evidence's ``annotations``.
ANNOTATION_KEY = "mechkg"
#: INDRA ``text_refs`` key → reference identifier prefix.
TEXT_REF_PREFIXES = {"PMID": "PMID", "PMCID": "PMCID", "DOI": "doi"}

_DECODER = json.JSONDecoder()
_WS = re.compile(r"[ \t\n\r]*")
_SLUG = re.compile(r"[^A-Za-z0-9_.-]+")
_PROCESS_TYPES = frozenset({EntityType.PROCESS, EntityType.PHENOTYPE})


# --- reading JSON with the span of every statement and evidence object -----------------------


def _skip(text: str, pos: int) -> int:
    match = _WS.match(text, pos)
    return match.end() if match else pos


def _members(text: str, start: int) -> dict[str, tuple[int, int]]:
    """Spans of the member values of the JSON object starting at ``start`` (valid JSON only)."""
    out: dict[str, tuple[int, int]] = {}
    pos = _skip(text, start + 1)
    if text[pos] == "}":
        return out
    while True:
        key, pos = scanstring(text, pos + 1)
        pos = _skip(text, _skip(text, pos) + 1)  # past ':'
        _, end = _DECODER.raw_decode(text, pos)
        out[key] = (pos, end)
        pos = _skip(text, end)
        if text[pos] != ",":
            return out
        pos = _skip(text, pos + 1)


def _items(text: str, start: int) -> list[tuple[int, int]]:
    """Spans of the items of the JSON array starting at ``start`` (valid JSON only)."""
    out: list[tuple[int, int]] = []
    pos = _skip(text, start + 1)
    if text[pos] == "]":
        return out
    while True:
        _, end = _DECODER.raw_decode(text, pos)
        out.append((pos, end))
        pos = _skip(text, end)
        if text[pos] != ",":
            return out
        pos = _skip(text, pos + 1)


@dataclass(frozen=True)
class RawStatement:
    """One statement of the input with its span and the spans of its evidence objects."""

    index: int
    data: Any
    span: tuple[int, int]
    evidence_spans: tuple[tuple[int, int], ...]


def read_statements(path: Path, label: str | None = None) -> tuple[str, list[RawStatement]]:
    """Read INDRA statement JSON; malformed input raises SeedErrors naming file:line."""
    name = label or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SeedErrors([SeedError(name, 1, f"cannot read file: {exc.strerror or exc}")]) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SeedErrors([SeedError(name, line, f"not UTF-8 text: {exc.reason}")]) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SeedErrors([SeedError(name, exc.lineno, f"column {exc.colno}: invalid JSON: {exc.msg}")]) from exc
    start = _skip(text, 0)
    if isinstance(data, dict):  # a single statement
        data, spans = [data], [(start, _DECODER.raw_decode(text, start)[1])]
    elif isinstance(data, list):
        spans = _items(text, start)
    else:
        raise SeedErrors([SeedError(name, 1, f"expected a list of INDRA statements, got {type(data).__name__}")])
    out = []
    for i, (item, span) in enumerate(zip(data, spans, strict=True)):
        ev_spans: tuple[tuple[int, int], ...] = ()
        if isinstance(item, dict) and isinstance(item.get("evidence"), list):
            members = _members(text, span[0])
            ev_spans = tuple(_items(text, members["evidence"][0]))
        out.append(RawStatement(i, item, span, ev_spans))
    return text, out


# --- import -------------------------------------------------------------------------------


@dataclass
class ImportSummary:
    """Counts of one import: what was read, written, skipped (by reason) and warned about."""

    file: str
    statements: int = 0
    imported: int = 0
    records: int = 0
    claims: int = 0
    references: int = 0
    new_entities: int = 0
    new_contexts: int = 0
    reused_grades: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    warned: Counter[str] = field(default_factory=Counter)

    def lines(self) -> list[str]:
        """The summary as printable lines."""
        out = [
            f"{self.file}: imported {self.imported} of {self.statements} statements as {self.records} "
            f"evidence records ({self.claims} claims, {self.references} references, "
            f"{self.new_entities} new entities, {self.new_contexts} new contexts)"
        ]
        if self.reused_grades:
            out.append(f"{self.reused_grades} references graded as the same work is in the curated seeds")
        skipped = sum(self.skipped.values())
        out.append(
            f"skipped {skipped} statements"
            + (": " + "; ".join(f"{k}: {v}" for k, v in sorted(self.skipped.items())) if skipped else "")
        )
        warned = sum(self.warned.values())
        out.append(
            f"warnings {warned}"
            + (": " + "; ".join(f"{k}: {v}" for k, v in sorted(self.warned.items())) if warned else "")
        )
        return out


@dataclass
class IndraImport:
    """The result of an import: the files to write, warnings and the summary."""

    files: dict[Path, bytes]
    warnings: list[str]
    summary: ImportSummary


@dataclass
class _Ref:
    ids: tuple[str, ...]
    title: str
    host: str
    url: str
    source_type: SourceType
    level: EvidenceLevel
    basis: LevelBasis
    note: str


class _Importer:
    """State of one import: known and new entities, contexts, references and records."""

    def __init__(
        self,
        name: str,
        text: str,
        entities: dict[str, Entity],
        contexts: dict[str, Context],
        lexicon: Lexicon,
        curated: dict[str, Reference] | None = None,
    ) -> None:
        self.name = name
        self.curated = curated or {}
        self.text = text
        self.entities = entities
        self.contexts = contexts
        self.lexicon = lexicon
        self.new_entities: dict[str, dict[str, Any]] = {}
        self.new_contexts: dict[str, dict[str, Any]] = {}
        self.refs: dict[tuple[str, ...], int] = {}
        self.ref_records: list[_Ref] = []
        self.claims: list[dict[str, Any]] = []
        self.warnings: list[str] = []
        self.summary = ImportSummary(file=name)
        self.subjects: Counter[str] = Counter()
        self.xref_index: dict[str, str] = {}
        self.name_index: dict[str, str] = {}
        self.ungrounded: set[str] = set()
        for ent in entities.values():
            for xref in ent.xrefs:
                self.xref_index.setdefault(xref, ent.id)
            for alias in (ent.label, *ent.synonyms):
                self.name_index.setdefault(alias.casefold(), ent.id)

    def line(self, pos: int) -> int:
        return self.text.count("\n", 0, pos) + 1

    def warn(self, kind: str, pos: int, message: str) -> None:
        self.summary.warned[kind] += 1
        self.warnings.append(f"{self.name}:{self.line(pos)}: warning: {message}")

    def skip(self, reason: str, pos: int, message: str) -> None:
        self.summary.skipped[reason] += 1
        self.warnings.append(f"{self.name}:{self.line(pos)}: skipped: {message}")

    # -- agents ---------------------------------------------------------------------------

    def ground(self, agent: Any, pos: int) -> str | None:
        """The entity id of an INDRA agent (creating an entity record when it is new)."""
        if not isinstance(agent, dict) or not isinstance(agent.get("name"), str) or not agent["name"].strip():
            return None
        agent_name = agent["name"].strip()
        refs = agent.get("db_refs") if isinstance(agent.get("db_refs"), dict) else {}
        candidates: list[tuple[str, EntityType]] = []
        for ns, (prefix, etype) in INDRA_NAMESPACES.items():
            value = refs.get(ns)
            if value is None:
                continue
            local = str(value).strip()
            if ns in INDRA_PREFIXED_IDS:
                local = local.removeprefix(ns + ":")
            if re.fullmatch(CURIE_PATTERNS[prefix], local):
                candidates.append((f"{prefix}:{local}", etype))
            else:
                self.warn("malformed grounding dropped", pos, f"agent {agent_name!r}: {ns} id {value!r} is malformed")
        unused = sorted(set(refs) - set(INDRA_NAMESPACES) - {"TEXT"})
        if unused and not candidates:
            self.warn("unmapped namespace", pos, f"agent {agent_name!r}: namespaces {', '.join(unused)} not mapped")
        if any(agent.get(k) for k in ("mods", "mutations", "bound_conditions", "location", "activity")):
            self.warn("agent state not kept", pos, f"agent {agent_name!r}: modifications/state are not kept")
        for curie, _ in candidates:
            if curie in self.entities or curie in self.new_entities:
                return curie
        for curie, _ in candidates:
            if curie in self.xref_index:
                return self.xref_index[curie]
        if candidates:
            curie, etype = candidates[0]
            self.new_entities[curie] = {
                "id": curie,
                "label": agent_name,
                "type": etype.value,
                "xrefs": [c for c, _ in candidates[1:]],
                "id_source": "curator",
                "note": "grounding from INDRA db_refs; not checked against the registry",
            }
            return curie
        known = self.name_index.get(agent_name.casefold())
        first = agent_name not in self.ungrounded
        self.ungrounded.add(agent_name)
        if known is not None:
            if first:
                self.warn("ungrounded agent", pos, f"agent {agent_name!r} has no grounding; matched {known} by name")
            return known
        slug = _SLUG.sub("-", agent_name).strip("-.") or "agent-" + hashlib.sha256(agent_name.encode()).hexdigest()[:8]
        curie = f"mechkg:{slug}"
        if first:
            self.warn("ungrounded agent", pos, f"agent {agent_name!r} has no grounding; given project id {curie}")
        if curie not in self.entities and curie not in self.new_entities:
            self.new_entities[curie] = {
                "id": curie,
                "label": agent_name,
                "type": EntityType.PROTEIN.value,
                "id_source": "project",
                "note": "ungrounded INDRA agent; type assumed, check it",
            }
        return curie

    # -- references -----------------------------------------------------------------------

    def reference(self, ev: dict[str, Any], pos: int) -> list[int]:
        """Reference numbers cited by one INDRA evidence (creating entries as needed)."""
        mk = _annotation(ev)
        carried = mk.get("references")
        if isinstance(carried, list):
            return [n for item in carried if (n := self._carried_reference(item, pos)) is not None]
        ids: list[str] = []
        text_refs = ev.get("text_refs") if isinstance(ev.get("text_refs"), dict) else {}
        found = {"PMID": ev.get("pmid")} | {k.upper(): v for k, v in text_refs.items()}
        for key, prefix in TEXT_REF_PREFIXES.items():
            value = found.get(key)
            if value in (None, ""):
                continue
            local = str(value).strip()
            if prefix == "doi":
                local = local.lower().removeprefix("https://doi.org/").removeprefix("doi:")
            if prefix == "PMCID" and not local.upper().startswith("PMC"):
                local = "PMC" + local
            ident = f"{prefix}:{local}"
            if re.fullmatch(REFERENCE_ID_PATTERNS[prefix], local):
                if ident not in ids:
                    ids.append(ident)
            else:
                self.warn("malformed identifier dropped", pos, f"{key} {value!r} is malformed")
        url = str(found.get("URL") or "").strip()
        if not ids and not url:
            return []
        key = tuple(ids) if ids else ("url", url)
        curated = next((self.curated[i.lower()] for i in ids if i.lower() in self.curated), None)
        if key not in self.refs and curated is not None:
            note = f"grade of the same work curated as {curated.key}" + (f": {curated.note}" if curated.note else "")
            self.ref_records.append(
                _Ref(
                    (*ids, *(i for i in curated.ids if i not in ids)),
                    curated.title,
                    curated.host,
                    url or curated.url,
                    curated.source_type,
                    curated.level,
                    curated.basis,
                    note,
                )
            )
            self.refs[key] = len(self.ref_records)
            self.summary.reused_grades += 1
        if key not in self.refs:
            context = ev.get("text") if isinstance(ev.get("text"), str) else ""
            result = classify(self.lexicon, ids=ids, url=url or None, context=context)
            basis, note = result.basis, result.rationale
            source = result.source_type
            if ids and result.level is EvidenceLevel.UNKNOWN:
                basis = LevelBasis.IDENTIFIER
                source = SourceType.PRIMARY_RESEARCH if source is SourceType.UNKNOWN_HOST else source
                note = (
                    f"identified by {ids[0]}, an indexed article (source type assumed); "
                    "its study design is not known offline: grade it by hand"
                )
            self.ref_records.append(_Ref(tuple(ids), "", "", url, source, result.level, basis, note or "classifier"))
            self.refs[key] = len(self.ref_records)
        return [self.refs[key]]

    def _carried_reference(self, item: Any, pos: int) -> int | None:
        """A reference graded by mechkg and carried in the annotations of its export."""
        if not isinstance(item, dict):
            return None
        ids = tuple(str(i) for i in item.get("ids", ()) if isinstance(i, str))
        title, host, url = (str(item.get(k) or "") for k in ("title", "host", "url"))
        try:
            level = EvidenceLevel(item.get("level"))
            source = SourceType(item.get("source_type"))
            basis = LevelBasis(item.get("basis"))
        except ValueError:
            self.warn("bad carried grade", pos, "a reference in the mechkg annotations has an unknown grade; ignored")
            return None
        key = ids if ids else ("title", title.casefold(), host, url)
        if key not in self.refs:
            note = str(item.get("note") or "") or "grade carried in the annotations of a mechkg export"
            self.ref_records.append(_Ref(ids, title, host, url, source, level, basis, note))
            self.refs[key] = len(self.ref_records)
        return self.refs[key]

    # -- contexts -------------------------------------------------------------------------

    def context(self, ev: dict[str, Any]) -> str:
        """The context id of an evidence: carried by a mechkg export, else its species, else unspecified."""
        carried = _annotation(ev).get("context")
        if isinstance(carried, str) and carried in self.contexts:
            return carried
        ctx = ev.get("context") if isinstance(ev.get("context"), dict) else {}
        species = ctx.get("species") if isinstance(ctx.get("species"), dict) else {}
        refs = species.get("db_refs") if isinstance(species.get("db_refs"), dict) else {}
        taxon = str(refs.get("TAXONOMY") or "").strip()
        if taxon.isdigit():
            cid = f"taxon-{taxon}"
            if cid not in self.contexts and cid not in self.new_contexts:
                label = str(species.get("name") or f"NCBITaxon:{taxon}")
                self.new_contexts[cid] = {
                    "id": cid,
                    "label": f"{label} (species of an INDRA evidence)",
                    "system": System.UNSPECIFIED.value,
                    "species": f"NCBITaxon:{taxon}",
                }
            return cid
        if "unspecified" not in self.contexts and "unspecified" not in self.new_contexts:
            self.new_contexts["unspecified"] = {"id": "unspecified", "label": "not stated", "system": "unspecified"}
        return "unspecified"

    # -- statements -----------------------------------------------------------------------

    def statement(self, raw: RawStatement, key: str) -> None:
        """Turn one statement into evidence records, or count why it is skipped."""
        data, pos = raw.data, raw.span[0]
        if not isinstance(data, dict) or not isinstance(data.get("type"), str):
            self.skip("malformed statement", pos, f"statement {raw.index} is not an object with a 'type'")
            return
        stype = data["type"]
        if stype not in INDRA_TYPES:
            allowed = ", ".join(sorted(INDRA_TYPES))
            self.skip(f"unknown statement type {stype!r}", pos, f"type {stype!r} has no mapping (mapped: {allowed})")
            return
        pairs = self._pairs(data, stype, pos)
        if pairs is None:
            return
        evidence = data.get("evidence") if isinstance(data.get("evidence"), list) else []
        spans = list(raw.evidence_spans)
        synthetic = not evidence
        if synthetic:
            self.warn("statement without evidence", pos, f"{stype} has no evidence; recorded as uncited")
            evidence, spans = [{}], [raw.span]
        default, allowed = INDRA_TYPES[stype]
        self.summary.imported += 1
        for j, (ev, span) in enumerate(zip(evidence, spans, strict=True), start=1):
            ev = ev if isinstance(ev, dict) else {}
            mk = _annotation(ev)
            epi = ev.get("epistemics") if isinstance(ev.get("epistemics"), dict) else {}
            cites = self.reference(ev, span[0])
            if not cites and not synthetic:
                self.warn("uncited evidence", span[0], f"{stype} evidence {j} cites no paper; recorded as uncited")
            direction = Direction.REFUTES if epi.get("negated") else Direction.SUPPORTS
            if epi.get("negated") and mk.get("direction") == Direction.NO_EFFECT.value:
                direction = Direction.NO_EFFECT
            hedged = bool(epi.get("hypothesis")) or bool(epi.get("hedgings"))
            context = self.context(ev)
            for k, (subj, obj) in enumerate(pairs, start=1):
                predicate = default
                wanted = mk.get("predicate")
                if isinstance(wanted, str) and wanted in {p.value for p in allowed}:
                    predicate = Predicate(wanted)
                elif stype == "Phosphorylation" and epi.get("direct") is True:
                    predicate = Predicate.PHOSPHORYLATES
                elif predicate in (Predicate.ACTIVATES, Predicate.INHIBITS) and self._type_of(obj) in _PROCESS_TYPES:
                    predicate = Predicate.INCREASES_PROCESS if predicate.polarity > 0 else Predicate.DECREASES_PROCESS
                record: dict[str, Any] = {
                    "id": f"{key}-s{raw.index + 1}-e{j}" + (f"-p{k}" if len(pairs) > 1 else ""),
                    "subject": subj,
                    "predicate": predicate.value,
                    "object": obj,
                    "context": context,
                }
                if direction is not Direction.SUPPORTS:
                    record["direction"] = direction.value
                if hedged:
                    record["hedged"] = True
                record["cites"] = cites
                record["span"] = [span[0], span[1]]
                source = ev.get("source_api")
                note = f"INDRA {stype}" + (f" from {source}" if isinstance(source, str) and source else "")
                if isinstance(ev.get("source_id"), str) and ev["source_id"]:
                    note += f" ({ev['source_id']})"
                record["note"] = note
                self.claims.append(record)
                self.subjects[subj] += 1
                self.summary.records += 1

    def _pairs(self, data: dict[str, Any], stype: str, pos: int) -> list[tuple[str, str]] | None:
        if stype == "Complex":
            members = data.get("members") if isinstance(data.get("members"), list) else []
            ids = [i for i in (self.ground(m, pos) for m in members) if i]
            pairs = [(a, b) for n, a in enumerate(ids) for b in ids[n + 1 :] if a != b]
            if not pairs:
                self.skip("fewer than two named agents", pos, "Complex needs two distinct named members")
                return None
            return pairs
        subj_key, obj_key = INDRA_ROLES[stype]
        subj = self.ground(data.get(subj_key), pos)
        obj = self.ground(data.get(obj_key), pos)
        if subj is None or obj is None:
            missing = subj_key if subj is None else obj_key
            self.skip(f"no {missing} agent", pos, f"{stype} has no named {missing!r} agent")
            return None
        return [(subj, obj)]

    def _type_of(self, curie: str) -> EntityType | None:
        if curie in self.entities:
            return self.entities[curie].type
        if curie in self.new_entities:
            return EntityType(self.new_entities[curie]["type"])
        return None


def _annotation(ev: Any) -> dict[str, Any]:
    """Our own block in an INDRA evidence's annotations ({} when absent)."""
    if not isinstance(ev, dict):
        return {}
    ann = ev.get("annotations")
    block = ann.get(ANNOTATION_KEY) if isinstance(ann, dict) else None
    return block if isinstance(block, dict) else {}


def _dump(data: Any, header: str) -> bytes:
    """A seed, entity or context file as the one seeds writer writes imports."""
    return seed_text(data, IMPORT, header).encode("utf-8")


def _load_ontology(folder: Path, skip_name: str | None = None) -> tuple[dict[str, Entity], dict[str, Context]]:
    """Entities and contexts of an ontology folder, leaving out files named ``skip_name``."""
    import shutil
    import tempfile

    from kg.seeds.load import load_vocabulary

    if not any((folder / part / str(skip_name)).exists() for part in ("entities", "contexts")):
        return load_vocabulary(folder)
    with tempfile.TemporaryDirectory() as tmp:
        for part in ("entities", "contexts"):
            (Path(tmp) / part).mkdir()
            for path in sorted((folder / part).glob("*.yaml")) if (folder / part).is_dir() else []:
                if path.name != skip_name:
                    shutil.copy(path, Path(tmp) / part / path.name)
        return load_vocabulary(Path(tmp))


def import_indra(
    path: Path,
    out: Path,
    ontology: Path = Path("ontology"),
    compound: str | None = None,
    seeds: Path | None = None,
) -> IndraImport:
    """Convert one INDRA statement JSON file into the files of a project folder under ``out``.

    ``out/seeds/documents/indra-<name>.yaml`` holds the document record, the graded references and
    one evidence record per INDRA evidence (per member pair for a Complex); ``out/ontology`` gets
    a copy of ``ontology`` plus ``entities/indra-<name>.yaml`` and ``contexts/indra-<name>.yaml``
    for the groundings and species contexts the project lacks. A cited paper whose identifier a
    reference of the curated ``seeds`` carries takes that curated grade instead of the
    classifier's. Nothing is written here: write ``result.files`` with
    :func:`kg.output.atomic_write_many` (see :func:`write_import`).
    """
    name = path.name
    text, statements = read_statements(path, str(path))
    stem = "indra-" + slug(path.stem, "statements")
    seed_file = Path(stem + ".yaml")
    base_entities, base_contexts = _load_ontology(ontology)
    entities, contexts = dict(base_entities), dict(base_contexts)
    if (out / "ontology").is_dir() and (out / "ontology").resolve() != ontology.resolve():
        more_e, more_c = _load_ontology(out / "ontology", skip_name=seed_file.name)
        entities |= more_e
        contexts |= more_c
    lexicon = load_lexicon(ontology / "classifier")
    imp = _Importer(name, text, entities, contexts, lexicon, _curated_grades(seeds, ontology))
    imp.summary.statements = len(statements)
    for raw in statements:
        imp.statement(raw, stem)
    if not imp.claims:
        lines = "\n".join(imp.warnings[:20] + imp.summary.lines())
        raise SeedErrors([SeedError(str(path), 1, f"no statement could be imported; nothing was written\n{lines}")])
    if compound is None:
        compound = _main_subject(imp)
    elif compound not in entities and compound not in imp.new_entities:
        raise SeedErrors([SeedError(str(path), 1, f"--compound {compound!r} is not a known entity")])
    compound_label = entities[compound].label if compound in entities else str(imp.new_entities[compound]["label"])
    doc = {
        "file": name,
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "length": len(text),
        "label": f"INDRA statements in {name}",
        "source_type": SourceType.WEB_PAGE.value,
        "compound": compound,
        "compound_as_written": compound_label,
        "references_numbered": False,
        "note": "imported by kg import indra; each span is one evidence object of the JSON text",
    }
    references = []
    for n, ref in enumerate(imp.ref_records, start=1):
        item: dict[str, Any] = {"n": n}
        if ref.title:
            item["title"] = ref.title
        if ref.host:
            item["host"] = ref.host
        if ref.ids:
            item["ids"] = list(ref.ids)
        if ref.url:
            item["url"] = ref.url
        item |= {"source_type": ref.source_type.value, "level": ref.level.value, "basis": ref.basis.value}
        item["note"] = ref.note
        references.append(item)
    header = f"# Imported from {name} by `kg import indra` (regenerate rather than edit).\n"
    files: dict[Path, bytes] = {
        out / "seeds" / "documents" / seed_file: _dump(
            {"document": doc, "references": references, "claims": imp.claims}, header
        )
    }
    files |= _copy_ontology(ontology, out / "ontology")
    if imp.new_entities:
        files[out / "ontology" / "entities" / seed_file] = _dump(
            [imp.new_entities[k] for k in sorted(imp.new_entities)], header
        )
    if imp.new_contexts:
        files[out / "ontology" / "contexts" / seed_file] = _dump(
            [imp.new_contexts[k] for k in sorted(imp.new_contexts)], header
        )
    s = imp.summary
    s.references = len(imp.ref_records)
    s.claims = len({(c["subject"], c["predicate"], c["object"], c["context"], c.get("direction")) for c in imp.claims})
    s.new_entities, s.new_contexts = len(imp.new_entities), len(imp.new_contexts)
    return IndraImport(files, imp.warnings, s)


def _curated_grades(seeds: Path | None, ontology: Path) -> dict[str, Reference]:
    """Curated reference entries of a project's seeds by lower-cased identifier (first by key)."""
    if seeds is None:
        return {}
    from kg.seeds.load import load_knowledge_base

    out: dict[str, Reference] = {}
    for ref in sorted(load_knowledge_base(seeds, ontology).references, key=lambda r: r.key):
        for ident in ref.ids:
            out.setdefault(ident.lower(), ref)
    return out


def _main_subject(imp: _Importer) -> str:
    """The most frequent subject, compounds first (ties broken by id)."""

    def is_compound(curie: str) -> bool:
        etype = imp._type_of(curie)
        return etype in (EntityType.COMPOUND, EntityType.TOOL_COMPOUND, EntityType.CHEMICAL)

    ranked = sorted(imp.subjects.items(), key=lambda kv: (not is_compound(kv[0]), -kv[1], kv[0]))
    return ranked[0][0]


def _copy_ontology(src: Path, dst: Path) -> dict[Path, bytes]:
    """Every file of the project ontology folder, to make the output folder self-contained."""
    if src.resolve() == dst.resolve():
        return {}
    return {dst / p.relative_to(src): p.read_bytes() for p in sorted(src.rglob("*")) if p.is_file()}


def write_import(result: IndraImport) -> list[Path]:
    """Write the files of an import atomically; return their paths."""
    from kg.output import atomic_write_many

    atomic_write_many(result.files)
    return sorted(result.files)


# --- export -------------------------------------------------------------------------------


def _db_refs(curie: str) -> dict[str, str]:
    """INDRA db_refs of an entity id in a mapped namespace ({} for project ids).

    Cross-references are left out: some list members of a family rather than equivalents.
    """
    by_prefix = {prefix: ns for ns, (prefix, _) in INDRA_NAMESPACES.items()}
    prefix, _, local = curie.partition(":")
    ns = by_prefix.get(prefix)
    if ns is None:
        return {}
    return {ns: f"{ns}:{local}" if ns in INDRA_PREFIXED_IDS else local}


def _agent(kb: KnowledgeBase, curie: str) -> dict[str, Any]:
    return {"name": kb.label(curie), "db_refs": _db_refs(curie)}


def _reference_json(ref: Reference) -> dict[str, Any]:
    out: dict[str, Any] = {"key": ref.key, "ids": list(ref.ids)}
    for key in ("title", "host", "url", "note"):
        if getattr(ref, key):
            out[key] = getattr(ref, key)
    out |= {"level": ref.level.value, "source_type": ref.source_type.value, "basis": ref.basis.value}
    return out


def _text_refs(refs: Sequence[Reference]) -> dict[str, str]:
    out: dict[str, str] = {}
    for ref in refs:
        for ident in ref.ids:
            prefix, _, local = ident.partition(":")
            key = {"PMID": "PMID", "PMCID": "PMCID", "doi": "DOI"}.get(prefix)
            if key and key not in out:
                out[key] = local
        if ref.url and "URL" not in out:
            out["URL"] = ref.url
    return out


def claim_statement(kb: KnowledgeBase, claim: Claim) -> dict[str, Any] | None:
    """The INDRA statement JSON of one claim (None when INDRA has no type for its predicate)."""
    stype = PREDICATE_INDRA.get(claim.predicate)
    if stype is None:
        return None
    stmt: dict[str, Any] = {"type": stype}
    if stype == "Complex":
        stmt["members"] = [_agent(kb, claim.subject), _agent(kb, claim.object)]
    else:
        subj_key, obj_key = INDRA_ROLES[stype]
        stmt[subj_key] = _agent(kb, claim.subject)
        stmt[obj_key] = _agent(kb, claim.object)
        if stype in ("Activation", "Inhibition"):
            stmt["obj_activity"] = "activity"
    evidence = []
    for ev in claim.evidence:
        epistemics: dict[str, Any] = {}
        if ev.hedged:
            epistemics["hypothesis"] = True
        if claim.direction is not Direction.SUPPORTS:
            epistemics["negated"] = True
        if claim.predicate is Predicate.PHOSPHORYLATES:
            epistemics["direct"] = True
        text_refs = _text_refs(ev.references)
        item: dict[str, Any] = {"source_api": SOURCE_API, "source_id": ev.id}
        if "PMID" in text_refs:
            item["pmid"] = text_refs["PMID"]
        if text_refs:
            item["text_refs"] = text_refs
        if epistemics:
            item["epistemics"] = epistemics
        item["annotations"] = {
            ANNOTATION_KEY: {
                "claim": claim.id,
                "predicate": claim.predicate.value,
                "context": claim.context,
                "direction": claim.direction.value,
                "support_class": claim.support.value,
                "evidence_levels": sorted({r.level.value for r in ev.references}, key=lambda v: EvidenceLevel(v).rank),
                "claim_levels": [lv.value for lv in claim.levels],
                "document": ev.document,
                "locator": {
                    "file": ev.locator.file,
                    "sha256": ev.locator.sha256,
                    "start": ev.locator.start,
                    "end": ev.locator.end,
                },
                "references": [_reference_json(r) for r in ev.references],
            }
        }
        evidence.append(item)
    stmt["evidence"] = evidence
    stmt["id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{BASE}claim/{claim.id}"))
    return stmt


def indra_statements(kb: KnowledgeBase) -> Iterator[dict[str, Any]]:
    """INDRA statement JSON for every claim INDRA can express, in claim order."""
    for claim in kb.claims:
        stmt = claim_statement(kb, claim)
        if stmt is not None:
            yield stmt


def to_indra_json(kb: KnowledgeBase, findings: Sequence[Finding] = ()) -> bytes:
    """INDRA statement JSON (a list), indented, byte-identical for the same input."""
    return (json.dumps(list(indra_statements(kb)), indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def indra_files(kb: KnowledgeBase, findings: Sequence[Finding] = ()) -> dict[str, bytes]:
    """The ``indra`` export: ``mechkg.indra.json``."""
    return {"mechkg.indra.json": to_indra_json(kb, findings)}
