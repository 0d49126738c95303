"""Regular expressions the reading rules are compiled into: phrase alternations, head nouns, and the
Rules fields that say what a name around a verb is (read from ``ontology/extraction/triggers.yaml``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

__all__ = ["head_words", "name_cues", "shared_heads", "words"]


def words(patterns: Iterable[str]) -> re.Pattern[str]:
    """One case-insensitive alternation of phrases, bounded by non-word characters."""
    body = "|".join(f"(?:{p})" for p in patterns)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


def name_cues(data: dict[str, Any]) -> dict[str, Any]:
    """The Rules fields that say what a name around a verb is: a left-out subject's lead, symptoms,
    opposite names, harmed names, steadied names, short forms of places, settings as adjectives."""
    return {
        "elided_lead": re.compile(
            r"\s*(?:\w+ly\s+)?(?:(?:" + "|".join(data.get("elided_subject_leads") or ["(?!)"]) + r")\s+)?(?:\w+ly\s+)?",
            re.IGNORECASE,
        ),
        "symptom_heads": head_words(data.get("symptom_heads")),
        "function_heads": head_words(data.get("function_heads")),
        "shared_heads": shared_heads(data.get("shared_heads")),
        "part_headers": words(data.get("part_table_headers") or ["(?!)"]),
        "no_difference": re.compile(
            r"(?<![\w-])(?:" + "|".join(data.get("no_difference_between_groups") or ["(?!)"]) + r")(?![\w-])",
            re.IGNORECASE,
        ),
        "outline": re.compile(
            r"^\W{0,3}(?:" + "|".join(data.get("outline_leads") or ["(?!)"]) + r")(?![\w-])", re.IGNORECASE
        ),
        "opposites": tuple(
            (str(item["entity"]), re.compile(rf"(?<![\w-])(?:{item['pattern']})(?![\w-])", re.IGNORECASE))
            for item in data.get("opposite_names") or ()
            if isinstance(item, dict)
        ),
        "harmed_before": re.compile(
            r"(?<![\w-])(?:" + "|".join(data.get("harmed_before") or ["(?!)"]) + r")\s{1,3}(?:the\s{1,3})?$",
            re.IGNORECASE,
        ),
        "steadying": words(data.get("steadying_words") or ["(?!)"]),
        "short_form_heads": re.compile(
            r"(?<![\w-])(?:" + "|".join(data.get("short_form_heads") or ["(?!)"]) + r")$", re.IGNORECASE
        ),
        "setting_adjectives": tuple(
            (str(item["entity"]), re.compile(rf"(?<![\w-])(?:{item['before']})\s{{1,3}}$", re.IGNORECASE))
            for item in data.get("change_settings") or ()
            if isinstance(item, dict) and item.get("before")
        ),
    }


def shared_heads(heads: list[str] | None) -> re.Pattern[str]:
    """Two words joined by "and" / "or", then up to two words and one of ``heads`` (groups a, b, head)."""
    if not heads:
        return re.compile(r"(?!)")
    return re.compile(
        r"(?<![\w-])(?P<a>[\w-]{1,30}),?\s{1,2}(?:and|or)\s{1,2}(?P<b>[\w-]{2,30})\s{1,2}"
        r"(?P<head>(?:[a-z][\w-]*\s{1,2}){0,2}?(?:" + "|".join(heads) + r"))(?![\w-])"
    )


def head_words(heads: list[str] | None) -> re.Pattern[str]:
    """A word, then one of ``heads`` ("depressive symptoms", "immune function"); the word is group 'word'."""
    if not heads:
        return re.compile(r"(?!)")
    return re.compile(r"(?<![\w-])(?P<word>[A-Za-z][a-z-]{3,})\s{1,2}(?:" + "|".join(heads) + r")(?![\w-])")
