"""From one statement to draft claims: relations, setting changes, modifiers, roles and routes."""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.extract.changes import comparison, contrasted, coordinated, group_parity, setting_changes
from kg.extract.cosubjects import co_subjects
from kg.extract.extractor import ExtractedClaim, Extractor
from kg.extract.listlead import list_item_objects
from kg.extract.mention import Mention
from kg.extract.modifiers import ROLE_NOUN, as_pathway, modifier_claims, role_claims, routes
from kg.extract.objects import trigger_objects
from kg.extract.relations import Where, relation_claims
from kg.extract.rows import part_claims, table_row_parts
from kg.extract.rules import Rules, TriggerKind, contexts_of
from kg.extract.statement import Parse, Statement, Subject
from kg.extract.subject import choose_subject
from kg.extract.triggers import (
    Trigger,
    against_triggers,
    arrow_links,
    chain_triggers,
    find_triggers,
    passive_agents,
)
from kg.model import EntityType

__all__ = ["statement_claims"]

#: A plural pronoun right after a verb: its objects are the previous verb's.
_THEM = re.compile(r"\s{1,3}them\b", re.IGNORECASE)
_NOT_OBJECT = re.compile(
    r"^-(?:dependent|related|associated|like|positive|negative|stimulated|treated|challenged|exposed|primed|pretreated)\b",
    re.IGNORECASE,
)  # "LPS-stimulated macrophages": the name sets the scene


def statement_claims(
    ex: Extractor, st: Statement, cites: tuple[int, ...], span: tuple[int, int], table_row: bool
) -> list[ExtractedClaim]:
    """The draft claims of one statement (of a list item joined to its lead-in, those on the item's names)."""
    claims = _claims_of(ex, st, cites, span, table_row)
    if st.part_row:
        claims = [*part_claims(ex, st, cites, span), *claims]
    return claims if st.list_start < 0 else list_item_objects(claims, st.mentions, st.list_start)


def _claims_of(
    ex: Extractor, st: Statement, cites: tuple[int, ...], span: tuple[int, int], table_row: bool
) -> list[ExtractedClaim]:
    """The draft claims of one statement: modifiers, roles, arrows, then each trigger in text order."""
    rules = ex.rules
    text = st.text
    if _asserts_nothing(rules, st):
        return []
    mentions = [m for m in st.mentions if m.start >= st.body_start]
    found = [t for t in find_triggers(rules, text, st.mentions) if t.start >= st.body_start]
    triggers = chain_triggers(rules, text, against_triggers(ex, text, st.body_start, found), st.mentions)
    modifiers = [m for m in mentions if rules.modifiers.match(text[m.end : m.end + 14])]
    roles = [] if table_row else [(m, r) for m in mentions if (r := ROLE_NOUN.match(text, m.end))]
    arrows = [] if table_row else arrow_links(text, mentions)
    if not table_row and (
        compared := comparison(ex, st, mentions, cites, span) or group_parity(ex, st, mentions, cites, span)
    ):
        return compared  # "Higher X levels mean more Y", "X was similar across the groups": the statement
    if not triggers and not modifiers and not roles and not arrows:
        return []  # nothing said of anything: the common case, decided before the costlier cues
    hedged = st.lead_hedged or bool(rules.hedges.search(text))
    contexts = contexts_of(rules, text)
    breaks = [m.start() for m in rules.breaks.finditer(text)]
    out: list[ExtractedClaim] = []
    parse = Parse(triggers=triggers)
    increase_kind = next((k for k in rules.kinds if k.name == "increase" and not k.implied), None)
    parse.used.update(m.start for m in modifiers)
    if not table_row:
        out.extend(modifier_claims(ex, st, mentions, modifiers, breaks, cites, span, contexts, hedged))
        out.extend(role_claims(ex, st, mentions, roles, cites, span, contexts, hedged))
    where = (cites, span, contexts, hedged)
    out.extend(_arrow_claims(ex, st, arrows, parse, breaks, where))
    if not triggers:
        return out
    settled = set() if table_row else setting_changes(ex, st, mentions, triggers, parse, breaks, where)
    for i, trig in enumerate(triggers):
        if i in settled:
            continue
        passive = (
            None if table_row else passive_agents(rules, text, trig, _with_pronoun(ex, st, mentions, trig), breaks)
        )
        if passive is not None:
            out.extend(_passive_claims(ex, st, trig, passive, parse, breaks, where))
            continue
        if table_row:
            objects, subj, aspect_text = table_row_parts(st, mentions)
        else:
            objects, subj, aspect_text = _running_parts(ex, st, mentions, i, breaks, parse)
        objects, consequences = _kept_objects(ex, text, objects, table_row)
        parse.subjects.append(subj)
        parse.objects.append(objects)
        parse.used.update(m.start for m in [*objects, *consequences])
        if consequences and increase_kind is not None:
            out.extend(_consequence_claims(ex, st, increase_kind, objects[-1], consequences, parse, breaks, where))
        if subj is None:
            continue
        out.extend(_subject_claims(ex, st, mentions, trig, subj, objects, parse, breaks, aspect_text, table_row, where))
        if table_row:
            break
    return contrasted([*out, *parse.extra])


def _asserts_nothing(rules: Rules, st: Statement) -> bool:
    """A plan of the text ("In this review we describe how X acts on Y") or a question ("Does X lower Y?")."""
    return rules.outline.match(st.text, st.body_start) is not None or st.text.rstrip().endswith("?")


def _running_parts(
    ex: Extractor, st: Statement, mentions: Sequence[Mention], i: int, breaks: list[int], parse: Parse
) -> tuple[list[Mention], Subject | None, str]:
    """The objects and subject of the ``i``-th trigger of running text (objects, subject, aspect text)."""
    triggers, trig = parse.triggers, parse.triggers[i]
    objects = trigger_objects(ex, st, mentions, triggers, i, breaks, parse.used)
    if not objects and parse.objects and _THEM.match(st.text, trig.end):
        objects = list(parse.objects[-1])  # "binds A and B and may block them": A and B
    subj = choose_subject(ex, st, mentions, trig, triggers[:i], parse)
    subj, objects = _agent_after_of(st, mentions, trig, subj, objects, parse)
    return objects, subj, ""


def _arrow_claims(
    ex: Extractor,
    st: Statement,
    arrows: Sequence[tuple[Mention, Mention, tuple[int, int]]],
    parse: Parse,
    breaks: list[int],
    where: Where,
) -> list[ExtractedClaim]:
    """ "X → TrkB → PI3K → Akt": each step of a drawn chain activates the next."""
    activate = next((k for k in ex.rules.kinds if k.name == "activate" and not k.implied), None)
    out: list[ExtractedClaim] = []
    for a, b, arrow in arrows if activate else ():
        trig = Trigger(arrow[0], arrow[1], activate, st.text[arrow[0] : arrow[1]])
        out.extend(relation_claims(ex, st, trig, (a.entity, a.surface, 0.85), [b], parse, breaks, "", False, where))
    return out


def _subject_claims(
    ex: Extractor,
    st: Statement,
    mentions: Sequence[Mention],
    trig: Trigger,
    subj: Subject,
    objects: list[Mention],
    parse: Parse,
    breaks: list[int],
    aspect_text: str,
    table_row: bool,
    where: Where,
) -> list[ExtractedClaim]:
    """The claims of one trigger for its subject, the names that act with it and the routes it takes."""
    subjects = [subj, *co_subjects(st, mentions, subj, trig)]
    if objects and not table_row:
        # "promotes angiogenesis via VEGF and Ang-1 pathways": the named routes do it too
        subjects += [(m.entity, m.surface, 0.7) for m in routes(ex, st, mentions, objects[-1].end, breaks)]
    out: list[ExtractedClaim] = []
    for subj_id, subj_written, subj_quality in subjects:
        out.extend(
            relation_claims(
                ex,
                st,
                trig,
                (subj_id, subj_written, subj_quality),
                objects,
                parse,
                breaks,
                aspect_text,
                table_row,
                where,
            )
        )
    return out


def _with_pronoun(ex: Extractor, st: Statement, mentions: Sequence[Mention], trig: Trigger) -> Sequence[Mention]:
    """``mentions`` with a pronoun for the compound of interest when the clause before ``trig`` names
    nothing else ("It is metabolized by CYP3A4": CYP3A4 acts on the compound)."""
    if not (st.compound and st.compound_ok) or any(m.end <= trig.start for m in mentions):
        return mentions
    pronouns = list(ex.rules.anaphors.finditer(st.text, st.body_start, trig.start))
    if not pronouns:
        return mentions
    p = pronouns[-1]
    entity = ex.matcher.entities.get(st.compound)
    etype = entity.type if entity is not None else EntityType.COMPOUND
    return [Mention(p.start(), p.end(), st.compound, etype, p.group(0), False), *mentions]


def _passive_claims(
    ex: Extractor,
    st: Statement,
    trig: Trigger,
    passive: tuple[list[Mention], Mention],
    parse: Parse,
    breaks: list[int],
    where: Where,
) -> list[ExtractedClaim]:
    """A verb in the passive: each agent after "by" acts on the name before the verb."""
    # "mTORC1 is activated by Ras", "NAD+ biosynthesis mediated by NAMPT": the agent after
    # "by" acts on the name before the verb
    agents, patient = passive
    patients = coordinated(st.text, st.mentions, patient, _LIST_GAP)  # "A and B were suppressed by X"
    parse.subjects.append(None)  # the agent of a passive is not the subject later clauses inherit
    parse.objects.append(patients)
    parse.used.update(m.start for m in [*patients, *agents])
    # the aspect is written before the names: "the phosphorylation of A and B was suppressed by X"
    aspect = st.text[max(0, patients[0].start - 40) : trig.start]
    out: list[ExtractedClaim] = []
    for agent in agents:
        out.extend(
            relation_claims(
                ex, st, trig, (agent.entity, agent.surface, 0.9), patients, parse, breaks, aspect, False, where
            )
        )
    return out


#: Between two names of a list: a comma, "and" or "or"; never nothing ("p38 MAPK" is one name).
_LIST_GAP = re.compile(r"(?! *$)\s*(?:,\s*)?(?:and|or)?\s*(?:,\s*)?")


def _agent_after_of(
    st: Statement,
    mentions: Sequence[Mention],
    trig: Trigger,
    subj: Subject | None,
    objects: list[Mention],
    parse: Parse,
) -> tuple[Subject | None, list[Mention]]:
    """ "activation of X by Y": Y is the subject and X the one object; otherwise both unchanged."""
    text = st.text
    if trig.text.lower().endswith(" of") and objects:
        agent = re.match(r"\s*(?:by|with|using)\s+", text[objects[0].end :], re.IGNORECASE)
        start = objects[0].end + agent.end() if agent else -1
        after = [
            m
            for m in mentions
            if agent and m.start >= start and re.fullmatch(r"(?:the\s+)?(?:[a-z-]+\s+){0,2}", text[start : m.start])
        ][:1]
        if after:  # "activation of X by Y": Y is the subject
            subj, objects = (after[0].entity, after[0].surface, 0.9), [objects[0]]
            parse.used.add(after[0].start)
    return subj, objects


def _kept_objects(
    ex: Extractor, text: str, objects: list[Mention], table_row: bool
) -> tuple[list[Mention], list[Mention]]:
    """The objects a trigger keeps, and the names downstream of them (objects, consequences)."""
    # "oxidative stress-induced apoptosis": a name used as a modifier is not an object
    objects = [
        m
        for m in objects
        if not ex.rules.modifiers.match(text[m.end : m.end + 14]) and not _NOT_OBJECT.match(text[m.end : m.end + 14])
    ]
    # "pathways like PI3K/Akt and Shh", "BDNF and NGF signaling": a protein listed with a pathway
    # stands for the pathway it names
    if any(m.type is EntityType.PATHWAY for m in objects):
        objects = [as_pathway(ex, m) for m in objects]
    # "activation of A and subsequent expression of genes for B": B is downstream of A, not of the subject
    consequences: list[Mention] = []
    if not table_row:
        for k in range(1, len(objects)):
            if _DOWNSTREAM.search(text, objects[k - 1].end, objects[k].start):
                objects, consequences = objects[:k], objects[k:]
                break
    return objects, consequences


def _consequence_claims(
    ex: Extractor,
    st: Statement,
    increase_kind: TriggerKind,
    cause: Mention,
    consequences: list[Mention],
    parse: Parse,
    breaks: list[int],
    where: Where,
) -> list[ExtractedClaim]:
    """The last object raises the names said to follow it ("and subsequent expression of B")."""
    return relation_claims(
        ex,
        st,
        Trigger(cause.end, cause.end, increase_kind, ""),
        (cause.entity, cause.surface, 0.7),
        consequences,
        parse,
        breaks,
        "",
        False,
        where,
    )


_DOWNSTREAM = re.compile(r"\b(?:subsequent(?:ly)?|downstream|in turn)\b", re.IGNORECASE)
