"""Names compared and written: identity folding (:func:`fold_name`), slugs for file names and
anchors (:func:`slug`), and the keys under which a cited work is known (:func:`work_keys`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

__all__ = ["fold_name", "slug", "work_keys"]

_WORD = re.compile(r"[a-z0-9]+")


def work_keys(ids: Iterable[str], title: str) -> list[str]:
    """Keys under which a cited work is known: its identifiers, then its title (four words or more)."""
    keys = [i.lower() for i in ids]
    words = _WORD.findall(title.lower())
    if len(words) >= 4:
        keys.append("title:" + " ".join(words))
    return keys


def fold_name(text: str) -> str:
    """A name as compared for identity: compatibility forms unified (NFKC) and case folded."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


_NOT_SLUG = re.compile(r"[^A-Za-z0-9]+")


def slug(text: str, empty: str = "") -> str:
    """Text as a file-name or anchor part: ASCII letters and digits, other runs as one hyphen,
    lower case ("Cerebrolysin: PI3K/Akt" -> "cerebrolysin-pi3k-akt"); ``empty`` when nothing is left."""
    return _NOT_SLUG.sub("-", text).strip("-").lower() or empty
