"""From one statement to draft claims: relations, setting changes, modifiers, roles and routes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from kg.extract.extractor import ExtractedClaim, Extractor
from kg.extract.matcher import Mention
from kg.extract.rules import COMPOUNDS, MOLECULAR, Rules, contexts_of
from kg.extract.statement import Parse, Statement, Subject, aspect_of, confidence_of, predicate_for
from kg.extract.subject import SUBJECT_GAP, choose_subject, co_subjects
from kg.extract.triggers import (
    PASSIVE_BY,
    Trigger,
    against_triggers,
    arrow_links,
    chain_triggers,
    find_triggers,
    passive_agents,
)
from kg.model import EntityType, Predicate

__all__ = ["statement_claims"]


_QUANTITY = re.compile(r"^\s*\(?\s*(~?\d+(?:\.\d+)?\s*%)")


#: "the (beneficial) effects of", "the actions of" right before a compound: what is changed is the effect.
_EFFECTS_OF = re.compile(r"\b(?:effects?|actions?|benefits?|activity|activities|properties|efficacy) of\s+$", re.I)


_AFTER_OBJECT = re.compile(r"^(?:(?!\b(?:and|or)\b)[^,;.()\[\]]){0,40}")  # up to the next list item
_NOT_OBJECT = re.compile(r"^-(?:dependent|related|associated|like|positive|negative)\b", re.IGNORECASE)


def statement_claims(
    ex: Extractor, st: Statement, cites: tuple[int, ...], span: tuple[int, int], table_row: bool
) -> list[ExtractedClaim]:
    rules = ex.rules
    text = st.text
    mentions = [m for m in st.mentions if m.start >= st.body_start]
    found = [t for t in find_triggers(rules, text, st.mentions) if t.start >= st.body_start]
    triggers = chain_triggers(rules, text, against_triggers(ex, text, st.body_start, found), st.mentions)
    modifiers = [m for m in mentions if rules.modifiers.match(text[m.end : m.end + 14])]
    roles = [] if table_row else [(m, r) for m in mentions if (r := _ROLE_NOUN.match(text, m.end))]
    arrows = [] if table_row else arrow_links(text, mentions)
    if not triggers and not modifiers and not roles and not arrows:
        return []  # nothing said of anything: the common case, decided before the costlier cues
    hedged = bool(rules.hedges.search(text))
    contexts = contexts_of(rules, text)
    breaks = [m.start() for m in rules.breaks.finditer(text)]
    out: list[ExtractedClaim] = []
    parse = Parse(triggers=triggers)
    increase_kind = next((k for k in rules.kinds if k.name == "increase" and not k.implied), None)
    parse.used.update(m.start for m in modifiers)
    if not table_row:
        out.extend(_modifier_claims(ex, st, mentions, modifiers, breaks, cites, span, contexts, hedged))
        out.extend(_role_claims(ex, st, mentions, roles, cites, span, contexts, hedged))
    where = (cites, span, contexts, hedged)
    activate = next((k for k in rules.kinds if k.name == "activate" and not k.implied), None)
    for a, b, arrow in arrows if activate else ():
        # "X → TrkB → PI3K → Akt": each step of a drawn chain activates the next
        trig = Trigger(arrow[0], arrow[1], activate, text[arrow[0] : arrow[1]])
        subj = (a.entity, a.surface, 0.85)
        out.extend(_relation_claims(ex, st, trig, subj, [b], parse, breaks, "", False, where))
    if not triggers:
        return out
    settled = set() if table_row else _setting_changes(ex, st, mentions, triggers, parse, breaks, where)
    for i, trig in enumerate(triggers):
        if i in settled:
            continue
        passive = None if table_row else passive_agents(rules, text, trig, mentions, breaks)
        if passive is not None:
            # "mTORC1 is activated by Ras", "NAD+ biosynthesis mediated by NAMPT": the agent after
            # "by" acts on the name before the verb
            agents, patient = passive
            parse.subjects.append(None)  # the agent of a passive is not the subject later clauses inherit
            parse.objects.append([patient])
            parse.used.update(m.start for m in [patient, *agents])
            for agent in agents:
                out.extend(
                    _relation_claims(
                        ex, st, trig, (agent.entity, agent.surface, 0.9), [patient], parse, breaks, "", False,
                        (cites, span, contexts, hedged),
                    )
                )  # fmt: skip
            continue
        if table_row:
            # a table row: the entity of the first cell is the object, a compound (or the document's) the subject
            objects = [m for m in mentions if m.type not in COMPOUNDS][:1]
            subject = next((m for m in mentions if m.type in COMPOUNDS), None)
            subj: Subject | None = (subject.entity, subject.surface, 1.0) if subject else None
            if subj is None and st.compound and st.compound_ok:
                subj = (st.compound, st.compound_as_written, 0.8)
            aspect_text = text[: objects[0].end + 40] if objects else ""
        else:
            end = len(text)
            for b in breaks:
                if b >= trig.end:
                    end = min(end, b)
                    break
            for nxt in triggers[i + 1 :]:
                if nxt.kind.breaks:
                    end = min(end, nxt.start)
                    break
            objects = [m for m in mentions if trig.end <= m.start and m.end <= end]
            following_verb = triggers[i + 1] if i + 1 < len(triggers) else None
            if objects and following_verb is not None:
                last = objects[-1]
                lead_in = text[objects[-2].end if len(objects) > 1 else trig.end : last.start]
                gap = text[last.end : following_verb.start]
                if (
                    SUBJECT_GAP.fullmatch(gap)
                    and not gap.strip().startswith((",", ")"))
                    and not following_verb.text.lower().endswith((" of", " in", " on"))
                    and re.fullmatch(r"[^()]*,\s*", lead_in)
                    and not PASSIVE_BY.match(text, following_verb.end)
                ):
                    objects = objects[:-1]  # "By blocking X, Y lowers Z": Y opens the next clause
            if trig.kind.implied:
                implied = ex.matcher.entity(trig.kind.implied)
                objects = [Mention(trig.start, trig.end, implied.id, implied.type, trig.text, False)] if implied else []
            following = triggers[i + 1] if i + 1 < len(triggers) else None
            if (
                not objects
                and following
                and re.fullmatch(r"[\s,]*(?:and|or|and/or)\s*", text[trig.end : following.start])
            ):
                # "phosphorylates and activates Akt": coordinated verbs share their objects
                stop = next((b for b in breaks if b >= following.end), len(text))
                objects = [m for m in mentions if following.end <= m.start and m.end <= stop]
            if not objects and not trig.kind.implied:
                objects = _demonstrative_objects(rules, st, mentions, text, trig.end, end)
            subj = choose_subject(ex, st, mentions, trig, triggers[:i], parse)
            if trig.text.lower().endswith(" of") and objects:
                agent = re.match(r"\s*(?:by|with|using)\s+", text[objects[0].end :], re.IGNORECASE)
                start = objects[0].end + agent.end() if agent else -1
                after = [
                    m
                    for m in mentions
                    if agent
                    and m.start >= start
                    and re.fullmatch(r"(?:the\s+)?(?:[a-z-]+\s+){0,2}", text[start : m.start])
                ][:1]
                if after:  # "activation of X by Y": Y is the subject
                    subj, objects = (after[0].entity, after[0].surface, 0.9), [objects[0]]
                    parse.used.add(after[0].start)
            aspect_text = ""
        # "oxidative stress-induced apoptosis": a name used as a modifier is not an object
        objects = [
            m
            for m in objects
            if not rules.modifiers.match(text[m.end : m.end + 14]) and not _NOT_OBJECT.match(text[m.end : m.end + 14])
        ]
        # "pathways like PI3K/Akt and Shh", "BDNF and NGF signaling": a protein listed with a pathway
        # stands for the pathway it names
        if any(m.type is EntityType.PATHWAY for m in objects):
            objects = [_as_pathway(ex, m) for m in objects]
        # "activation of A and subsequent expression of genes for B": B is downstream of A, not of the subject
        consequences: list[Mention] = []
        if not table_row:
            for k in range(1, len(objects)):
                if _DOWNSTREAM.search(text, objects[k - 1].end, objects[k].start):
                    objects, consequences = objects[:k], objects[k:]
                    break
        parse.subjects.append(subj)
        parse.objects.append(objects)
        parse.used.update(m.start for m in [*objects, *consequences])
        if consequences and increase_kind is not None:
            cause = objects[-1]
            out.extend(
                _relation_claims(
                    ex,
                    st,
                    Trigger(cause.end, cause.end, increase_kind, ""),
                    (cause.entity, cause.surface, 0.7),
                    consequences,
                    parse,
                    breaks,
                    "",
                    False,
                    (cites, span, contexts, hedged),
                )
            )
        if subj is None:
            continue
        subjects = [subj, *co_subjects(st, mentions, subj, trig)]
        if objects and not table_row:
            # "promotes angiogenesis via VEGF and Ang-1 pathways": the named routes do it too
            subjects += [(m.entity, m.surface, 0.7) for m in _routes(ex, st, mentions, objects[-1].end, breaks)]
        for subj_id, subj_written, subj_quality in subjects:
            out.extend(
                _relation_claims(
                    ex,
                    st,
                    trig,
                    (subj_id, subj_written, subj_quality),
                    objects,
                    parse,
                    breaks,
                    aspect_text,
                    table_row,
                    (cites, span, contexts, hedged),
                )
            )
        if table_row:
            break
    return [*out, *parse.extra]


#: Text between two triggers across which a negation before the first also denies the second.
_NEGATION_CARRIES = re.compile(r"[^,;]{0,80}?\b(?:or|nor)\b[^,;]{0,40}", re.IGNORECASE)


_CHARGE = "+⁺-⁻"  # a charge written after a name ("NAD+") is not part of the mention


def _setting_changes(
    ex: Extractor,
    st: Statement,
    mentions: Sequence[Mention],
    triggers: Sequence[Trigger],
    parse: Parse,
    breaks: Sequence[int],
    where: tuple[tuple[int, ...], tuple[int, int], Sequence[str], bool],
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
        before = [m for m in mentions if m.end <= trig.start]
        after = [m for m in mentions if m.start >= trig.end]
        target: Mention | None = None
        rest = trig.end
        if before and rules.change_gap.fullmatch(" " + text[before[-1].end : trig.start].lstrip(_CHARGE)):
            target = before[-1]  # "NAD+ levels decline with age"
        elif (
            after
            and re.fullmatch(r"\s{1,3}", text[trig.end : after[0].start])
            and trig.text.endswith(("ing", "ed"))
            and not _agent_before(rules, text, st.body_start, trig.start, before)
        ):
            target = after[0]  # "declining NAD+ levels during ageing"
            charge = text[target.end : target.end + 2]
            end = target.end + len(charge) - len(charge.lstrip(_CHARGE))
            gap = rules.change_gap.match(text, end)
            rest = gap.end() - 1 if gap else end
        if target is None:
            continue
        if target.type in COMPOUNDS:
            target = replace(target, type=EntityType.CHEMICAL)  # the compound of interest, changed as a chemical
        found = next(((eid, m) for eid, pattern in rules.settings if (m := pattern.match(text, rest))), None)
        entity = ex.matcher.entity(found[0]) if found else None
        if entity is None or found is None:
            continue
        if target.start < trig.start and any(trig.end <= m.start < found[1].start("setting") for m in after):
            continue  # "X raised Y in aged mice": X acts on Y there; ageing changes nothing
        done.add(i)
        parse.used.add(target.start)
        aspect = text[min(target.start, trig.start) : max(target.end, trig.end) + 30]
        parse.extra.extend(
            _relation_claims(
                ex, st, trig, (entity.id, entity.label, 0.8), [target], parse, breaks, aspect, False, where, True
            )
        )
    return done


def _agent_before(rules: Rules, text: str, start: int, at: int, before: Sequence[Mention]) -> bool:
    """Does the clause before ``at`` name an agent ("X supplementation improved Y", "it raised Y")?
    Then the verb is X's doing, not a change that a setting ("in older adults") brings about."""
    stop = max((m.end() for m in rules.breaks.finditer(text, start, at)), default=start)
    return any(m.start >= stop for m in before) or rules.anaphors.search(text, stop, at) is not None


def _relation_claims(
    ex: Extractor,
    st: Statement,
    trig: Trigger,
    subj: Subject,
    objects: Sequence[Mention],
    parse: Parse,
    breaks: Sequence[int],
    aspect_text: str,
    table_row: bool,
    where: tuple[tuple[int, ...], tuple[int, int], Sequence[str], bool],
    setting: bool = False,
) -> list[ExtractedClaim]:
    """The records one trigger gives for one subject: one per object and context. A ``setting``
    (ageing) may change molecules, which other processes named as subjects may not."""
    subj_id, subj_written, subj_quality = subj
    cites, span, contexts, hedged = where
    rules = ex.rules
    text = st.text
    if hedged and trig.text and not table_row:
        # a hedge speaks of what follows it: "X does not inhibit A, and it may lower B" hedges B only
        hedged = bool(rules.hedges.search(text, 0, trig.start))
    out: list[ExtractedClaim] = []
    subj_type = ex.matcher.entities[subj_id].type
    if trig.kind.name in rules.compound_subject_only and subj_type not in COMPOUNDS:
        return out
    invert = bool(
        subj_written
        and re.search(re.escape(subj_written) + _LOSS_OF_FUNCTION.pattern, text[: trig.start], re.IGNORECASE)
    )
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
    negated = bool(rules.negation.search(window if table_row else window[-40:])) or bool(
        re.match(r"\W*(?:had |has |have |showed |shows )?no\b", text[trig.end : trig.end + 20], re.IGNORECASE)
    )
    for obj in objects:
        if obj.entity == subj_id:
            continue
        if (
            not setting
            and subj_type in rules.non_molecular_subjects
            and (obj.type in MOLECULAR or obj.type is EntityType.PATHWAY)
        ):
            continue
        if aspect_text:
            aspect = aspect_of(rules, aspect_text)
        else:
            after = _AFTER_OBJECT.match(text[obj.end :])
            aspect = aspect_of(rules, text[trig.start : obj.start] + " | " + (after.group(0) if after else ""))
        if obj.type in COMPOUNDS and _EFFECTS_OF.search(text, max(trig.end, obj.start - 40), obj.start):
            continue  # "reverses the beneficial effects of X": the effects are the object, not X
        pred = predicate_for(trig.kind, obj, aspect)
        if pred is None:
            continue
        if invert:
            pred = _INVERSE.get(pred, pred)  # "X knockdown lowers Y": X raises Y
        parse.used.add(obj.start)
        quantity = ""
        if pred is Predicate.HAS_PART:
            q = _QUANTITY.match(text[obj.end : obj.end + 12])
            quantity = q.group(1).replace(" ", "") if q else ""
        distance = 0 if table_row else max(0, obj.start - trig.end)
        conf = confidence_of(trig.kind, subj_quality, obj, distance, hedged)
        for ctx in contexts:
            out.append(
                ExtractedClaim(
                    subject=subj_id,
                    predicate=pred,
                    object=obj.entity,
                    context=ctx,
                    direction="no_effect" if negated else "supports",
                    hedged=hedged,
                    cites=cites,
                    span=span,
                    confidence=conf,
                    as_written=subj_written if subj_type in COMPOUNDS else "",
                    quantity=quantity,
                )
            )
    return out


#: Words after a subject that say it was removed or blocked: the effect seen is the opposite of its role.
_LOSS_OF_FUNCTION = re.compile(
    r"(?:\s*-\s*|\s+)(?:deficiency|deficient|knock-?down|knock-?out|loss|depletion|deletion|silencing|ablation|"
    r"null|inhibition|blockade|-/-)\b[^.;]{0,80}$"
)
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
_DOWNSTREAM = re.compile(r"\b(?:subsequent(?:ly)?|downstream|in turn)\b", re.IGNORECASE)
_ROUTE = re.compile(r"\s*(?:via|through|by way of)\s+(?:the\s+)?", re.IGNORECASE)


def _routes(
    ex: Extractor, st: Statement, mentions: Sequence[Mention], end: int, breaks: Sequence[int]
) -> list[Mention]:
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
        named = [_as_pathway(ex, m) for m in named]
    return named


def _modifier_claims(
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
        targets = [first]
        for m in mentions:  # "X-induced A, B and C": every coordinated name
            if m.start >= targets[-1].end and re.fullmatch(r"\s*,?\s*(?:and|or)?\s*", text[targets[-1].end : m.start]):
                targets.append(m)
        subject_type = ex.matcher.entities[mod.entity].type
        for target in targets:
            if subject_type in ex.rules.non_molecular_subjects and target.type in MOLECULAR:
                continue
            after = _AFTER_OBJECT.match(text[target.end :])
            aspect = aspect_of(ex.rules, text[start : target.start] + " | " + (after.group(0) if after else ""))
            pred = predicate_for(kind, target, aspect)
            if pred is None or target.entity == mod.entity:
                continue
            conf = confidence_of(kind, 0.8, target, target.start - start, hedged)
            written = mod.surface if subject_type in COMPOUNDS else ""
            for ctx in contexts:
                out.append(
                    ExtractedClaim(mod.entity, pred, target.entity, ctx, "supports", hedged, cites, span, conf, written)
                )
    return out


#: A role noun after a name: "an mTOR inhibitor", "a melatonin receptor agonist", "COX-2 blockers".
_ROLE_NOUN = re.compile(
    r"[\s-]{1,2}(?P<role>inhibitors?|blockers?|antagonists?|suppressors?|agonists?|activators?|stimulators?|"
    r"inducers?|enhancers?|modulators?|ligands?)\b",
    re.IGNORECASE,
)
_ROLE_PREDICATE = {
    "inhibitor": Predicate.INHIBITS, "blocker": Predicate.INHIBITS, "antagonist": Predicate.INHIBITS,
    "suppressor": Predicate.INHIBITS, "agonist": Predicate.ACTIVATES, "activator": Predicate.ACTIVATES,
    "stimulator": Predicate.ACTIVATES, "inducer": Predicate.ACTIVATES, "enhancer": Predicate.ACTIVATES,
    "modulator": Predicate.REGULATES, "ligand": Predicate.BINDS,
}  # fmt: skip


def _role_claims(
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
        if target.type not in MOLECULAR and target.type is not EntityType.PATHWAY:
            continue
        pred = _ROLE_PREDICATE[role.group("role").lower().rstrip("s")]
        before = [m for m in mentions if m.end <= target.start and m.type in {*COMPOUNDS, EntityType.CHEMICAL}]
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


def _as_pathway(ex: Extractor, m: Mention) -> Mention:
    pathway = ex.matcher.pathway_of.get(m.entity)
    if pathway is None:
        return m
    return Mention(m.start, m.end, pathway, EntityType.PATHWAY, m.surface, False)


def _demonstrative_objects(
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
