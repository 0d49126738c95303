"""A name's pattern searched only around the places its anchor (longest plain token) occurs."""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["anchored_matches", "windows"]


def anchored_matches(
    compiled: re.Pattern[str], subject: str, lowered: str, anchor: str, name: str
) -> Iterable[re.Match[str]]:
    """Matches of one name's pattern, searched only around the places its anchor occurs.

    A name cannot match where its longest plain token is absent, so the pattern runs on windows
    around the anchor's occurrences (found by a plain substring search) instead of the whole
    text: the same matches, in time that grows with the occurrences, not with the text.
    """
    if not anchor or len(subject) < 4096:
        yield from compiled.finditer(subject)
        return
    reach = 3 * len(name) + 40  # how far a match may extend on either side of its anchor
    for start, end in windows(lowered, anchor, reach, len(subject)):
        for m in compiled.finditer(subject, start, end):
            if m.end() < end or end == len(subject):  # never a match cut short by the window's end
                yield m


def windows(lowered: str, anchor: str, reach: int, size: int) -> list[tuple[int, int]]:
    """The spans ``reach`` characters either side of each occurrence of ``anchor``, overlapping ones joined.

    A span is grown by jumping to the last occurrence it reaches (the occurrences in between cannot
    end it sooner), so a frequent anchor costs one search per joined span, not one per occurrence."""
    windows: list[tuple[int, int]] = []
    pos = lowered.find(anchor)
    while pos != -1:
        start, end = max(0, pos - reach), min(size, pos + len(anchor) + reach)
        while True:  # the last occurrence whose span touches this one's end extends it
            last = lowered.rfind(anchor, pos + 1, end + reach + len(anchor))
            if last == -1:
                break
            pos, end = last, min(size, last + len(anchor) + reach)
        windows.append((start, end))
        pos = lowered.find(anchor, pos + 1)
    return windows
