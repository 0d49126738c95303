"""Choosing a trigger's subject: the nearest fitting name, fronted and clause subjects, co-subjects."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from kg.extract.extractor import Extractor
from kg.extract.mention import Mention
from kg.extract.rules import COMPOUNDS, Rules
from kg.extract.statement import Parse, Statement, Subject
from kg.extract.triggers import NOMINAL, PARTICIPLE, PASSIVE_BY, Trigger
from kg.model import EntityType

__all__ = ["SUBJECT_GAP", "choose_subject"]

#: An apposition between two names: "resveratrol, a small polyphenol".
_APPOSITION = re.compile(r"\s*,\s*(?:a|an|the)\s+(?:[\w-]+\s+){0,3}", re.IGNORECASE)
# "X is a synthetic tetrapeptide composed of…", "X is a flavonol that inhibits…": the class named
# after the copula is what X is, so the clause after it speaks of X
_COPULA_NOMINAL = re.compile(
    r"\s+(?:(?:is|was)\s+(?:a|an|one)|(?:are|were)(?:\s+(?:the|two|several|many))?)\s+(?:[\w-]+\s+){0,3}", re.IGNORECASE
)
#: Words that open a clause of its own, with a subject of its own.
_CLAUSE_START = re.compile(r"[;:]|\b(?:that|which|who|whereas|while|because|since|although|when|where|if)\b", re.I)
#: What may stand between a subject and its verb: commas, auxiliaries, modals, adverbs, raising verbs.
SUBJECT_GAP = re.compile(
    r"\s*(?:[,)]\s*)?(?:(?:also|further|then|thus|therefore|significantly|strongly|markedly|reportedly|directly|"
    r"indirectly|potently|may|might|can|could|will|would|does|do|did|has|have|had|is|are|was|were|be|been|being|"
    r"to|shown|found|reported|known|thought|suggested|believed|proposed|demonstrated|able|not|helps?|helped|"
    r"appears?|seems?|in\s+turn|in\s+part|further|both|itself|themselves|each)\s+){0,8}",
    re.IGNORECASE,
)
# "It scavenges X, inhibits Y, and lowers Z": a finite verb after "X," opens another verb phrase of
# the same subject (X is the object of the phrase before)
_VERB_LIST = re.compile(r"\s*,\s*(?:and\s+|as well as\s+)?(?:\w+ly\s+)?")
_FINITE = re.compile(r"[a-z]{3,}(?:s|ed)\b")


class _Undecided(Enum):
    """A subject rule that does not apply: the next rule decides."""

    NEXT = 0


_NEXT = _Undecided.NEXT


@dataclass(frozen=True)
class _Scene:
    """What choosing one trigger's subject looks at."""

    ex: Extractor
    st: Statement
    mentions: Sequence[Mention]
    trig: Trigger
    earlier: Sequence[Trigger]
    parse: Parse
    before: list[Mention]  # the mentions that end before the trigger
    lead: str  # the text between the last of them (or the statement's start) and the trigger


def _heads(text: str, before: Sequence[Mention]) -> Sequence[Mention]:
    """The names before a verb without a short form in parentheses right after its long form
    ("… receptors (GPCR) which bind": GPCR restates the receptors)."""
    if len(before) > 2 and re.fullmatch(r"\s*\(\s*", text[before[-2].end : before[-1].start]):
        return before[:-1]
    return before


#: Before a gerund that goes on a list of what the clause's subject does: "…, improving", "…, and restoring".
_LISTED_GERUND = re.compile(r"(?:,|\band)\s*$", re.IGNORECASE)

#: ", which" right after a name: what follows speaks of that name ("a mixture of peptides that have anti-…
#: properties" still speaks of the mixture).
_RELATIVE_LEAD = re.compile(r"\s*,\s*which\s", re.IGNORECASE)
#: Between a verb that found no object and the implied effect it takes: "improves the (immune and) anti-…".
_IMPLIED_OBJECT = re.compile(r"[^.;:()\[\]]{0,40}")


def _implied_subject(sc: _Scene) -> Subject | None:
    """The subject of an implied effect ("X has anti-inflammatory effects"): the name before a relative
    pronoun, the subject a gerund list or an objectless verb before it shares, the compound named
    before it, or the document's compound an anaphor stands for."""
    st, trig, before, parse, text = sc.st, sc.trig, sc.before, sc.parse, sc.st.text
    if before and _RELATIVE_LEAD.match(sc.lead):
        return (before[-1].entity, before[-1].surface, 0.85)  # "X raises Y, which has anti-… effects"
    previous = parse.previous_subject
    gerund = trig.text.split()[0].lower().endswith("ing")
    if previous is not None and gerund and _LISTED_GERUND.search(text[: trig.start]):
        return previous  # "X raises A, improving the anti-tumour functions": the gerunds share X
    if (
        sc.earlier
        and parse.subjects
        and parse.subjects[-1] is not None
        and not parse.objects[-1]
        and _IMPLIED_OBJECT.fullmatch(text, sc.earlier[-1].end, trig.start)
    ):
        return parse.subjects[-1]  # "X improves the anti-tumour functions": the verb's subject
    named = [m for m in before if m.type in COMPOUNDS]
    if named:
        return (named[-1].entity, named[-1].surface, 0.9)
    if st.compound and st.compound_ok and sc.ex.rules.anaphors.search(text[st.body_start : trig.start]):
        return (st.compound, st.compound_as_written, 0.7)
    return None


def _implied_or_bound(sc: _Scene) -> Subject | _Undecided | None:
    """An implied effect's subject (:func:`_implied_subject`); a non-breaking trigger the name right before it."""
    trig, before, lead, text = sc.trig, sc.before, sc.lead, sc.st.text
    if trig.kind.implied and (implied := _implied_subject(sc)) is not None:
        return implied
    by_gerund = trig.text.lower().split()[0].endswith("ing") and re.search(
        r"\b(?:by|through|via|thereby|without)\s*$", text[: trig.start], re.IGNORECASE
    )
    heads = _heads(text, before)
    defined = (
        len(heads) > 1
        and re.fullmatch(r"[\s)]*(?:which|that)\s+(?:\w+\s+){0,2}", lead, re.IGNORECASE) is not None
        and _COPULA_NOMINAL.fullmatch(text, heads[-2].end, heads[-1].start) is not None
    )  # "X are G protein-coupled receptors that bind Y": X binds Y
    if not trig.kind.breaks and before and not by_gerund and not defined:  # "by binding X": the clause's subject
        m = before[-1]
        return (m.entity, m.surface, 0.9)
    return _NEXT


def _linked_subject(sc: _Scene) -> Subject | _Undecided | None:
    """A causal link ("activation of X leads to …") carries the previous relation's object or subject."""
    trig, earlier, parse, rules, text = sc.trig, sc.earlier, sc.parse, sc.ex.rules, sc.st.text
    if earlier and parse.objects:
        prev_trig, prev_objects = earlier[-1], parse.objects[-1]
        link = text[prev_objects[-1].end if prev_objects else prev_trig.end : trig.start]
        if rules.causal_links.search(link) and re.fullmatch(r"[^.;]{0,60}", link):
            if prev_trig.text.lower().endswith(" of") and prev_objects:
                m = prev_objects[0]  # "activation of X leads to activation of Y"
                return (m.entity, m.surface, 0.85)
            if parse.previous_subject is not None:
                return parse.previous_subject  # "X activates Y, leading to phosphorylation of Z"
    if trig.text.lower().endswith(" of") and re.search(r"\bby\s+(?:the\s+)?$", text[: trig.start], re.IGNORECASE):
        return None  # "is initiated by the activation of X": X is the agent of another verb
    return _NEXT


def _relative_subject(sc: _Scene) -> Subject | _Undecided | None:
    """Relative pronouns, appositions, anaphors, default compound subjects and fronted means."""
    st, mentions, trig, before, lead, rules = sc.st, sc.mentions, sc.trig, sc.before, sc.lead, sc.ex.rules
    text = sc.st.text
    relative = re.search(r"\b(?:which|that)\b", lead, re.IGNORECASE)
    pronoun = rules.anaphors.search(lead) if before else None
    if pronoun and st.compound and st.compound_ok and (relative is None or pronoun.start() > relative.start()):
        return (st.compound, st.compound_as_written, 0.8)  # "…X; that the peptide raises Y": the pronoun is nearer
    heads = _heads(text, before)
    if (
        heads
        and relative
        and len(heads) > 1
        and (
            _APPOSITION.fullmatch(text, heads[-2].end, heads[-1].start)
            or _COPULA_NOMINAL.fullmatch(text, heads[-2].end, heads[-1].start)
        )
    ):
        m = heads[-2]  # "X, a small polyphenol that improves Y": the apposition stands for X
        return (m.entity, m.surface, 0.9)
    if (
        len(before) > 1
        and re.fullmatch(r"(?:\s+[\w-]+){0,2}\s*,\s*(?:\w+ly\s+)?", lead)
        and _APPOSITION.fullmatch(text, before[-2].end, before[-1].start)
        and not re.search(r"[;:]|\b(?:and|or)\b", text[before[-2].start : before[-1].start])
        and not any(before[-2].end <= t.start < before[-1].start for t in sc.parse.triggers)
    ):
        m = before[-2]  # "X, a natural flavonoid, inhibits Y": the apposition closes and X acts
        return (m.entity, m.surface, 0.9)
    if before and (relative or re.fullmatch(r"\s*,\s*(?:an?|the)\s(?:(?!\band\b)[^,;])*", lead)):
        # a relative clause or an apposition ("NF-κB, a regulator of…") speaks of the name before it
        m = before[-1]
        if m.type in rules.never_subjects and relative and sc.parse.previous_subject is not None:
            return sc.parse.previous_subject  # "X inhibits Y in macrophages, which lowers Z": X's doing
        return (m.entity, m.surface, 0.9)
    if trig.kind.default_subject:
        if before and before[-1].type in COMPOUNDS:
            m = before[-1]
            return (m.entity, m.surface, 0.9)
        return (st.compound, st.compound_as_written, 0.6) if st.compound and st.compound_ok else None
    if before and st.compound and st.compound_ok and rules.anaphors.search(lead):
        return (st.compound, st.compound_as_written, 0.8)  # "…X, it activates Y": the pronoun is nearer
    fronted = _fronted_subject(rules, st, mentions, trig)
    if fronted is not None:
        return fronted
    return _NEXT


def _inherited_subject(sc: _Scene) -> Subject | _Undecided | None:
    """A gerund or a coordinated verb inherits the subject of the clause before it."""
    ex, st, trig, earlier, parse, before = sc.ex, sc.st, sc.trig, sc.earlier, sc.parse, sc.before
    lead, rules, text = sc.lead, sc.ex.rules, sc.st.text
    previous = parse.previous_subject
    gerund_after = re.search(
        r"(?:,|\bby|\bthrough|\bvia|\bthereby|\bthus|\bwithout)\s*$", text[st.body_start : trig.start], re.IGNORECASE
    )
    if previous is None and gerund_after and trig.text.lower().split()[0].endswith("ing"):
        # "X provides protection by inhibiting Y": the subject of the main clause
        head = text[st.body_start : trig.start]
        first = next((m for m in before if m.start < st.body_start + 15), None)
        named = next((m for m in before if m.type in COMPOUNDS), None)
        pronoun = rules.anaphors.search(head)
        if first is not None and not (pronoun and pronoun.start() < first.start - st.body_start):
            return (first.entity, first.surface, 0.85)
        if named is not None and not (pronoun and pronoun.start() < named.start - st.body_start):
            return (named.entity, named.surface, 0.85)
        if st.compound and st.compound_ok:
            return (st.compound, st.compound_as_written, 0.75)
    if earlier and previous is not None:
        gerund = trig.text.lower().split()[0].endswith("ing")
        head = text[: trig.start]
        if gerund and re.search(
            r"(?:,|\bby|\bthrough|\bvia|\band|\bthereby|\bwhile|\bthus|\bwithout)\s*$", head, re.IGNORECASE
        ):
            return previous
        if re.search(r"(?:,|\band|\bor|\bthen)\s*(?:\w+ly\s+)?$", lead, re.IGNORECASE) and (
            not before or before[-1].start in parse.used
        ):
            return previous
    chained = _infinitive_subject(sc)
    if chained is not None:
        return chained
    if before and _VERB_LIST.fullmatch(lead) and _FINITE.match(trig.text) and " " not in trig.text.strip():
        shared = _clause_subject(ex, st, before, text)
        if shared is not None:
            return shared
    return _NEXT


#: An infinitive coordinated with one before it: ", to promote", "and to inhibit", ", and to lower".
_TO_LIST = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|(?:and|or)\s+)to\s+", re.IGNORECASE)


def _infinitive_subject(sc: _Scene) -> Subject | None:
    """The subject a chain of infinitives shares ("it was shown to arrest X, to promote Y through Z
    and to inhibit W"): the name or anaphor right before the verb group that opens the chain."""
    st, text, rules = sc.st, sc.st.text, sc.ex.rules
    if not sc.before or not _TO_LIST.fullmatch(sc.lead):
        return None
    first = re.search(r"\bto\s+[a-z]", text[st.body_start : sc.trig.start])
    if first is None:
        return None
    head_end = st.body_start + first.start()
    names = [m for m in sc.before if m.end <= head_end]
    pronouns = list(rules.anaphors.finditer(text, st.body_start, head_end))
    if pronouns and (not names or pronouns[-1].start() >= names[-1].end):
        if st.compound and st.compound_ok and SUBJECT_GAP.fullmatch(text, pronouns[-1].end(), head_end):
            return (st.compound, st.compound_as_written, 0.8)
        return None
    if names and names[-1].type not in rules.never_subjects and SUBJECT_GAP.fullmatch(text, names[-1].end, head_end):
        return (names[-1].entity, names[-1].surface, 0.85)
    return None


#: Words that make a disease the setting of a statement, never its subject ("eye drops for dry eye
#: disease reported …", "in patients with diabetes, X lowered …").
_SETTING = re.compile(r"\b(?:for|in|with|after|following|during|of|against)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)


def _free_subject(sc: _Scene) -> Subject | _Undecided | None:
    """The nearest name before the trigger that is not already an object."""
    st, trig, parse, before, lead, rules = sc.st, sc.trig, sc.parse, sc.before, sc.lead, sc.ex.rules
    text = sc.st.text
    previous = parse.previous_subject
    free = [
        m
        for m in before
        if m.start not in parse.used
        and m.type not in rules.never_subjects
        and not rules.companions.search(text, st.body_start, m.end)  # "X, along with Y,": Y is not the subject
        and not (m.type is EntityType.PHENOTYPE and _SETTING.search(text, max(0, m.start - 40), m.start))
    ]
    nominal = trig.text.lower().endswith((" of", " with"))
    listed = bool(before) and bool(re.fullmatch(r"\s*,\s*(?:and\s+)?", text[before[-1].end : trig.start]))
    if nominal and listed:
        return previous  # "effects on X, Y, modulation of Z": the relation before speaks for the list
    if (
        free
        and free[-1] is before[-1]
        and len(before) > 1
        and not lead.strip()
        and (PARTICIPLE.search(trig.text.split()[0]) or _class_noun(rules, before[-1]))
        and _COPULA_NOMINAL.fullmatch(text, before[-2].end, before[-1].start)
    ):
        m = before[-2]  # "X is a tetrapeptide composed of Y", "X is an alkaloid found in Z": it speaks of X
        return (m.entity, m.surface, 0.85)
    if free:
        m = free[-1]
        named = next((c for c in before if c.type in COMPOUNDS and c.entity == st.compound), None)
        if (
            named is not None
            and named.start < m.start
            and st.compound_ok
            and not SUBJECT_GAP.fullmatch(text[m.end : trig.start])
            and not _CLAUSE_START.search(text, named.end, m.start)
        ):
            # "X is said to be protective against tumours and also to lower Y": the name before the
            # verb is part of the predicate, the compound named first is the subject
            return (named.entity, named.surface, 0.85)
        return (m.entity, m.surface, 1.0 if m.exact else 0.95)
    return _NEXT


def _class_noun(rules: Rules, m: Mention) -> bool:
    """Is the name written as a class noun ("alkaloid", "peptide"): what something is, not a thing?"""
    return rules.compound_classes is not None and rules.compound_classes.fullmatch(m.surface.lower()) is not None


def _fallback_subject(sc: _Scene) -> Subject | None:
    """Last resorts: the first relation's object, a demonstrative, the document's compound."""
    st, trig, earlier, parse, before, lead = sc.st, sc.trig, sc.earlier, sc.parse, sc.before, sc.lead
    rules, text = sc.ex.rules, sc.st.text
    if (
        earlier
        and parse.objects
        and parse.objects[0]
        and earlier[0].text.lower().endswith(" of")
        and re.fullmatch(r"\s*(?:the\s+)?", text[st.body_start : earlier[0].start], re.IGNORECASE)
    ):
        m = parse.objects[0][0]  # "The activation of X (by Y) is thought to inhibit Z": X inhibits Z
        return (m.entity, m.surface, 0.8)
    if (
        earlier
        and parse.objects
        and parse.objects[0]
        and NOMINAL.search(earlier[0].text)
        and PASSIVE_BY.match(text, earlier[0].end)
        and re.fullmatch(r"\s*(?:the\s+)?", text[st.body_start : parse.objects[0][0].start], re.IGNORECASE)
    ):
        m = parse.objects[0][-1]  # "AMPK activation by X suppresses Z": the activated AMPK lowers Z
        return (m.entity, m.surface, 0.8)
    for type_name, pattern in rules.demonstratives:
        if pattern.search(lead if before else text[st.body_start : trig.start]):
            pool = [m for m in [*st.recent, *before] if m.type.value == type_name]
            if pool:
                m = pool[-1]
                return (m.entity, m.surface, 0.75)
    if not st.compound or not st.compound_ok:
        return None
    if rules.anaphors.search(text[st.body_start : trig.start]):
        return (st.compound, st.compound_as_written, 0.8)
    if st.sentence and not st.body_start and trig.text.split()[0].lower().endswith("ing"):
        return None  # "Inhibiting X has attracted attention": a gerund that opens a sentence is its subject
    if not trig.text.lower().endswith(" of") and rules.elided_lead.fullmatch(text, st.body_start, trig.start):
        return (st.compound, st.compound_as_written, 0.7)  # elided subject of a bullet or label
    return None


def choose_subject(
    ex: Extractor,
    st: Statement,
    mentions: Sequence[Mention],
    trig: Trigger,
    earlier: Sequence[Trigger],
    parse: Parse,
) -> Subject | None:
    """The subject of a trigger: (entity id, as written, quality), or None.

    Rules, in order: a nominal relation ("its receptors") takes the entity right before it; a
    causal link ("activation of X leads to activation of Y") takes the object of the first
    relation; a relative pronoun ("which", "that") refers to the nearest entity before it; a
    gerund after a comma, "by", "through" or "and", or a verb coordinated with the previous one,
    inherits the previous subject; otherwise the nearest entity before the trigger that is not
    already an object; otherwise a demonstrative ("this pathway") names the last entity of that
    type; otherwise an anaphor ("it", "the compound") or an elided subject at the start of a
    bullet stands for the document's compound when that is unambiguous.
    """
    text = st.text
    before = [m for m in mentions if m.end <= trig.start]
    lead = text[before[-1].end : trig.start] if before else text[st.body_start : trig.start]
    sc = _Scene(ex, st, mentions, trig, earlier, parse, before, lead)
    for rule in (_implied_or_bound, _linked_subject, _relative_subject, _inherited_subject, _free_subject):
        found = rule(sc)
        if found is not _NEXT:
            return found
    return _fallback_subject(sc)


#: A sentence that opens with the means: "Through activation of X, Y …", "By inhibiting X, Y …".
_FRONTED = re.compile(r"\s*(?:by|through|via|upon|after)\s+(?:the\s+|its\s+)?", re.IGNORECASE)


def _fronted_subject(rules: Rules, st: Statement, mentions: Sequence[Mention], trig: Trigger) -> Subject | None:
    """The subject of a relation in a fronted phrase of means ("Through activation of Nrf2, quercetin
    raises HO-1"; "By inhibiting NF-κB, resveratrol lowers IL-6"): the subject of the main clause,
    the first name after the phrase's comma, or the compound when a pronoun stands there."""
    text = st.text
    head = text[st.body_start : trig.start]
    gerund = trig.text.lower().split()[0].endswith("ing")
    if not _FRONTED.fullmatch(head) or not (gerund or trig.text.lower().endswith(" of")):
        return None
    comma = text.find(",", trig.end)
    if comma < 0:
        return None
    after = [m for m in mentions if m.start > comma]
    if after and re.fullmatch(r"[\s,]*(?:the\s+)?", text[comma : after[0].start], re.IGNORECASE):
        m = after[0]
        return (m.entity, m.surface, 0.85)
    if st.compound and st.compound_ok and rules.anaphors.match(text[comma + 1 :].lstrip()):
        return (st.compound, st.compound_as_written, 0.8)
    return None


def _clause_subject(ex: Extractor, st: Statement, before: Sequence[Mention], text: str) -> Subject | None:
    """The subject a list of verb phrases shares ("It scavenges X, inhibits Y"): a name or an
    anaphor at the start of the statement followed by a finite verb before the last name; None
    when the statement does not open that way."""
    last = before[-1]
    head = text[st.body_start : last.start].lstrip()
    pronoun = ex.rules.anaphors.match(head)
    if pronoun is not None:
        rest = head[pronoun.end() :]
        if st.compound and st.compound_ok and _FINITE.search(rest) and not _CLAUSE_START.search(rest):
            return (st.compound, st.compound_as_written, 0.8)
        return None
    first = before[0]
    if first is last or first.start > st.body_start + 25 or first.type in ex.rules.never_subjects:
        return None
    if not _FINITE.search(text, first.end, last.start) or _CLAUSE_START.search(text, first.end, last.start):
        return None
    return (first.entity, first.surface, 0.85)
