"""Claims and objects read beside the verbs: "-induced" modifiers, role nouns, routes, pathways, demonstratives."""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.extract.extractor import ExtractedClaim, Extractor
from kg.extract.mention import Mention
from kg.extract.relations import AFTER_OBJECT
from kg.extract.rules import COMPOUNDS, MOLECULAR, Rules, TriggerKind
from kg.extract.statement import Statement, aspect_of, confidence_of, predicate_for
from kg.model import EntityType, Predicate

__all__ = ["ROLE_NOUN", "as_pathway", "demonstrative_objects", "modifier_claims", "role_claims", "routes"]

_ROUTE = re.compile(r"\s*(?:via|through|by way of)\s+(?:the\s+)?", re.IGNORECASE)


def routes(ex: Extractor, st: Statement, mentions: Sequence[Mention], end: int, breaks: Sequence[int]) -> list[Mention]:
    """Molecules or pathways named after "via"/"through" right after a relation's objects."""
    route = _ROUTE.match(st.text, end)
    if route is None:
        return []
    stop = next((b for b in breaks if b > route.end()), len(st.text))
    named = [
        m for m in mentions if route.end() <= m.start and m.end <= stop and m.type in (*MOLECULAR, EntityType.PATHWAY)
    ]
    if not named or named[0].start - route.end() > 3:
        return []
    if re.match(r"\s*(?:signal(?:l)?ing\s+)?(?:pathways?|signal(?:l)?ing|cascades?)", st.text[named[-1].end :], re.I):
        named = [as_pathway(ex, m) for m in named]
    return named


_SIGNED = ("increase", "decrease", "activate", "inhibit")


def _change_between(ex: Extractor, text: str, start: int, end: int) -> TriggerKind | None:
    """The signed change a modifier brings about when one is named between it and its target
    ("stress-induced loss of X", "X-induced reduction in Y"), or None."""
    gap = text[start:end]
    found = [
        (m.start(), k) for k in ex.rules.kinds if k.name in _SIGNED and not k.implied if (m := k.pattern.search(gap))
    ]
    return min(found, key=lambda f: f[0])[1] if found else None


def modifier_claims(
    ex: Extractor,
    st: Statement,
    mentions: Sequence[Mention],
    modifiers: Sequence[Mention],
    breaks: Sequence[int],
    cites: tuple[int, ...],
    span: tuple[int, int],
    contexts: Sequence[str],
    hedged: bool,
) -> list[ExtractedClaim]:
    """ "ERK-driven CREB phosphorylation", "stress-induced apoptosis": the first name raises the second."""
    kind = next((k for k in ex.rules.kinds if k.name == "increase"), None)
    if kind is None:
        return []
    out = []
    text = st.text
    for mod in modifiers:
        suffix = ex.rules.modifiers.match(text[mod.end : mod.end + 14])
        start = mod.end + (suffix.end() if suffix else 0)
        first = next((m for m in mentions if m.start >= start), None)
        if first is None or first.start - start > 40 or any(start <= b < first.start for b in breaks):
            continue
        change = _change_between(ex, text, start, first.start) or kind  # "X-induced reduction in Y": X lowers Y
        targets = [first]
        for m in mentions:  # "X-induced A, B and C": every coordinated name
            if m.start >= targets[-1].end and re.fullmatch(r"\s*,?\s*(?:and|or)?\s*", text[targets[-1].end : m.start]):
                targets.append(m)
        subject_type = ex.matcher.entities[mod.entity].type
        for target in targets:
            if subject_type in ex.rules.non_molecular_subjects and target.type in MOLECULAR:
                continue
            after = AFTER_OBJECT.match(text[target.end :])
            aspect = aspect_of(ex.rules, text[start : target.start] + " | " + (after.group(0) if after else ""))
            pred = predicate_for(change, target, aspect)
            if pred is None or target.entity == mod.entity:
                continue
            conf = confidence_of(change, 0.8, target, target.start - start, hedged)
            written = mod.surface if subject_type in COMPOUNDS else ""
            for ctx in contexts:
                out.append(
                    ExtractedClaim(mod.entity, pred, target.entity, ctx, "supports", hedged, cites, span, conf, written)
                )
    return out


#: A role noun after a name: "an mTOR inhibitor", "a melatonin receptor agonist", "COX-2 blockers".
ROLE_NOUN = re.compile(
    r"[\s-]{1,2}(?P<role>inhibitors?|blockers?|antagonists?|suppressors?|agonists?|activators?|stimulators?|"
    r"inducers?|enhancers?|modulators?|ligands?|transporters?)\b",
    re.IGNORECASE,
)
_ROLE_PREDICATE = {
    "inhibitor": Predicate.INHIBITS, "blocker": Predicate.INHIBITS, "antagonist": Predicate.INHIBITS,
    "suppressor": Predicate.INHIBITS, "agonist": Predicate.ACTIVATES, "activator": Predicate.ACTIVATES,
    "stimulator": Predicate.ACTIVATES, "inducer": Predicate.ACTIVATES, "enhancer": Predicate.ACTIVATES,
    "modulator": Predicate.REGULATES, "ligand": Predicate.BINDS, "transporter": Predicate.INCREASES_AMOUNT,
}  # fmt: skip


def role_claims(
    ex: Extractor,
    st: Statement,
    mentions: Sequence[Mention],
    roles: Sequence[tuple[Mention, re.Match[str]]],
    cites: tuple[int, ...],
    span: tuple[int, int],
    contexts: Sequence[str],
    hedged: bool,
) -> list[ExtractedClaim]:
    """ "Rapamycin is an mTOR inhibitor": the compound the statement is about acts on the named target.

    The subject is the nearest compound or chemical named before the target, else the document's
    compound when the statement speaks of it ("it", "the compound", or no other subject).
    """
    out = []
    for target, role in roles:
        noun = role.group("role").lower().rstrip("s")
        carried = noun == "transporter" and target.type in COMPOUNDS  # "an NMN transporter" carries the compound
        if target.type not in MOLECULAR and target.type is not EntityType.PATHWAY and not carried:
            continue
        pred = _ROLE_PREDICATE[noun]
        carrier = noun == "transporter"  # "X encodes an NMN transporter": a protein carries the chemical
        acts = {EntityType.PROTEIN, EntityType.PROTEIN_FAMILY} if carrier else {*COMPOUNDS, EntityType.CHEMICAL}
        before = [m for m in mentions if m.end <= target.start and m.type in acts]
        if carrier and not before:
            continue
        if before:
            subj, written, quality = before[-1].entity, before[-1].surface, 0.85
        elif st.compound and st.compound_ok:
            subj, written, quality = st.compound, st.compound_as_written, 0.7
        else:
            continue
        if subj == target.entity:
            continue
        conf = round(max(0.05, min(0.9 * quality * (0.85 if hedged else 1.0), 1.0)), 2)
        subject_type = ex.matcher.entities[subj].type if subj in ex.matcher.entities else EntityType.COMPOUND
        for ctx in contexts:
            out.append(
                ExtractedClaim(
                    subj, pred, target.entity, ctx, "supports", hedged, cites, span, conf,
                    written if subject_type in COMPOUNDS else "",
                )
            )  # fmt: skip
    return out


def as_pathway(ex: Extractor, m: Mention) -> Mention:
    """The pathway a protein stands for when it is listed with pathways, else the mention itself."""
    pathway = ex.matcher.pathway_of.get(m.entity)
    if pathway is None:
        return m
    return Mention(m.start, m.end, pathway, EntityType.PATHWAY, m.surface, False)


def demonstrative_objects(
    rules: Rules, st: Statement, mentions: Sequence[Mention], text: str, start: int, end: int
) -> list[Mention]:
    """Objects named by a demonstrative ("stimulating this pathway"): the last entity of that type.

    The returned mention has the referent's entity but the demonstrative's place in this statement.
    """
    for type_name, pattern in rules.demonstratives:
        found = pattern.search(text, start, end)
        if found:
            pool = [
                m for m in [*st.recent, *(m for m in mentions if m.end <= found.start())] if m.type.value == type_name
            ]
            if pool:
                ref = pool[-1]
                return [Mention(found.start(), found.end(), ref.entity, ref.type, ref.surface, False)]
    return []
