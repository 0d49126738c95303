"""What kind of page a document is: vendor, encyclopedic, scientific, explainer or other.

Owns ``classify_kind``: weighted cue counts per kind, normalised by length, with host hints, and the
order of the decision. The cues and host hints are data (``ontology/reading/kinds.yaml``, plus the
host lists of ``ontology/classifier/hosts.yaml``, read and never written, loaded by
:mod:`kg.read.kind_cues`); this module holds only the rules:

1. a host in a *decisive* host list (a known vendor, literature index, publisher, encyclopedia)
   gives that kind;
2. otherwise a strong shop cue (cart, price, research-use-only, the supplement disclaimer, a
   listed vendor host) gives ``vendor``, unless another kind has more strong cues than vendor;
3. otherwise the kind with the highest score, when that score reaches ``min_score``; ties go to
   the first kind in ``KINDS`` order;
4. otherwise ``other``.

Length normalisation: with ``n = sqrt(max(1, characters / length_unit))``, each cue counts its
matches up to ``cap x n`` and adds ``weight x count / n``, so a long page scores by the density of
its cues, not their number; host hints add their weight once. Only the first ``head`` and the last
``tail`` characters are read, so a 20 MB text costs what a long page does.
Deterministic: the same text and host give the same verdict, cues in file order.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from kg.read.kind_cues import KINDS, HostHint, KindCue, KindCues, load_kind_cues, normalise_host

__all__ = [
    "KINDS",
    "FiredCue",
    "HostHint",
    "KindCue",
    "KindCues",
    "KindVerdict",
    "classify_kind",
    "load_kind_cues",
    "normalise_host",
]

#: The verdict when no cue scores (the kinds themselves, in tie-break order, are ``KINDS``).
OTHER = "other"


@dataclass(frozen=True)
class FiredCue:
    """A cue that fired: its kind, name, matches counted (capped) and weight."""

    kind: str
    name: str
    count: int
    weight: float
    strong: bool

    def __str__(self) -> str:
        mark = "!" if self.strong else ""
        return f"{self.name}{mark}x{self.count}"


@dataclass(frozen=True)
class KindVerdict:
    """The kind of a page, a score per kind, the cues that fired and what decided."""

    kind: str
    scores: Mapping[str, float] = field(default_factory=dict)
    fired: tuple[FiredCue, ...] = ()
    basis: str = "none"  # host | strong | score | none | declared

    @property
    def rationale(self) -> str:
        """One line: the verdict, what decided it, and the cues per kind with their scores."""
        head = {
            "host": "the host is listed",
            "strong": "strong shop cues",
            "score": "highest cue score",
            "none": "no cue scored",
            "declared": "declared by the user",
        }[self.basis]
        parts = []
        for kind in KINDS:
            cues = [str(c) for c in self.fired if c.kind == kind]
            if cues:
                parts.append(f"{kind} {self.scores.get(kind, 0.0):.2f} ({', '.join(cues)})")
        return f"{self.kind}: {head}" + (f"; {'; '.join(parts)}" if parts else "")


def _url_path(url: str | None) -> str:
    """The path (and query) of ``url``, or "" for none or a malformed one."""
    if not url or "/" not in url:
        return ""
    try:
        parts = urlsplit(url if "://" in url else "//" + url)
    except ValueError:
        return ""
    return parts.path + ("?" + parts.query if parts.query else "")


def _window(text: str, cues: KindCues) -> str:
    """The part of the text that is read: the head and the tail."""
    if len(text) <= cues.head + cues.tail:
        return text
    return text[: cues.head] + "\n" + text[len(text) - cues.tail :]


def _letters(value: str) -> str:
    return "".join(ch for ch in value.lower() if ch.isascii() and ch.isalnum())


def _named_host(host: str, names: Sequence[str], cues: KindCues) -> bool:
    """Whether a commercial ``host`` holds one of the compound's ``names`` (letters and digits only,
    four or more) in its own name: a brand's site named for its product."""
    labels = host.split(".")
    if len(labels) < 2 or any(host.endswith(suffix) for suffix in cues.noncommercial):
        return False
    own = _letters("".join(labels[:-1]))
    return any(len(key) >= 4 and key in own for key in (_letters(n) for n in names))


def classify_kind(
    text: str, host: str | None, cues: KindCues, *, url: str | None = None, names: Sequence[str] = ()
) -> KindVerdict:
    """The kind of page ``text`` is (served from ``host``, or from ``url`` when known), with scores
    and fired cues. ``names`` are the compound's names, for the brand-site hint.

    See the module docstring for the scoring and the order of the decision.
    """
    window = _window(text, cues)
    norm = math.sqrt(max(1.0, len(window) / cues.length_unit))
    raw = dict.fromkeys(KINDS, 0.0)
    strong = dict.fromkeys(KINDS, 0)
    fired: list[FiredCue] = []
    decisive: str | None = None
    for cue in cues.cues:
        cap = math.ceil(cue.cap * norm)
        count = 0
        for _ in cue.pattern.finditer(window):
            count += 1
            if count >= cap:
                break
        if count:
            raw[cue.kind] += cue.weight * count / norm
            strong[cue.kind] += cue.strong
            fired.append(FiredCue(cue.kind, cue.name, count, cue.weight, cue.strong))
    name = normalise_host(host or url)
    path = _url_path(url)
    if name:
        listed = False  # one listed host counts: the first (own lists come before borrowed ones)
        for hint in cues.hosts:
            if (hint.listed and listed) or not hint.matches(name, path):
                continue
            listed = listed or bool(hint.listed)
            raw[hint.kind] += hint.weight
            strong[hint.kind] += hint.strong
            fired.append(FiredCue(hint.kind, hint.name, 1, hint.weight, hint.strong))
            if hint.decisive and decisive is None:
                decisive = hint.kind
        if cues.named_host is not None and names and _named_host(name, names, cues):
            kind, weight = cues.named_host
            raw[kind] += weight
            fired.append(FiredCue(kind, "host named for the compound", 1, weight, False))
    scores = {k: round(v, 4) for k, v in raw.items()}
    best = max(KINDS, key=lambda k: (scores[k], -KINDS.index(k)))
    if decisive:
        return KindVerdict(decisive, scores, tuple(fired), "host")
    if strong["vendor"] and all(strong[k] <= strong["vendor"] for k in KINDS):
        return KindVerdict("vendor", scores, tuple(fired), "strong")
    if scores[best] >= cues.min_score:
        return KindVerdict(best, scores, tuple(fired), "score")
    return KindVerdict(OTHER, scores, tuple(fired), "none")
