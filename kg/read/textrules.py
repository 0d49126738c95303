"""Text rules of the reader: decoding bytes, format sniffing, line patterns, Markdown clean-up,
heading and sentence-end tests, and run-together table cells.

Word lists here are conventions of written English and of web pages (abbreviations, the labels a
page uses for its compound, the names of a source column), not domain data. Every pattern is
bounded, so the reader stays linear on huge inputs.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

__all__ = [
    "ABBREVIATIONS",
    "BULLET",
    "CAMEL",
    "COMPOUND_FIELDS",
    "FIELD",
    "FORMATS",
    "MAX_CELLS",
    "MAX_ROW_CHARS",
    "MD_HEADING",
    "MD_SEP",
    "NUMBERED_ITEM",
    "SOURCE_HEADERS",
    "SPACE_BEFORE_PUNCT",
    "SUFFIXES",
    "TERMINAL",
    "TITLE_STOPWORDS",
    "abbreviation_before",
    "clean_markup",
    "decode",
    "ends_sentence",
    "first_cell_cut",
    "heading_like",
    "sniff_format",
    "source_cut",
]

FORMATS = ("text", "markdown", "html")


def _words(text: str) -> frozenset[str]:
    """A word list written as one space-separated string."""
    return frozenset(text.split())


#: Longer lines or lines with more cells are read as text, not as table rows.
MAX_ROW_CHARS = 20_000
MAX_CELLS = 200
#: File suffixes read when a folder is expanded, with their format.
SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
#: Table header names that mark a column of sources.
SOURCE_HEADERS = frozenset(
    {"source", "sources", "reference", "references", "ref", "ref.", "refs", "citation", "citations"}
)
#: Field labels near the top of a page that name the compound of interest.
COMPOUND_FIELDS = ("compound name", "product name", "compound", "active ingredient", "substance", "drug")
#: Words before a period that do not end a sentence (lowercased, without the period).
ABBREVIATIONS = _words(
    "e.g i.e eg ie al vs v fig figs eq eqs ref refs dr mr mrs ms prof no nos vol approx ca cf "
    "resp incl st jr sr inc ltd co corp dept univ p pp ed eds min max sp spp var viz ph.d u.s u.k "
    "e.u jan feb mar apr jun jul aug sep sept oct nov dec mg ml kg"
)

TERMINAL = re.compile(r"[.!?…]+[\"'”’)\]*_]*")
MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
BULLET = re.compile(r"^(\s{0,8})([-*+•‣◦])(?:\s+(\S.*))?$")
NUMBERED_ITEM = re.compile(r"^\s{0,8}\d{1,3}[.)]\s+(\S.*)$")
MD_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*){0,60}\|?\s*$")
_MD_IMAGE = re.compile(r"!\[[^\[\]]{0,500}\]\([^()\s]{0,2000}\)")
_MD_LINK = re.compile(r"\[([^\[\]]{0,500})\]\([^()\s]{0,2000}\)")
_EMPHASIS = re.compile(r"(?<![\w*])[*_](?=\S)|(?<=\S)[*_](?![\w*])")
_HEADING_MARK = re.compile(r"^\s*#{1,6}\s+")
CAMEL = re.compile(r"(?<=[a-z)])(?=[A-Z])")
_FIRST_CELL_BREAK = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)")
_SOURCE_TAIL = re.compile(
    r"(?:(?:[A-Z][\w&.+-]{0,30}\s){0,3}(?:(?:19|20)\d{2}\s)?\((?:PMC\d{4,9}|PMID:?\s?\d{4,9}|doi:\s?10\.\S{3,200}|CD\d{6}|NCT\d{8})\)"
    r"|(?:PubMed|PMID:?|Cochrane|PMC|doi:?|NCT|ClinicalTrials\.gov)\s\S{3,200})\s*$"
)
_INITIAL = re.compile(r"[A-Z]\.(?:\s|$)")
_NAME_WORD = re.compile(r"[A-Z]\.|[A-Z][a-z]+")
_LETTERS = re.compile(r"[^\W\d_]")
SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,;:!?])(?=\s|$)")
#: Title words never taken as the compound of interest.
TITLE_STOPWORDS = _words(
    "a an the of and or in on for to with from by at into its it is how what why when where who "
    "which this that guide technical overview review introduction notes page mechanism mechanisms "
    "action abstract summary background research science"
)
FIELD = re.compile(r"^\W{0,4}(" + "|".join(COMPOUND_FIELDS) + r")\W{0,4}\s*[:|]\s*(.*)$", re.IGNORECASE)


# --------------------------------------------------------------------------------------- decoding


def decode(raw: bytes, name: str) -> tuple[str | None, list[str]]:
    """Decoded text (None when binary or empty) and warnings: UTF-8, UTF-16 with BOM, then cp1252/latin-1."""
    if not raw.strip():
        return None, [f"{name}: empty document; nothing read"]
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), [f"{name}: UTF-16 text; spans index the decoded text"]
        except UnicodeDecodeError:
            return None, [f"{name}: UTF-16 byte-order mark but undecodable content; skipped"]
    head = raw[:65536]
    if b"\x00" in head:
        return None, [f"{name}: binary content (NUL bytes); skipped"]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        try:
            text = raw.decode("cp1252")
            enc = "cp1252"
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
            enc = "latin-1"
        warn = f"{name}: not valid UTF-8 (byte {exc.start}); decoded as {enc}, some characters may be wrong"
        return _binary_check(text, name, [warn])
    return _binary_check(text, name, [])


def _binary_check(text: str, name: str, warnings: list[str]) -> tuple[str | None, list[str]]:
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    if sample and controls / len(sample) > 0.05:
        return None, [*warnings, f"{name}: binary content ({controls} control characters); skipped"]
    return text, warnings


def sniff_format(text: str, name: str) -> str:
    """'html', 'markdown' or 'text' from the file suffix, else from the content."""
    suffix = Path(name).suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    head = text[:4096].lstrip().lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) or re.search(r"<(?:body|p|div|h[1-6]|table)\b", head):
        return "html"
    if re.search(r"^#{1,6}\s", text[:20000], re.MULTILINE):
        return "markdown"
    return "text"


# ----------------------------------------------------------------------------------- helpers


#: Word parts that keep their hyphen when a line breaks after it ("anti-\ninflammatory").
HYPHEN_PREFIXES = frozenset(
    {
        "anti",
        "non",
        "pro",
        "pre",
        "post",
        "co",
        "self",
        "well",
        "cross",
        "multi",
        "semi",
        "pseudo",
        "long",
        "short",
        "low",
        "high",
        "full",
        "half",
        "over",
        "under",
        "intra",
        "inter",
        "extra",
        "ultra",
        "double",
        "single",
        "dose",
        "time",
        "age",
        "sex",
        "cell",
        "site",
    }
)
# a hyphen ending a line inside a word: 'inflam-\nmation', 'interleukin-\n6'
_LINE_HYPHEN = re.compile(r"(?<![\w-])([A-Za-z0-9]{2,40})-[ \t]*\r?\n[ \t]*(?=(\w))")


def _join_hyphen(m: re.Match[str]) -> str:
    """A word broken at a line end, joined: the hyphen dropped between two lower-case parts, unless the
    first is a prefix that keeps it; kept before a digit or a capital ('interleukin-6')."""
    first, nxt = m.group(1), m.group(2)
    if nxt.islower() and first.isalpha() and first.islower() and first not in HYPHEN_PREFIXES:
        return first
    return first + "-"


def clean_markup(text: str) -> str:
    """Visible text of a Markdown-ish fragment: images dropped, links to their text, emphasis removed,
    words broken by a hyphen at a line end joined."""
    if "-\n" in text or "-\r\n" in text or "- \n" in text:
        text = _LINE_HYPHEN.sub(_join_hyphen, text)
    if "\ufeff" in text or "\u200b" in text:
        text = text.replace("\ufeff", "").replace("\u200b", "")
    if "**" in text:
        text = text.replace("**", "")
    if "__" in text:
        text = text.replace("__", "")
    if "](" in text:
        if "![" in text:
            text = _MD_IMAGE.sub("", text)
        text = _MD_LINK.sub(lambda m: m.group(1), text)
    if "*" in text or "_" in text:
        text = _EMPHASIS.sub("", text)
    if "#" in text:
        text = _HEADING_MARK.sub("", text)
    return " ".join(text.split())


def heading_like(s: str) -> bool:
    """A short title-like line: no closing punctuation, few words, starts with a capital or a number."""
    if len(s) > 200:
        return False
    s = clean_markup(s)
    if not (2 <= len(s) <= 90) or len(s.split()) > 12:
        return False
    if s[-1] in ".,;!?" or not (s[0].isupper() or s[0].isdigit()):
        return False
    return len(_LETTERS.findall(s, 0, 40)) >= 3


def ends_sentence(s: str) -> bool:
    """Does the line end a sentence: closing punctuation, or a citation marker ('… shown.[4]', '[^2]')?"""
    s = s.rstrip()
    if re.search(r"\[\^?\d{1,4}\](?:\([^()]*\))?$|\}$|\^$", s):
        return True
    s = s.rstrip("*_\"'”’)]")
    return bool(s) and s[-1] in ".!?:;…"


def abbreviation_before(w: str, dot: int, floor: int, next_start: int) -> bool:
    """Is the word before the full stop at ``dot`` an abbreviation or a name's initial (no sentence end)?"""
    t = dot
    while t > floor and t > dot - 24 and not w[t - 1].isspace():
        t -= 1
    token = w[t:dot].lstrip("([{\"'*_“‘").lower()
    if not token or token.endswith((")", "]")):
        return False  # '(Smith et al.). Next': a full stop after a closing bracket ends the sentence
    if token in ABBREVIATIONS:
        return True
    if token == "et" and w[next_start : next_start + 2].lower() == "al":  # 'Smith et. al', misspelt
        return True
    if len(token) == 1 and token.isalpha():  # an initial when a name goes on: 'J. R. Doe', 'Doe J. R.'
        nxt = w[next_start : next_start + 3]
        if _INITIAL.match(nxt):
            return True
        p = t
        while p > floor and w[p - 1].isspace():
            p -= 1
        q = p
        while q > floor and q > p - 24 and not w[q - 1].isspace():
            q -= 1
        return bool(_NAME_WORD.fullmatch(w[q:p]))
    return "." in token and len(token) <= 6 and all(len(x) <= 2 for x in token.split("."))


def source_cut(line: str) -> int | None:
    """Offset where the trailing source cell of a run-together table row begins."""
    tail_from = max(0, len(line) - 240)
    m = _SOURCE_TAIL.search(line, tail_from)
    if m and m.start() > 0:
        return m.start() - 1 if line[m.start() - 1] == " " else m.start()
    tokens = line.split(" ")
    run: list[str] = []
    for tok in reversed(tokens):
        if len(run) < 5 and (re.fullmatch(r"[A-Z][\w&.+-]*", tok) or re.fullmatch(r"(?:19|20)\d{2}", tok)):
            run.append(tok)
        else:
            break
    run.reverse()
    if len(run) > 1 and run[0].isupper() and not run[1].isupper():
        run = run[1:]
    if not run or len(run) == len(tokens) or not any(ch.islower() for ch in " ".join(run)):
        return None
    cut = len(line) - len(" ".join(run))
    return cut - 1


def first_cell_cut(line: str) -> int | None:
    m = _FIRST_CELL_BREAK.search(line, 0, min(len(line), 40))
    return m.start() if m and m.start() >= 2 else None
