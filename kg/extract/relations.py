"""One trigger, one subject, its objects: the claim records, with negation, hedging, inversion and aspect."""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.extract.extractor import ExtractedClaim, Extractor
from kg.extract.mention import Mention
from kg.extract.rules import COMPOUNDS, MOLECULAR, SMALL_MOLECULES, Rules
from kg.extract.statement import Parse, Statement, Subject, aspect_of, confidence_of, predicate_for
from kg.extract.triggers import Trigger
from kg.model import EntityType, Predicate

__all__ = ["AFTER_OBJECT", "Where", "opposite", "relation_claims"]


#: What every claim of a statement shares: (cites, span, contexts, hedged).
Where = tuple[tuple[int, ...], tuple[int, int], Sequence[str], bool]

_QUANTITY = re.compile(r"^\s*\(?\s*(~?\d+(?:\.\d+)?\s*%)")


#: "the (beneficial) effects of", "the actions of" right before a compound: what is changed is the effect.
_EFFECTS_OF = re.compile(r"\b(?:effects?|actions?|benefits?|activity|activities|properties|efficacy) of\s+$", re.I)


AFTER_OBJECT = re.compile(
    r"^(?:(?!\b(?:and|or|by|via|through|in|of|from|with|after|at|on|to|than|while|whereas)\b)[^,;.()\[\]]){0,40}"
)  # up to the next list item or phrase ("NF-kB activation by blocking phosphorylation of X")


#: Text between two triggers across which a negation before the first also denies the second.
_NEGATION_CARRIES = re.compile(r"[^,;]{0,80}?\b(?:or|nor)\b[^,;]{0,40}", re.IGNORECASE)


def relation_claims(
    ex: Extractor,
    st: Statement,
    trig: Trigger,
    subj: Subject,
    objects: Sequence[Mention],
    parse: Parse,
    breaks: Sequence[int],
    aspect_text: str,
    table_row: bool,
    where: Where,
    setting: bool = False,
) -> list[ExtractedClaim]:
    """The records one trigger gives for one subject: one per object and context. A ``setting``
    (ageing) may change molecules, which other processes named as subjects may not."""
    subj_id, subj_written, subj_quality = subj
    cites, span, contexts, hedged = where
    rules = ex.rules
    text = st.text
    # a hedge speaks of what follows it: "X does not inhibit A, and it may lower B" hedges B only
    hedged = hedged and (not trig.text or table_row or st.lead_hedged or bool(rules.hedges.search(text, 0, trig.start)))
    out: list[ExtractedClaim] = []
    subj_type = ex.matcher.entities[subj_id].type
    if trig.kind.name in rules.compound_subject_only and subj_type not in COMPOUNDS:
        return out
    invert = _turned(rules, text[: trig.start], subj_id, subj_written)
    negated = _negated(rules, text, trig, objects, parse, breaks, table_row)
    for k, obj in enumerate(objects):
        tail = _list_tail(text, objects, k)
        pred = _object_predicate(rules, text, trig, subj_id, subj_type, obj, tail, aspect_text, setting)
        if pred is None:
            continue
        if invert:
            pred = _INVERSE.get(pred, pred)  # "X knockdown lowers Y": X raises Y
        parse.used.add(obj.start)
        quantity = _quantity(text, obj) if pred is Predicate.HAS_PART else ""
        distance = 0 if table_row else max(0, obj.start - trig.end)
        conf = confidence_of(trig.kind, subj_quality, obj, distance, hedged)
        first, second, written = subj_id, obj.entity, subj_written if subj_type in COMPOUNDS else ""
        if pred is Predicate.BINDS and _ligand_last(st, subj_type, obj):
            first, second, written = obj.entity, subj_id, obj.surface  # the ligand binds its receptor
        for ctx in contexts:
            out.append(
                ExtractedClaim(
                    subject=first,
                    predicate=pred,
                    object=second,
                    context=ctx,
                    direction="no_effect" if negated else "supports",
                    hedged=hedged,
                    cites=cites,
                    span=span,
                    confidence=conf,
                    as_written=written,
                    quantity=quantity,
                )
            )
    return out


def _quantity(text: str, part: Mention) -> str:
    """The share written right after a part ("peptides (25%)"), or ''."""
    q = _QUANTITY.match(text[part.end : part.end + 12])
    return q.group(1).replace(" ", "") if q else ""


def _turned(rules: Rules, before: str, subj_id: str, subj_written: str) -> bool:
    """Does the subject act with its sign turned: written as removed ("X knockdown lowers Y") or as
    the opposite of its concept ("insulin sensitivity improves X": insulin resistance lowers X)?"""
    invert = _lost(rules, before, subj_written)
    if any(eid == subj_id and p.fullmatch(subj_written) for eid, p in rules.opposites):
        invert = not invert
    return invert


def _negated(
    rules: Rules,
    text: str,
    trig: Trigger,
    objects: Sequence[Mention],
    parse: Parse,
    breaks: Sequence[int],
    table_row: bool,
) -> bool:
    """Whether a trigger is denied in its own clause (or, in a table row, after its object)."""
    # negation: a cue between the clause start and the trigger, or "no effect" right after it; a cue
    # before an earlier trigger is that trigger's ("does not inhibit A, and it lowers B"), unless the
    # two are joined by "or"/"nor" ("does not inhibit A or activate B")
    clause_start = max([b for b in breaks if b < trig.start], default=0)
    before = [t for t in parse.triggers if t.text and t.end <= trig.start]
    if before and not _NEGATION_CARRIES.fullmatch(text[before[-1].end : trig.start]):
        clause_start = max(clause_start, before[-1].end)
    window = text[clause_start : trig.start]
    if table_row:
        window = text[objects[0].end :] if objects else text
    window = rules.not_negations.sub(" ", window)  # "not only … but also" denies nothing
    return bool(rules.negation.search(window if table_row else window[-40:])) or bool(
        re.match(r"\W*(?:had |has |have |showed |shows )?no\b", text[trig.end : trig.end + 20], re.IGNORECASE)
    )


def _object_predicate(
    rules: Rules,
    text: str,
    trig: Trigger,
    subj_id: str,
    subj_type: EntityType,
    obj: Mention,
    tail: Mention,
    aspect_text: str,
    setting: bool,
) -> Predicate | None:
    """The predicate a trigger gives between its subject and one object, or None when it gives none.
    ``tail`` is the last name of the bare list the object opens ("FAK and paxillin phosphorylation"):
    an aspect word after it is said of every name of the list."""
    if obj.entity == subj_id:
        return None
    if (
        not setting
        and subj_type in rules.non_molecular_subjects
        and (obj.type in MOLECULAR or obj.type is EntityType.PATHWAY)
    ):
        return None
    if aspect_text:
        aspect = aspect_of(rules, aspect_text)
    else:
        after = AFTER_OBJECT.match(text[obj.end :])
        aspect = aspect_of(rules, text[trig.start : obj.start] + " | " + (after.group(0) if after else ""))
        if aspect is None and tail is not obj:
            after = AFTER_OBJECT.match(text[tail.end :])
            aspect = aspect_of(rules, " | " + (after.group(0) if after else ""))
    if obj.type in COMPOUNDS and _EFFECTS_OF.search(text, max(trig.end, obj.start - 40), obj.start):
        return None  # "reverses the beneficial effects of X": the effects are the object, not X
    pred = predicate_for(trig.kind, obj, aspect)
    if pred is not None and opposite(rules, text, obj):
        pred = _INVERSE.get(pred, pred)  # "improves insulin sensitivity" lowers insulin resistance
    if pred in _RAISING and rules.steadying.search(text, max(trig.end, obj.start - 30), obj.start):
        return Predicate.REGULATES  # "supports healthy cortisol levels" steadies cortisol, raises nothing
    return pred


def opposite(rules: Rules, text: str, obj: Mention) -> bool:
    """Is the object written as the opposite of its concept ("insulin sensitivity" for insulin
    resistance, ``opposite_names`` in triggers.yaml)?"""
    return any(eid == obj.entity and p.fullmatch(text, obj.start, obj.end) for eid, p in rules.opposites)


_RAISING = frozenset(
    {
        Predicate.INCREASES_AMOUNT,
        Predicate.INCREASES_EXPRESSION,
        Predicate.INCREASES_PROCESS,
        Predicate.ACTIVATES,
    }
)


_LIST_GAP = re.compile(r"\s{0,3}(?:,\s{0,3})?(?:(?:and|or|as well as)\s{1,3})?")


def _list_tail(text: str, objects: Sequence[Mention], k: int) -> Mention:
    """The last name of the bare list that ``objects[k]`` opens: names joined only by commas, 'and'
    or 'or' ("FAK, Src and paxillin"), or the object itself."""
    while k + 1 < len(objects) and _LIST_GAP.fullmatch(text, objects[k].end, objects[k + 1].start):
        k += 1
    return objects[k]


def _ligand_last(st: Statement, subj_type: EntityType, obj: Mention) -> bool:
    """Is a compound bound by a larger molecule ("melatonin receptors bind melatonin")? A binding is
    written with the ligand first, as curators write it: the compound binds its receptor."""
    if subj_type in SMALL_MOLECULES:
        return False
    return obj.type in COMPOUNDS or (st.compound is not None and obj.entity == st.compound)


def _lost(rules: Rules, before: str, subj_written: str) -> bool:
    """Is the subject written as removed or blocked before the verb ("SIRT1 knockdown lowers",
    "inhibition of SIRT1 lowers")? Then what is seen is the opposite of its own role."""
    if not subj_written:
        return False
    name = re.escape(subj_written)
    if re.search(name + rules.loss_after.pattern, before, re.IGNORECASE):
        return True
    starts = [m.start() for m in re.finditer(r"(?<![\w-])" + name + r"(?![\w-])", before, re.IGNORECASE)]
    return bool(starts) and rules.loss_before.search(before, max(0, starts[-1] - 60), starts[-1]) is not None


_INVERSE = {
    Predicate.ACTIVATES: Predicate.INHIBITS,
    Predicate.INHIBITS: Predicate.ACTIVATES,
    Predicate.INCREASES_EXPRESSION: Predicate.DECREASES_EXPRESSION,
    Predicate.DECREASES_EXPRESSION: Predicate.INCREASES_EXPRESSION,
    Predicate.INCREASES_AMOUNT: Predicate.DECREASES_AMOUNT,
    Predicate.DECREASES_AMOUNT: Predicate.INCREASES_AMOUNT,
    Predicate.INCREASES_PHOSPHORYLATION: Predicate.DECREASES_PHOSPHORYLATION,
    Predicate.DECREASES_PHOSPHORYLATION: Predicate.INCREASES_PHOSPHORYLATION,
    Predicate.INCREASES_PROCESS: Predicate.DECREASES_PROCESS,
    Predicate.DECREASES_PROCESS: Predicate.INCREASES_PROCESS,
}
