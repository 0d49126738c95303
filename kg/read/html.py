"""Main content of saved HTML pages: which blocks of the working text are page furniture.

Pages saved from the web carry navigation, cart, cookie, newsletter and footer blocks around the
part worth reading. Two signals decide what goes, and neither ever moves an offset:

* by element: :class:`HtmlCues` says which elements are furniture from their class, id or ARIA
  role (the cue words are data, in ``ontology/reading/html.yaml``); :mod:`kg.read.htmltext` leaves
  those elements out of the working text, and the tags nav, header, footer, aside and form;
* by content: :func:`main_text` asks trafilatura (favor_recall, no comments, tables kept) for the
  page's main text, and :func:`blank_boilerplate` blanks each working-text line that does not
  occur in it. trafilatura only decides WHICH lines stay; their text and offsets are the
  converter's own, so spans still index the original HTML. Headings, reference lists and
  protected ranges (figure and table captions) always stay; when trafilatura finds nothing (short
  pages) every line stays.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from kg.errors import SeedError, SeedErrors
from kg.read.refparse import is_reference_heading
from kg.read.textrules import BULLET, MD_HEADING

__all__ = [
    "DEFAULT_CUES",
    "HtmlCues",
    "blank_boilerplate",
    "default_cues",
    "load_html_cues",
    "main_text",
]

#: Where the cue words live in a source checkout (not shipped in the wheel; without it only the
#: furniture tags are dropped).
DEFAULT_CUES = Path(__file__).resolve().parents[2] / "ontology" / "reading" / "html.yaml"
#: Words of trafilatura's text below which it is taken to have found nothing.
MIN_MAIN_WORDS = 8
#: Length of the word runs compared between a line and trafilatura's text.
GRAM = 3
#: Blank lines that end a reference list (the reader stops there too).
REF_GAP = 3
#: Pages larger than this are not given to trafilatura (every line stays).
MAX_SOURCE_CHARS = 20_000_000
#: Pages with more list items than this are not given to trafilatura either: its time grows with
#: the square of the number of list items outside a list (8,000 take seconds).
MAX_LIST_ITEMS = 3_000

_PART_SPLIT = re.compile(r"[-_:.\s]+|(?<=[a-z])(?=[A-Z])")
_WORD = re.compile(r"[^\W\d_]+")
_LIST_ITEM = re.compile(r"<li\b", re.IGNORECASE)


@dataclass(frozen=True)
class HtmlCues:
    """Class/id words, class/id prefixes and ARIA roles that mark an element as page furniture."""

    words: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    roles: frozenset[str] = frozenset()

    def furniture(self, attrs: Sequence[tuple[str, str | None]]) -> bool:
        """True when an element with these attributes is furniture by its class, id or role."""
        for key, value in attrs:
            if not value:
                continue
            if key == "role":
                if value.strip().lower() in self.roles:
                    return True
            elif key in ("class", "id"):
                for token in value.split()[:20]:
                    for part in _PART_SPLIT.split(token[:200]):
                        part = part.lower()
                        if part and (part in self.words or part.startswith(self.prefixes)):
                            return True
        return False


def load_html_cues(path: Path) -> HtmlCues:
    """Read the cue file (keys words, prefixes, roles); a malformed file raises SeedErrors naming it."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise SeedErrors([SeedError(str(path), 1, f"HTML cue file cannot be read: {exc}")]) from exc
    if not isinstance(data, dict) or set(data) - {"words", "prefixes", "roles"}:
        raise SeedErrors([SeedError(str(path), 1, "expected a mapping with keys words, prefixes, roles")])
    lists: dict[str, list[str]] = {}
    for key in ("words", "prefixes", "roles"):
        items = data.get(key) or []
        if not isinstance(items, list) or not all(isinstance(x, str) and x.strip() for x in items):
            raise SeedErrors([SeedError(str(path), 1, f"{key} must be a list of words")])
        lists[key] = [x.strip().lower() for x in items]
    return HtmlCues(frozenset(lists["words"]), tuple(lists["prefixes"]), frozenset(lists["roles"]))


@lru_cache(maxsize=1)
def default_cues() -> HtmlCues:
    """The project's cues (:data:`DEFAULT_CUES`); none when the file is absent (an installed wheel)."""
    return load_html_cues(DEFAULT_CUES) if DEFAULT_CUES.is_file() else HtmlCues()


def main_text(source: str) -> str | None:
    """trafilatura's main text of the page, or None when it finds nothing, fails, or is not asked.

    It is not asked about pages over :data:`MAX_SOURCE_CHARS` characters or with more than
    :data:`MAX_LIST_ITEMS` list items (every line of those stays).
    """
    if len(source) > MAX_SOURCE_CHARS or "<" not in source:
        return None
    for items, _ in enumerate(_LIST_ITEM.finditer(source), 1):
        if items > MAX_LIST_ITEMS:
            return None
    import trafilatura

    logger = logging.getLogger("trafilatura")
    level = logger.level
    logger.setLevel(logging.CRITICAL)  # it logs every empty or odd page; that is not news here
    try:
        text = trafilatura.extract(
            source,
            favor_recall=True,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
            output_format="txt",
        )
    except Exception:  # a third-party parser on untrusted HTML: any failure means "found nothing"
        return None
    finally:
        logger.setLevel(level)
    return text or None


def _words(text: str) -> list[str]:
    """Lowercased letter runs: digits and punctuation differ too much between renderings to compare."""
    return _WORD.findall(text.lower())


def blank_boilerplate(work: str, main: str | None, protected: Sequence[tuple[int, int]] = ()) -> tuple[str, int]:
    """``work`` with every line that is not main content turned into spaces, and how many were.

    A line stays when it is a heading; lies in a reference list (from a reference heading to the
    next heading, or to :data:`REF_GAP` blank lines after an entry, as the reader has it);
    overlaps a ``protected`` range of ``work``; or occurs in ``main`` (a short line as a whole, a
    longer one when at least half of its runs of :data:`GRAM` words do). The result has the same
    length and the same newlines, so every offset of ``work`` stays valid.
    """
    main_words = _words(main or "")
    if len(main_words) < MIN_MAIN_WORDS:
        return work, 0
    joined = " " + " ".join(main_words) + " "
    grams = {tuple(main_words[i : i + GRAM]) for i in range(len(main_words) - GRAM + 1)}
    spans = sorted(protected)
    out: list[str] = []
    blanked = 0
    in_refs = False
    entries = blanks = 0
    pos = 0
    k = 0
    for line in work.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        while k < len(spans) and spans[k][1] <= start:
            k += 1
        keep = True
        words = _words(line)
        if not line.strip():
            blanks += 1
            if blanks >= REF_GAP and entries:
                in_refs = False
        elif words:
            blanks = 0
            heading = MD_HEADING.match(line) is not None
            if is_reference_heading(line) and not BULLET.match(line):
                in_refs, entries = True, 0
            elif heading:
                in_refs = False
            elif in_refs:
                entries += 1
            guarded = heading or in_refs or (k < len(spans) and spans[k][0] < end)
            keep = guarded or _occurs(words, joined, grams)
        if keep:
            out.append(line)
        else:
            out.append(" " * len(line))
            blanked += 1
    return "\n".join(out), blanked


def _occurs(words: list[str], joined: str, grams: set[tuple[str, ...]]) -> bool:
    if len(words) <= GRAM:
        return f" {' '.join(words)} " in joined
    runs = [tuple(words[i : i + GRAM]) for i in range(len(words) - GRAM + 1)]
    return 2 * sum(run in grams for run in runs) >= len(runs)
