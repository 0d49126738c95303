"""Changes read around the verbs: a setting or a given substance that brings a change about
("NAD+ declines with age", "IL-6 fell after quercetin treatment"), comparisons of two amounts
("higher X means more Y") and a denied effect beside a change."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from kg.extract.extractor import ExtractedClaim, Extractor
from kg.extract.mention import Mention
from kg.extract.relations import Where, relation_claims
from kg.extract.rules import COMPOUNDS, SUBSTANCES, Rules, contexts_of
from kg.extract.statement import Parse, Statement, aspect_of, confidence_of, predicate_for
from kg.extract.triggers import Trigger
from kg.model import Entity, EntityType, Predicate

__all__ = ["comparison", "contrasted", "coordinated", "group_parity", "setting_changes"]


def comparison(
    ex: Extractor, st: Statement, mentions: Sequence[Mention], cites: tuple[int, ...], span: tuple[int, int]
) -> list[ExtractedClaim]:
    """ "Higher NAD+ levels mean more sirtuin activity": a statement that opens with a comparative
    amount of one name and links it to a comparative amount of another says the first raises (or,
    with the signs apart, lowers) the second."""
    rules = ex.rules
    text = st.text
    if len(mentions) < 2:
        return []
    first, second = mentions[0], mentions[1]
    opening = text[st.body_start : first.start].strip().lower()
    sign_a = 1 if rules.more.fullmatch(opening) else -1 if rules.less.fullmatch(opening) else 0
    if not sign_a:
        return []
    gap = text[first.end : second.start]
    link = rules.comparative_links.search(gap)
    between = gap[: link.start()].lstrip(_CHARGE).strip() if link is not None else ""
    if link is None or (between and not rules.change_gap.fullmatch(" " + between + " ")):
        return []
    lead = gap[link.end() :].strip().lower()
    sign_b = 1 if rules.more.fullmatch(lead) else -1 if rules.less.fullmatch(lead) else 0
    kind = next((k for k in rules.kinds if k.name == ("increase" if sign_a * sign_b > 0 else "decrease")), None)
    if not sign_b or kind is None:
        return []
    pred = predicate_for(kind, second, aspect_of(rules, text[second.start : second.end + 30]))
    if pred is None:
        return []
    hedged = bool(rules.hedges.search(text))
    conf = confidence_of(kind, 0.8, second, 0, hedged)
    written = first.surface if first.type in COMPOUNDS else ""
    return [
        ExtractedClaim(first.entity, pred, second.entity, ctx, "supports", hedged, cites, span, conf, written)
        for ctx in contexts_of(rules, text)
    ]


def group_parity(
    ex: Extractor, st: Statement, mentions: Sequence[Mention], cites: tuple[int, ...], span: tuple[int, int]
) -> list[ExtractedClaim]:
    """ "IL-6 and TNF levels were similar across the groups": in a trial of the document's compound the
    names listed before a no-difference phrase are what the compound did not change (no effect)."""
    rules = ex.rules
    text = st.text
    found = rules.no_difference.search(text, st.body_start)
    if found is None or not st.compound or not st.compound_ok:
        return []
    before = [m for m in mentions if m.end <= found.start()]
    if not before or not rules.change_gap.fullmatch(" " + text[before[-1].end : found.start()].strip() + " "):
        return []
    hedged = bool(rules.hedges.search(text))
    kind = next((k for k in rules.kinds if k.name == "regulate"), None)
    if kind is None:
        return []
    return [
        ExtractedClaim(
            st.compound,
            Predicate.REGULATES,
            m.entity,
            ctx,
            "no_effect",
            hedged,
            cites,
            span,
            confidence_of(kind, 0.6, m, 0, hedged),
            st.compound_as_written,
        )
        for m in coordinated(text, mentions, before[-1])
        if m.entity != st.compound and m.type is not EntityType.PHENOTYPE  # adverse events: safety, no mechanism
        for ctx in contexts_of(rules, text)
    ]


def contrasted(claims: list[ExtractedClaim]) -> list[ExtractedClaim]:
    """ "X raised Y in old mice but had no effect on Y in young ones": the denied effect is the change
    asserted beside it, not an unsigned one."""
    signed = {
        (c.subject, c.object): c.predicate
        for c in claims
        if c.direction == "supports" and c.predicate is not Predicate.REGULATES
    }
    return [
        replace(c, predicate=signed[(c.subject, c.object)])
        if c.direction == "no_effect" and c.predicate is Predicate.REGULATES and (c.subject, c.object) in signed
        else c
        for c in claims
    ]


_CHARGE = "+⁺-⁻"  # a charge written after a name ("NAD+") is not part of the mention


def setting_changes(
    ex: Extractor,
    st: Statement,
    mentions: Sequence[Mention],
    triggers: Sequence[Trigger],
    parse: Parse,
    breaks: Sequence[int],
    where: Where,
) -> set[int]:
    """Changes a setting brings about: "NAD+ declines with age", "declining NAD+ levels during ageing",
    "X expression is upregulated in aged mice" say that ageing lowers or raises the name, not that the
    subject of the sentence does. Claims go to ``parse.extra``; returns the indices of the triggers read."""
    rules = ex.rules
    text = st.text
    done: set[int] = set()
    for i, trig in enumerate(triggers):
        if trig.kind.name not in ("increase", "decrease") or trig.kind.implied or not trig.text:
            continue
        after = [m for m in mentions if m.start >= trig.end]
        adjective = _setting_adjective(ex, st, trig, after)
        if adjective is not None:  # "the age-related decline in NAD+": ageing lowers NAD+
            entity, target = adjective
            done.add(i)
            parse.used.add(target.start)
            aspect = text[trig.start : target.end + 30]
            subj = (entity.id, entity.label, 0.8)
            parse.extra.extend(relation_claims(ex, st, trig, subj, [target], parse, breaks, aspect, False, where, True))
            continue
        target, rest = _changed_name(rules, st, mentions, trig)
        if target is None:
            continue
        if target.type in COMPOUNDS:
            target = replace(target, type=EntityType.CHEMICAL)  # the compound of interest, changed as a chemical
        found = next(((eid, m) for eid, pattern in rules.settings if (m := pattern.match(text, rest))), None)
        entity = ex.matcher.entity(found[0]) if found else None
        if (entity is None or found is None) and target.start < trig.start:
            agent = _treatment_after(rules, text, rest, after)
            if agent is not None:  # "IL-6 levels fell after quercetin treatment": quercetin lowers IL-6
                done.add(i)
                targets = coordinated(text, mentions, target)  # "IL-6 and CRP were lower in the X group"
                parse.used.update((*(t.start for t in targets), agent.start))
                aspect = text[target.start : trig.end + 30]
                subj = (agent.entity, agent.surface, 0.8)
                parse.extra.extend(relation_claims(ex, st, trig, subj, targets, parse, breaks, aspect, False, where))
            continue
        if entity is None or found is None:
            continue
        if target.start < trig.start and any(trig.end <= m.start < found[1].start("setting") for m in after):
            continue  # "X raised Y in aged mice": X acts on Y there; ageing changes nothing
        done.add(i)
        parse.used.add(target.start)
        aspect = text[min(target.start, trig.start) : max(target.end, trig.end) + 30]
        parse.extra.extend(
            relation_claims(
                ex, st, trig, (entity.id, entity.label, 0.8), [target], parse, breaks, aspect, False, where, True
            )
        )
    return done


def _setting_adjective(
    ex: Extractor, st: Statement, trig: Trigger, after: Sequence[Mention]
) -> tuple[Entity, Mention] | None:
    """A setting written as an adjective before a change noun ("the age-related decline in NAD+
    levels"): the setting's entity and the name changed, or None."""
    text = st.text
    if not after:
        return None
    gap = text[trig.end : after[0].start]
    noun = trig.text.endswith((" in", " of")) or re.match(r"\s{1,3}(?:in|of)\s", gap) is not None
    if not noun or re.search(r"[,;:.()]", gap) or len(gap.split()) > 4:
        return None
    if ex.rules.property_heads.match(text, after[0].end):
        return None  # "the age-associated increase in NAD+ consumption" is no rise of NAD+
    start = max(st.body_start, trig.start - 60)
    found = next((eid for eid, p in ex.rules.setting_adjectives if p.search(text, start, trig.start)), None)
    entity = ex.matcher.entity(found) if found else None
    return (entity, after[0]) if entity is not None else None


def _changed_name(
    rules: Rules, st: Statement, mentions: Sequence[Mention], trig: Trigger
) -> tuple[Mention | None, int]:
    """The name an intransitive change is of, and where the words after it end (name, offset)."""
    text = st.text
    before = [m for m in mentions if m.end <= trig.start]
    after = [m for m in mentions if m.start >= trig.end]
    if before and rules.change_gap.fullmatch(" " + text[before[-1].end : trig.start].lstrip(_CHARGE)):
        return before[-1], trig.end  # "NAD+ levels decline with age"
    if (
        after
        and re.fullmatch(r"\s{1,3}", text[trig.end : after[0].start])
        and trig.text.endswith(("ing", "ed"))
        and not _agent_before(rules, text, st.body_start, trig.start, before)
    ):
        target = after[0]  # "declining NAD+ levels during ageing"
        charge = text[target.end : target.end + 2]
        end = target.end + len(charge) - len(charge.lstrip(_CHARGE))
        gap = rules.change_gap.match(text, end)
        return target, gap.end() - 1 if gap else end
    return None, trig.end


def coordinated(
    text: str, mentions: Sequence[Mention], last: Mention, joiner: re.Pattern[str] | None = None
) -> list[Mention]:
    """``last`` and the names listed before it ("A, B and C"), in text order; ``joiner`` is what may
    stand between two of them (by default a comma, "and" or "or", with a name's "levels" or "plasma")."""
    joiner = joiner or _JOINED
    out = [last]
    earlier = [m for m in mentions if m.end <= last.start]
    while earlier and joiner.fullmatch(text, earlier[-1].end, out[0].start):
        out.insert(0, earlier.pop())
    return out


#: Between two names of one list: a comma, "and" or "or" (words of one name's levels allowed).
_JOINED = re.compile(
    r"(?:\s+(?:levels?|concentrations?|content))?\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:plasma\s+|serum\s+|blood\s+)?"
)


def _treatment_after(rules: Rules, text: str, at: int, after: Sequence[Mention]) -> Mention | None:
    """The substance given right after an intransitive change ("fell after quercetin treatment",
    "rose following administration of NMN"), or None."""
    m = rules.treated_by.match(text, at)
    if m is None:
        return None
    agent = next((a for a in after if a.start == m.end()), None)
    return agent if agent is not None and agent.type in SUBSTANCES else None


def _agent_before(rules: Rules, text: str, start: int, at: int, before: Sequence[Mention]) -> bool:
    """Does the clause before ``at`` name an agent ("X supplementation improved Y", "it raised Y")?
    Then the verb is X's doing, not a change that a setting ("in older adults") brings about."""
    stop = max((m.end() for m in rules.breaks.finditer(text, start, at)), default=start)
    return any(m.start >= stop for m in before) or rules.anaphors.search(text, stop, at) is not None
