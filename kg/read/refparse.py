"""Reference-list parsing: headings that open a list, numbered entries, and the fields of one entry.

An entry's identifiers (PMID, PMCID, DOI, Cochrane, NCT) are returned as CURIEs in the seeds' style
and checked with :func:`kg.classify.parse_identifier`; hosts follow :func:`kg.classify.host_of`.
Every pattern here is linear (no nested unbounded repetition), so huge inputs stay fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.classify import host_of, parse_identifier

__all__ = [
    "REFERENCE_HEADINGS",
    "SECTION_NAMES",
    "EntryFields",
    "author_year_key",
    "heading_name",
    "inline_reference_list",
    "is_reference_heading",
    "looks_like_reference",
    "numbered_entry",
    "numbered_section_heading",
    "parse_entry",
    "parse_ids",
    "section_entry",
    "strip_backlinks",
]

#: Headings that open a reference list (compared after stripping markup and a trailing colon).
REFERENCE_HEADINGS = frozenset(
    {
        "references",
        "reference",
        "reference list",
        "sources",
        "source",
        "bibliography",
        "citations",
        "works cited",
        "literature",
        "literature cited",
        "notes and references",
        "further reading and references",
    }
)

#: Names of a paper's own sections: a numbered list of these is a table of contents, not references.
SECTION_NAMES = frozenset(
    {
        "abstract",
        "summary",
        "introduction",
        "background",
        "overview",
        "aims",
        "objectives",
        "methods",
        "materials and methods",
        "methods and materials",
        "patients and methods",
        "study design",
        "results",
        "findings",
        "results and discussion",
        "discussion",
        "limitations",
        "conclusion",
        "conclusions",
        "summary and conclusions",
        "future directions",
        "perspectives",
        "acknowledgements",
        "acknowledgments",
        "funding",
        "conflicts of interest",
        "conflict of interest",
        "author contributions",
        "appendix",
        "supplementary material",
        "supplementary materials",
        "abbreviations",
        "contents",
        "table of contents",
        "references",
        "bibliography",
        "notes",
        "see also",
        "external links",
        "further reading",
    }
)

_HEADING_INLINE = re.compile(
    r"^\s{0,3}(?:#{1,6}\s+)?\**(references|sources|bibliography|citations|works cited)\**\s*:\s*(\S.*)$",
    re.IGNORECASE,
)
_NUMBERED = re.compile(
    r"^\s{0,8}(?:[-*+•]\s{1,4})?(?:\[\^?(\d{1,4})\]:?|\((\d{1,4})\)|(\d{1,4})[.)])\s+(\S.*)$"
)  # '1.', '1)', '(1)', '[1]' and Markdown footnote definitions '[^1]:'
_URL = re.compile(r"https?://[^\s\]\)>\"'<]{1,2000}", re.IGNORECASE)
_HOST_BRACKET = re.compile(
    r"\[\s{0,2}\[?([a-z0-9][a-z0-9-]{0,62}(?:\.[a-z0-9-]{1,63}){1,8})\]?(?:\([^()\s]{0,2000}\))?\s{0,2}\]"
)
_BARE_HOST = re.compile(r"^(?:www\.)?[a-z0-9][a-z0-9-]{0,62}(?:\.[a-z0-9-]{1,63}){1,8}$", re.IGNORECASE)
_MD_LINK = re.compile(r"\[([^\[\]]{0,500})\]\([^()\s]{0,2000}\)")
_PMCID = re.compile(r"(?<![A-Za-z0-9])PMC\s?(\d{4,9})(?!\d)")
_PMID = re.compile(
    r"(?:\bPMID:?\s{0,2}|\bPubMed(?:\s+ID)?:?\s{1,2}|pubmed\.ncbi\.nlm\.nih\.gov/)(\d{4,9})(?!\d)", re.IGNORECASE
)
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\]\)>\"'<]{1,300})")
_COCHRANE = re.compile(r"(?<![A-Za-z0-9])(CD\d{6})(?!\d)")
_NCT = re.compile(r"(?<![A-Za-z0-9])(NCT\d{8})(?!\d)")
_SITE_SUFFIX = re.compile(r"\s+[-–|]\s+(?:PubMed|PMC|Europe PMC|ScienceDirect|Google Scholar|NCBI)\s*$", re.IGNORECASE)
_BACKLINK = re.compile(r"^\s{0,8}\^(?:\s{1,3}[a-z]{1,2}(?=\s)){0,30}\s{0,3}")
_SECTION_NUMBER = re.compile(r"^\s{0,3}(?:#{1,6}\s+)?\d{1,2}(?:\.\d{1,2}){0,3}\.?\s+(?=\S)")
_YEAR = re.compile(r"(?<![\d.])(?:1[89]|20)\d{2}(?!\d)")
_AUTHORS = re.compile(
    r"\b[A-Z][A-Za-z'’-]{1,40},?\s(?:[A-Z]\.?-?){1,3}(?:[,;.]|\s(?:and|&)\s|\s\()"  # 'Doe J,' 'Doe, J. R.;'
    r"|\bet\s{1,3}al\b"
    r"|^[A-Z][A-Za-z'’-]{1,40},\s[A-Z][a-z]{1,40}\s{0,2}[(;]"  # 'Friedman, Mendel (2015)'
)
_VENUE = re.compile(
    r"\b(?:Journal|J\.|Proc\.?|Vol\.?|Volume|Issue|pp?\.|Rev\.|Res\.|Sci\.|Med\.|Chem\.|Biol\.|Pharmacol\.)"
    r"|\d{1,4}\s?\(\d{1,4}\)\s?:\s?\d"  # 33 (2): 151
    r"|\b\d{1,4}\s?:\s?\d{1,5}\s?[-–]\s?\d"  # 12:1-9
    r"|[;,]\s?\d{1,4}\s?[,:;]\s?(?:pages?\s)?\d{1,5}"  # 2018, 19, 341 / 2017; 6: page 19
)
_QUOTED = re.compile(r"[\"“][^\"“”\n]{10,300}[\"”]")
_AUTHOR_YEAR = re.compile(r"^\s{0,4}(?:[-*+•]\s{1,4})?([A-Z][\w'’-]{1,40})\b[^()\n]{0,200}?\(?((?:19|20)\d{2})[a-z]?\b")


@dataclass(frozen=True)
class EntryFields:
    """What one reference entry's text says: title, host, url and identifiers."""

    title: str
    host: str
    url: str
    ids: tuple[str, ...]


def heading_name(line: str) -> str:
    """The line as a possible heading name: markup, numbering and a trailing colon removed, lowercased."""
    s = line.strip().lstrip("#").strip().strip("*_").strip()
    s = re.sub(r"^\d{1,2}[.)]\s+", "", s)
    return s.rstrip(":").strip().strip("*_").strip().lower()


def is_reference_heading(line: str) -> bool:
    """True when the line is a heading that opens a reference list."""
    return len(line) < 60 and heading_name(line) in REFERENCE_HEADINGS


def inline_reference_list(line: str) -> tuple[int, list[tuple[int, int]]] | None:
    """For 'References: A, B, and C' give the offset of the list and (start, end) of each item."""
    m = _HEADING_INLINE.match(line)
    if not m:
        return None
    items: list[tuple[int, int]] = []
    body_start = m.start(2)
    pos = body_start
    # split on commas and semicolons outside parentheses; a leading 'and ' is dropped
    depth = 0
    cut_points = []
    for i in range(body_start, len(line)):
        ch = line[i]
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        elif ch in ",;" and depth == 0:
            cut_points.append(i)
    for cut in [*cut_points, len(line)]:
        s, e = pos, cut
        piece = line[s:e]
        lead = len(piece) - len(piece.lstrip())
        s += lead
        piece = line[s:e]
        am = re.match(r"(?:and|&)\s+", piece)
        if am:
            s += am.end()
        e = s + len(line[s:e].rstrip().rstrip("."))
        if e > s:
            items.append((s, e))
        pos = cut + 1
    return body_start, items


def numbered_entry(line: str) -> tuple[int, int] | None:
    """(number, offset of the entry text) when the line is a numbered entry ('1.', '[1]', '(1)', '1)', '[^1]:')."""
    m = _NUMBERED.match(line)
    if not m:
        return None
    return int(m.group(1) or m.group(2) or m.group(3)), m.start(4)


def parse_ids(text: str) -> tuple[str, ...]:
    """Identifiers named in the text, as CURIEs, in order of first appearance, checked and unique."""
    found: list[tuple[int, str]] = []
    for m in _PMCID.finditer(text):
        found.append((m.start(), f"PMCID:PMC{m.group(1)}"))
    for m in _PMID.finditer(text):
        found.append((m.start(), f"PMID:{m.group(1)}"))
    for m in _DOI.finditer(text):
        found.append((m.start(), f"doi:{m.group(1).rstrip('.,;:')}"))
    for m in _COCHRANE.finditer(text):
        found.append((m.start(), f"cochrane:{m.group(1)}"))
    for m in _NCT.finditer(text):
        found.append((m.start(), f"NCT:{m.group(1)}"))
    out: list[str] = []
    for _, curie in sorted(found):
        if curie not in out and isinstance(parse_identifier(curie), tuple):
            out.append(curie)
    return tuple(out)


def parse_entry(text: str) -> EntryFields:
    """Title, host, URL and identifiers of one reference entry's text (its number already removed)."""
    url_m = _URL.search(text)
    url = url_m.group(0).rstrip(".,;:") if url_m else ""
    listed_host = ""
    hb = _HOST_BRACKET.search(text)
    if hb:
        listed_host = hb.group(1).lower()
    ids = parse_ids(text)
    title = text
    if hb:
        title = title[: hb.start()] + title[hb.end() :]
    title = _MD_LINK.sub(lambda m: m.group(1), title)
    title = _URL.sub("", title)
    title = re.sub(r"\b(?:doi|PMID|PMCID)\s?:\s?\S+", "", title, flags=re.IGNORECASE)
    title = re.sub(r"\s+", " ", title).strip(" .,;:-–|[]()")
    title = _SITE_SUFFIX.sub("", title).strip(" .,;:-–|")
    if not listed_host and _BARE_HOST.match(title):
        listed_host = title.lower()
    host, _ = host_of(listed_host, url)
    if title and _BARE_HOST.match(title) and title.lower().removeprefix("www.") in (host, host.removeprefix("www.")):
        title = ""
    return EntryFields(title=title, host=host, url=url, ids=ids)


def author_year_key(text: str) -> tuple[str, str] | None:
    """(first author's surname lowercased, year) of an author-year style entry, or None."""
    m = _AUTHOR_YEAR.match(strip_backlinks(text))
    if not m:
        return None
    return m.group(1).lower(), m.group(2)


def strip_backlinks(text: str) -> str:
    """An entry without the back-links a wiki puts before it ('^ a b Doe J (2019)...' -> 'Doe J (2019)...')."""
    m = _BACKLINK.match(text)
    return text[m.end() :] if m and "^" in m.group(0) else text


def looks_like_reference(text: str) -> bool:
    """Does an entry's text (its number removed) read as a reference rather than a heading or a list item?

    Yes when it has a wiki back-link, an identifier, a URL or a listed host, or a year together with
    authors ('Doe J,', 'et al.'), a quoted title or a venue ('J.', 'Vol.', '12(3): 45').
    """
    body = text.strip()
    if body.startswith("^"):
        return True
    body = body[:1500]
    if _URL.search(body) or _HOST_BRACKET.search(body) or parse_ids(body):
        return True
    if not _YEAR.search(body):
        return False
    return bool(_AUTHORS.search(body) or _VENUE.search(body) or _QUOTED.search(body))


def section_entry(text: str) -> bool:
    """Is an entry's text (its number removed) the name of a paper's section ('Introduction', '1.1 Methods')?"""
    s = _SECTION_NUMBER.sub("", text.strip())
    return s.strip(" .:*_#").lower() in SECTION_NAMES


def numbered_section_heading(line: str) -> bool:
    """A numbered section heading ('1.1 Background', '2 Methods', '3. Results'): a short title after a number."""
    m = _SECTION_NUMBER.match(line)
    if m is None:
        return False
    rest = line[m.end() :].strip()
    return (
        0 < len(rest) <= 80
        and rest[:1].isupper()
        and rest[-1:] not in ".,;"
        and len(rest.split()) <= 8
        and not looks_like_reference(rest)
    )
