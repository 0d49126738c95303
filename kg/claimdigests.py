"""Each claim's share of the subject digests, kept in the build record so that an incremental build
generates the triples only of the claims that can have changed (issue 18).

The subject digests of :mod:`kg.incremental` are sums (mod 2**64) of one 64-bit hash per
N-Triples line. A claim's triples add a fixed amount to a few subjects (its node, its evidence
nodes and, for a supporting claim, its subject entity); :class:`ClaimParts` keeps those amounts
per claim with a fingerprint of what can change a claim's triples without its own document
changing: the work ids it cites (works group references across documents), its evidence levels
and its evidence ids. A claim whose document is unchanged and whose fingerprint is the same has
the same triples (its label depends on the entities, which are compared apart), so its share is
taken from the record; the others are generated again. The triples no claim makes (records and
findings) are always generated.
"""

from __future__ import annotations

import bisect
import hashlib
import json
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from kg.model import Claim, Finding, KnowledgeBase
from kg.rdf.nodes import finding_iri_text
from kg.rdf.ntriples import Triple, ntriples_line
from kg.rdf.triples import claim_triples, finding_triples, record_triples

__all__ = ["ClaimParts", "Recount", "claim_key", "entity_digest", "fingerprint", "parts_of", "recount", "view_lines"]

_MASK = (1 << 64) - 1


def claim_key(claim: Claim) -> str:
    """A claim's identity as text (its key joined; cheaper than its id)."""
    return "\x1f".join(claim.key)


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


def fingerprint(claim: Claim) -> int:
    """64 bits of what can change a claim's triples while its documents stay the same."""
    works = "\x1f".join(claim.works)
    levels = "\x1f".join(level.value for level in claim.levels)
    evidence = "\x1f".join(ev.id for ev in claim.evidence)
    return _hash(f"{works}\x1e{levels}\x1e{evidence}")


def finding_marks(findings: Sequence[Finding]) -> tuple[list[str], dict[str, int]]:
    """Each finding's subject IRI (in order), and a fingerprint of everything the findings of each
    IRI say (their triples read nothing else but reference keys)."""
    iris = [finding_iri_text(f) for f in findings]
    texts: dict[str, list[str]] = {}
    for iri, f in zip(iris, findings, strict=True):
        said = [f.category.value, f.severity.value, f.message, f.claims, f.references, f.document]
        said.append([[at.file, at.sha256, at.start, at.end] for at in f.locators])
        texts.setdefault(iri, []).append(json.dumps(said, ensure_ascii=False))
    return iris, {iri: _hash("\x1e".join(said)) for iri, said in texts.items()}


def entity_digest(kb: KnowledgeBase) -> str:
    """A digest of every entity id and label (a claim's label reads them)."""
    digest = hashlib.sha256()
    for key in sorted(kb.entities):
        digest.update(f"{key}\x1f{kb.entities[key].label}\x1e".encode())
    return digest.hexdigest()


def _add(triples: Iterable[Triple], digests: dict[str, int]) -> None:
    """Add each triple's line hash to its subject's sum in ``digests``."""
    for _line in _lines(triples, digests):
        pass


@dataclass
class ClaimParts:
    """Per claim (in ``kb.claims`` order): its key, fingerprint and its share of each subject's
    digest, as indices into the sorted subject list of the record (``offsets`` delimits each
    claim's pairs); per subject: the sum and count of the claims' shares."""

    keys: list[str]
    prints: array = field(default_factory=lambda: array("Q"))
    offsets: array = field(default_factory=lambda: array("Q", [0]))
    subjects: array = field(default_factory=lambda: array("Q"))
    values: array = field(default_factory=lambda: array("Q"))
    sums: array = field(default_factory=lambda: array("Q"))
    counts: array = field(default_factory=lambda: array("Q"))
    found: list[str] = field(default_factory=list)  # the findings' subject IRIs
    found_prints: array = field(default_factory=lambda: array("Q"))  # a fingerprint of each one's findings

    def to_bytes(self) -> bytes:
        """The parts in their stored form: seven arrays, each after its length, then the claim keys
        and the finding IRIs (each text after its length)."""
        out = bytearray()
        for values in (self.prints, self.offsets, self.subjects, self.values, self.sums, self.counts):
            out += len(values).to_bytes(8, "little") + values.tobytes()
        out += len(self.found_prints).to_bytes(8, "little") + self.found_prints.tobytes()
        for texts in (self.keys, self.found):
            text = "\n".join(texts).encode("utf-8")
            out += len(text).to_bytes(8, "little") + text
        return bytes(out)

    @classmethod
    def from_bytes(cls, blob: bytes, subjects: int) -> ClaimParts:
        """The parts of :meth:`to_bytes` for a record of ``subjects`` subjects; ValueError when
        the bytes do not fit."""
        arrays, at = [], 0
        for _ in range(7):
            count = int.from_bytes(blob[at : at + 8], "little")
            chunk = blob[at + 8 : at + 8 + 8 * count]
            if len(chunk) != 8 * count:
                raise ValueError("the claim digests are cut short")
            values = array("Q")
            values.frombytes(chunk)
            arrays.append(values)
            at += 8 + 8 * count
        texts: list[list[str]] = []
        for _ in range(2):
            size = int.from_bytes(blob[at : at + 8], "little")
            text = blob[at + 8 : at + 8 + size].decode("utf-8")
            if len(blob) < at + 8 + size:
                raise ValueError("the claim digests are cut short")
            texts.append(text.split("\n") if text else [])
            at += 8 + size
        if at != len(blob):
            raise ValueError("the claim digests do not fit their record")
        parts = cls(texts[0], *arrays[:6], texts[1], arrays[6])
        parts.check(subjects)
        return parts

    def check(self, subjects: int) -> None:
        """ValueError when the arrays do not fit together or with ``subjects`` subjects."""
        claims = len(self.keys)
        ok = len(self.prints) == claims and len(self.offsets) == claims + 1 and self.offsets[0] == 0
        ok = ok and self.offsets[-1] == len(self.subjects) == len(self.values)
        ok = ok and len(self.sums) == len(self.counts) == subjects and len(self.found) == len(self.found_prints)
        ok = ok and all(a <= b for a, b in zip(self.offsets, self.offsets[1:], strict=False))
        if not ok or (self.subjects and max(self.subjects) >= subjects):
            raise ValueError("the claim digests do not fit their record")


def _lines(triples: Iterable[Triple], digests: dict[str, int]) -> Iterator[str]:
    """The N-Triples line of each triple, adding its hash to its subject's sum in ``digests``."""
    blake, get = hashlib.blake2b, digests.get
    for triple in triples:
        line = ntriples_line(triple)
        value = int.from_bytes(blake(line.encode("utf-8"), digest_size=8).digest(), "little")
        digests[triple[0]] = (get(triple[0], 0) + value) & _MASK
        yield line


def view_lines(
    kb: KnowledgeBase, findings: Sequence[Finding], digests: dict[str, int], shares: list[dict[str, int]]
) -> Iterator[str]:
    """Every N-Triples line of the view in :func:`kg.rdf.triples.triples` order, adding each to its
    subject's sum in ``digests``, and each claim's to its own share appended to ``shares``."""
    yield from _lines(record_triples(kb), digests)
    for claim in kb.claims:
        share: dict[str, int] = {}
        yield from _lines(claim_triples(kb, claim), share)
        shares.append(share)
        for subject, value in share.items():
            digests[subject] = (digests.get(subject, 0) + value) & _MASK
    yield from _lines(finding_triples(kb, findings), digests)


def parts_of(
    kb: KnowledgeBase, names: list[str], shares: Sequence[dict[str, int]], findings: Sequence[Finding]
) -> ClaimParts:
    """The :class:`ClaimParts` of ``kb`` from each claim's share (``names``: the sorted subjects)
    and of its ``findings``."""
    index = {name: i for i, name in enumerate(names)}
    parts = ClaimParts([claim_key(c) for c in kb.claims], array("Q", [fingerprint(c) for c in kb.claims]))
    marks = finding_marks(findings)[1]
    parts.found, parts.found_prints = list(marks), array("Q", marks.values())
    sums, counts = [0] * len(names), [0] * len(names)
    for share in shares:
        for subject, value in share.items():
            i = index[subject]
            parts.subjects.append(i)
            parts.values.append(value)
            sums[i] = (sums[i] + value) & _MASK
            counts[i] += 1
        parts.offsets.append(len(parts.subjects))
    parts.sums, parts.counts = array("Q", sums), array("Q", counts)
    return parts


@dataclass
class Recount:
    """What :func:`recount` made: the new subject digests, for each subject the new claim indices
    that describe it (for the changed subjects only: :meth:`owners`), and the new parts."""

    digests: dict[str, int]
    parts: ClaimParts
    redone: int
    _old: ClaimParts
    _old_names: list[str]
    _reused: dict[int, int]  # old claim index -> new claim index
    _shares: dict[int, dict[str, int]]  # new claim index -> its share, for the claims generated again
    _iris: list[str]  # each finding's subject IRI

    def redone_ids(self, kb: KnowledgeBase) -> frozenset[str]:
        """The ids of the claims generated again (every other claim is as in the last build)."""
        return frozenset(kb.claims[index].id for index in self._shares)

    def lines(self, kb: KnowledgeBase, findings: Sequence[Finding], affected: set[str]) -> list[str]:
        """The N-Triples lines of the ``affected`` subjects (any order, maybe repeated): of the
        records, of the findings of those IRIs, and of the claims that describe them."""
        lines = [ntriples_line(t) for t in record_triples(kb) if t[0] in affected]
        picked = [f for iri, f in zip(self._iris, findings, strict=True) if iri in affected]
        lines.extend(ntriples_line(t) for t in finding_triples(kb, picked))
        owners = self.owners(affected)
        for index in sorted({i for subject in affected for i in owners.get(subject, ())}):
            lines.extend(ntriples_line(t) for t in claim_triples(kb, kb.claims[index]) if t[0] in affected)
        return lines

    def owners(self, affected: set[str]) -> dict[str, list[int]]:
        """For each of the ``affected`` subjects, the new indices of the claims whose triples describe it."""
        out: dict[str, list[int]] = {}
        names = self._old_names
        wanted = {i: names[i] for i in (_find(names, s) for s in affected) if i is not None}
        if wanted:
            offsets, old = self._old.offsets, self._old.subjects
            for position, subject in enumerate(old):
                if subject in wanted:
                    claim = bisect.bisect_right(offsets, position) - 1
                    if claim in self._reused:
                        out.setdefault(wanted[subject], []).append(self._reused[claim])
        for claim, share in self._shares.items():
            for subject in share:
                if subject in affected:
                    out.setdefault(subject, []).append(claim)
        return out


def _find(names: list[str], subject: str) -> int | None:
    i = bisect.bisect_left(names, subject)
    return i if i < len(names) and names[i] == subject else None


def recount(
    kb: KnowledgeBase,
    findings: Sequence[Finding],
    old_digests: dict[str, int],
    old: ClaimParts,
    changed: set[str] | None,
) -> Recount:
    """The subject digests of ``kb`` from the previous build's (``old_digests``, ``old``), the triples
    generated only for the claims with evidence in a ``changed`` document (None: every claim),
    new, or of another fingerprint; the triples no claim makes are generated in full."""
    names = list(old_digests)  # the record's subjects, sorted
    keys = [claim_key(c) for c in kb.claims]
    prints = array("Q", [fingerprint(c) for c in kb.claims])
    reused, shares = _reuse(kb, old, keys, prints, changed)
    if changed is None:  # every claim generated: nothing of the previous parts is read
        sums, counts = array("Q", bytes(8 * len(names))), array("Q", bytes(8 * len(names)))
    else:
        sums, counts = array("Q", old.sums), array("Q", old.counts)
    for j in range(len(old.keys) if changed is not None else 0):
        if j not in reused:
            for at in range(old.offsets[j], old.offsets[j + 1]):
                i = old.subjects[at]
                sums[i], counts[i] = (sums[i] - old.values[at]) & _MASK, counts[i] - 1
    extra: dict[str, tuple[int, int]] = {}
    for share in shares.values():
        for subject, value in share.items():
            i = _find(names, subject)
            if i is None:
                got = extra.get(subject, (0, 0))
                extra[subject] = ((got[0] + value) & _MASK, got[1] + 1)
            else:
                sums[i], counts[i] = (sums[i] + value) & _MASK, counts[i] + 1
    digests: dict[str, int] = {}
    _add(record_triples(kb), digests)
    iris, marks = _finding_digests(kb, findings, old_digests, old if changed is not None else None, digests)
    claimed = {names[i]: (sums[i], counts[i]) for i in range(len(names)) if counts[i]} | extra
    for name, (value, _count) in claimed.items():
        digests[name] = (digests.get(name, 0) + value) & _MASK
    same = len(digests) == len(names) and all(name in digests for name in names)
    new_names = names if same else sorted(digests)
    parts = ClaimParts(keys, prints, found=list(marks), found_prints=array("Q", marks.values()))
    parts = _new_parts(parts, old, names, new_names, reused, shares, claimed)
    return Recount(digests, parts, len(shares), old, names, reused, shares, iris)


def _finding_digests(
    kb: KnowledgeBase,
    findings: Sequence[Finding],
    old_digests: dict[str, int],
    old: ClaimParts | None,
    digests: dict[str, int],
) -> tuple[list[str], dict[str, int]]:
    """Set the digest of each finding IRI in ``digests``: the previous one when its findings say
    the same as before (``old``; None: none reused), else from their triples; return
    :func:`finding_marks`. A finding IRI is the subject of its findings' triples only."""
    iris, marks = finding_marks(findings)
    before = dict(zip(old.found, old.found_prints, strict=True)) if old is not None else {}
    same = {iri for iri, mark in marks.items() if before.get(iri) == mark and iri in old_digests}
    for iri in same:
        digests[iri] = old_digests[iri]
    _add(finding_triples(kb, [f for iri, f in zip(iris, findings, strict=True) if iri not in same]), digests)
    return iris, marks


def _reuse(
    kb: KnowledgeBase, old: ClaimParts, keys: list[str], prints: array, changed: set[str] | None
) -> tuple[dict[int, int], dict[int, dict[str, int]]]:
    """Which previous claims are reused (old index -> new index), and the shares of the others."""
    position = {key: i for i, key in enumerate(old.keys)}
    reused: dict[int, int] = {}
    shares: dict[int, dict[str, int]] = {}
    for index, claim in enumerate(kb.claims):
        j = position.get(keys[index]) if changed is not None else None
        if j is not None and old.prints[j] == prints[index] and not any(e.document in changed for e in claim.evidence):
            reused[j] = index
            continue
        share: dict[str, int] = {}
        _add(claim_triples(kb, claim), share)
        shares[index] = share
    return reused, shares


def _new_parts(
    parts: ClaimParts,
    old: ClaimParts,
    old_names: list[str],
    names: list[str],
    reused: dict[int, int],
    shares: dict[int, dict[str, int]],
    claimed: dict[str, tuple[int, int]],
) -> ClaimParts:
    """Fill ``parts`` (keys and fingerprints of the new build): the reused claims' pairs (their
    subjects renumbered when the subject list changed) and the generated claims' shares."""
    index = {name: i for i, name in enumerate(names)}
    renumber = None if old_names is names else array("Q", [index.get(name, 0) for name in old_names])
    back = {new: j for j, new in reused.items()}
    for claim in range(len(parts.keys)):
        j = back.get(claim)
        if j is not None:
            start, end = old.offsets[j], old.offsets[j + 1]
            subjects = old.subjects[start:end]
            parts.subjects.extend(subjects if renumber is None else array("Q", (renumber[i] for i in subjects)))
            parts.values.extend(old.values[start:end])
        else:
            for subject, value in shares[claim].items():
                parts.subjects.append(index[subject])
                parts.values.append(value)
        parts.offsets.append(len(parts.subjects))
    parts.sums = array("Q", (claimed.get(name, (0, 0))[0] for name in names))
    parts.counts = array("Q", (claimed.get(name, (0, 0))[1] for name in names))
    return parts
