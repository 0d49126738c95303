"""The objects of a trigger in running text: the names up to the next break or breaking trigger, less
those an apposition describes ("raises DHT, a hormone linked to hair loss"), aspect words heading a
phrase ("phosphorylation of"), and names inside a parenthesis the verb is not in."""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.extract.extractor import Extractor
from kg.extract.mention import Mention
from kg.extract.modifiers import demonstrative_objects
from kg.extract.rules import Rules
from kg.extract.statement import Statement
from kg.extract.subject import SUBJECT_GAP
from kg.extract.triggers import PASSIVE_BY, Trigger

__all__ = ["trigger_objects"]


def _noun_after_object(text: str, mentions: Sequence[Mention], triggers: Sequence[Trigger], i: int) -> bool:
    """Is the ``i``-th trigger a noun after an earlier verb's object ("enhances dopamine release and
    attenuates X": "release" names what is enhanced, it shares no object with "attenuates")?"""
    trig = triggers[i]
    before = next((m for m in reversed(mentions) if m.end <= trig.start), None)
    if before is None or not re.fullmatch(r"[\s-]{1,2}", text[before.end : trig.start]):
        return False
    return any(t.end <= before.start for t in triggers[:i])


def trigger_objects(
    ex: Extractor,
    st: Statement,
    mentions: Sequence[Mention],
    triggers: Sequence[Trigger],
    i: int,
    breaks: list[int],
    described: set[int] | None = None,
) -> list[Mention]:
    """The objects of the ``i``-th trigger in running text: the names up to the next break or breaking
    trigger; the names of an apposition among them are added to ``described`` (neither object nor subject)."""
    rules = ex.rules
    text = st.text
    trig = triggers[i]
    end = len(text)
    for b in breaks:
        if b >= trig.end:
            end = min(end, b)
            break
    for nxt in triggers[i + 1 :]:
        if nxt.kind.breaks:
            end = min(end, nxt.start)
            break
    end = min(end, _aside_end(text, trig.start))
    reached = [m for m in mentions if trig.end <= m.start and m.end <= end and not _aspect_head(rules, text, m)]
    objects = _members_not_class(rules, text, _before_apposition(text, reached))
    if described is not None and len(objects) < len(reached):
        described.update(m.start for m in reached if m not in objects)
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
        and not _noun_after_object(text, mentions, triggers, i)
    ):
        # "phosphorylates and activates Akt": coordinated verbs share their objects
        stop = next((b for b in breaks if b >= following.end), len(text))
        objects = [m for m in mentions if following.end <= m.start and m.end <= stop]
    if not objects and not trig.kind.implied:
        objects = demonstrative_objects(rules, st, mentions, text, trig.end, end)
    return objects


def _members_not_class(rules: Rules, text: str, objects: list[Mention]) -> list[Mention]:
    """The objects less a class named right before its members ("several kinases, including PI3K",
    "the adhesion molecules VCAM-1"): the members are what the verb acts on."""
    gap, last = rules.member_gap, len(objects) - 1
    return [m for k, m in enumerate(objects) if k == last or not gap.fullmatch(text, m.end, objects[k + 1].start)]


def _aspect_head(rules: Rules, text: str, m: Mention) -> bool:
    """Is the name an aspect word heading a phrase ("phosphorylation of X", "expression of Y")? Then
    it says what changes of the name after it, and is no object itself."""
    return _OF_AFTER.match(text, m.end) is not None and any(p.fullmatch(m.surface) for _, p in rules.aspects)


_OF_AFTER = re.compile(r"\s{1,3}of\s")


def _before_apposition(text: str, objects: list[Mention]) -> list[Mention]:
    """The objects less those inside an apposition ("raises DHT, a hormone linked to hair loss": the
    hormone and hair loss describe DHT; they are not raised), which a comma or the statement's end closes."""
    for k, m in enumerate(objects[:-1]):
        if (found := _APPOSITION_AFTER.match(text, m.end)) is not None:
            close = min((p for p in (text.find(",", found.end()), text.find(";", found.end())) if p >= 0), default=-1)
            rest = [o for o in objects[k + 1 :] if o.start > close] if close >= 0 else []
            return [*objects[: k + 1], *_before_apposition(text, rest)]  # ", a feature of X, and Y": Y again
    return objects


#: After an object, an apposition with an indefinite article: ", a growth factor …", "(DHT), a hormone …"
#: (a bracketed name and a few lowercase words of its setting, "levels in muscle", may come first).
_APPOSITION_AFTER = re.compile(r"(?:\s*\([^()]{0,60}\))?(?:\s+[a-z][a-z-]*){0,3}?\s*,\s*an?\s")


def _aside_end(text: str, at: int) -> int:
    """Where the parenthesis open at ``at`` closes ("(a compound made by plants) similar to X": the
    verb inside speaks of nothing outside); the text's end when ``at`` is in none."""
    depth = 0
    for c in reversed(text[:at]):
        if c == ")":
            depth += 1
        elif c == "(":
            if depth == 0:
                close = text.find(")", at)
                return close if close >= 0 else len(text)
            depth -= 1
    return len(text)
