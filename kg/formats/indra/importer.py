"""``kg import indra``'s state: INDRA statements turned into evidence records one by one, agents
grounded from ``db_refs`` (new groundings become entity records), cited papers graded by
:func:`kg.classify.classify` (or by the curated seeds), species contexts, and every skip and
warning counted."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from typing import Any

from kg.classify import Lexicon
from kg.formats.indra.export import annotation
from kg.formats.indra.grades import References
from kg.formats.indra.spans import RawStatement
from kg.formats.indra.summary import ImportSummary
from kg.model import (
    Context,
    Direction,
    Entity,
    EntityType,
    Predicate,
    Reference,
    System,
)
from kg.vocab.iris import (
    CURIE_PATTERNS,
    INDRA_NAMESPACES,
    INDRA_PREFIXED_IDS,
    INDRA_ROLES,
    INDRA_TYPES,
)

__all__ = ["Importer"]

_SLUG = re.compile(r"[^A-Za-z0-9_.-]+")
_PROCESS_TYPES = frozenset({EntityType.PROCESS, EntityType.PHENOTYPE})


class Importer:
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
        self.text = text
        self.entities = entities
        self.contexts = contexts
        self.new_entities: dict[str, dict[str, Any]] = {}
        self.new_contexts: dict[str, dict[str, Any]] = {}
        self.claims: list[dict[str, Any]] = []
        self.warnings: list[str] = []
        self.summary = ImportSummary(file=name)
        self.references = References(lexicon, curated or {}, self.summary, self.warn)
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

    # -- contexts -------------------------------------------------------------------------

    def context(self, ev: dict[str, Any]) -> str:
        """The context id of an evidence: carried by a mechkg export, else its species, else unspecified."""
        carried = annotation(ev).get("context")
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
        self.summary.imported += 1
        for j, (ev, span) in enumerate(zip(evidence, spans, strict=True), start=1):
            self._evidence(raw, key, stype, pairs, j, ev if isinstance(ev, dict) else {}, span, synthetic)

    def _evidence(
        self,
        raw: RawStatement,
        key: str,
        stype: str,
        pairs: list[tuple[str, str]],
        j: int,
        ev: dict[str, Any],
        span: tuple[int, int],
        synthetic: bool,
    ) -> None:
        """The records of evidence ``j`` of a statement: one per agent pair."""
        mk = annotation(ev)
        epi = ev.get("epistemics") if isinstance(ev.get("epistemics"), dict) else {}
        cites = self.references.cited(ev, span[0])
        if not cites and not synthetic:
            self.warn("uncited evidence", span[0], f"{stype} evidence {j} cites no paper; recorded as uncited")
        direction = Direction.REFUTES if epi.get("negated") else Direction.SUPPORTS
        if epi.get("negated") and mk.get("direction") == Direction.NO_EFFECT.value:
            direction = Direction.NO_EFFECT
        hedged = bool(epi.get("hypothesis")) or bool(epi.get("hedgings"))
        context = self.context(ev)
        for k, (subj, obj) in enumerate(pairs, start=1):
            record: dict[str, Any] = {
                "id": f"{key}-s{raw.index + 1}-e{j}" + (f"-p{k}" if len(pairs) > 1 else ""),
                "subject": subj,
                "predicate": self._predicate(stype, mk, epi, obj).value,
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

    def _predicate(self, stype: str, mk: dict[str, Any], epi: dict[str, Any], obj: str) -> Predicate:
        """The predicate of a record: carried by a mechkg export, else the statement type's, refined."""
        predicate, allowed = INDRA_TYPES[stype]
        wanted = mk.get("predicate")
        if isinstance(wanted, str) and wanted in {p.value for p in allowed}:
            return Predicate(wanted)
        if stype == "Phosphorylation" and epi.get("direct") is True:
            return Predicate.PHOSPHORYLATES
        if predicate in (Predicate.ACTIVATES, Predicate.INHIBITS) and self.type_of(obj) in _PROCESS_TYPES:
            return Predicate.INCREASES_PROCESS if predicate.polarity > 0 else Predicate.DECREASES_PROCESS
        return predicate

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

    def type_of(self, curie: str) -> EntityType | None:
        """The type of a known or new entity (None when neither)."""
        if curie in self.entities:
            return self.entities[curie].type
        if curie in self.new_entities:
            return EntityType(self.new_entities[curie]["type"])
        return None
