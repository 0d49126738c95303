"""A document's title (the HTML title, a Markdown '# ' heading, or the title-like line the text
repeats most) and its compound of interest (a 'Compound:' field, else the title word the body
repeats most)."""

from __future__ import annotations

import re

from kg.read.lines import Page
from kg.read.textrules import FIELD, TITLE_STOPWORDS, clean_markup, heading_like

__all__ = [
    "COUNT_SAMPLE",
    "title_and_compound",
    "title_compound",
]

#: How much of a document is searched when counting how often a title word recurs.
COUNT_SAMPLE = 1_000_000


def title_and_compound(page: Page, ref_lines: set[int]) -> tuple[str, str]:
    """The document's title and compound of interest ('' when none is found)."""
    title = _title(page, ref_lines)
    compound = _field_compound(page)
    if not compound and title:
        compound = title_compound(page.w, title)
    return title, compound


def _title(page: Page, ref_lines: set[int]) -> str:
    """The HTML title, else the first "# " heading, else the title-like line the text repeats most."""
    title = page.html_title
    if not title:
        for i, ln in enumerate(page.lines):
            if ln.kind == "mdheading" and page.lt(i).lstrip().startswith("# "):
                title = clean_markup(page.lt(i).lstrip()[2:])
                break
    if not title:
        candidates = [
            clean_markup(page.lt(i))
            for i, ln in enumerate(page.lines[:400])
            if ln.kind == "para"
            and i not in ref_lines
            and heading_like(page.lt(i).strip())
            and clean_markup(page.lt(i))[:1].isalnum()
        ][:8]
        opening = _question_title(page, ref_lines)
        if opening and opening not in candidates:
            candidates.insert(0, opening)  # it comes first, so it wins ties
        best = -1
        sample = page.w[:COUNT_SAMPLE]
        for c in candidates:
            count = sample.count(c)
            if count > best:
                title, best = c, count
    return title


def _question_title(page: Page, ref_lines: set[int]) -> str:
    """The page's first line when it is a question standing alone ("What is X, and does it work?"):
    an explainer's title, which ``heading_like`` leaves out for its question mark and length."""
    for i, ln in enumerate(page.lines[:3]):
        text = clean_markup(page.lt(i)).strip()
        if not text:
            continue
        alone = i + 1 >= len(page.lines) or not page.lt(i + 1).strip()
        words = len(text.split())
        if ln.kind == "para" and i not in ref_lines and alone and text.endswith("?") and 3 <= words <= 20:
            return text if text[:1].isupper() and len(text) <= 160 else ""
        return ""
    return ""


def _field_compound(page: Page) -> str:
    """The value of a 'Compound:'-like field in the first 200 lines (on its line or the next key-value row)."""
    lines = page.lines
    for k in range(min(len(lines), 200)):
        m = FIELD.match(page.lt(k).strip())
        if not m:
            continue
        value = clean_markup(m.group(2)).strip(" |")
        if not value and k + 1 < len(lines) and lines[k + 1].kind == "kvrow":
            value = clean_markup(page.lt(k + 1)).strip(" |")
        if value and len(value.split()) <= 5:
            return value
    return ""


def title_compound(w: str, title: str) -> str:
    """The title word (or two-word name) that the body ``w`` repeats most: the compound of interest."""
    words = re.findall(r"[A-Za-z0-9][\w+-]*", re.split(r"[’']s\b", title)[0] + " " + title)
    best, best_count = "", 0
    body = w[:COUNT_SAMPLE]
    seen: set[str] = set()  # words counted, and the second words of a chosen pair ("Calm Blend": not "Blend")
    for k, word in enumerate(words):
        if word.lower() in TITLE_STOPWORDS or len(word) < 3 or word in seen or not any(c.isalpha() for c in word):
            continue
        seen.add(word)
        count = len(re.findall(rf"(?<![\w-]){re.escape(word)}(?![\w-])", body, re.IGNORECASE))
        if count > best_count:
            best, best_count = word, count
            nxt = words[k + 1] if k + 1 < len(words) else ""
            owned = re.search(rf"(?<![\w-]){re.escape(word)}[’']s\s+([A-Za-z][\w-]+)", title)
            if owned is not None:  # "Lion's Mane": the possessive is part of the name
                phrase = f"{word}'s {owned.group(1)}"
                said = rf"(?<![\w-]){re.escape(word)}[’']s\s+{re.escape(owned.group(1))}(?![\w-])"
                if len(re.findall(said, body, re.IGNORECASE)) * 2 >= count:
                    best = phrase
                    continue
            if nxt[:1].isupper() and nxt.lower() not in TITLE_STOPWORDS:
                pair = len(re.findall(rf"(?<![\w-]){re.escape(word)}\s+{re.escape(nxt)}(?![\w-])", body, re.IGNORECASE))
                if pair * 2 >= count:
                    best = f"{word} {nxt}"
                    seen.add(nxt)
    return best
