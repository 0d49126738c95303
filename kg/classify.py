"""The reference classifier: source type and evidence level from identifiers, host, title and
the words around a citation marker, with a short rationale.

Host lists and word cues are data (``ontology/classifier/hosts.yaml`` and ``cues.yaml``); this
module holds only the rules and their order. Bad input (no title, unparsable URL, malformed
identifier) gives ``unknown`` with a reason, never an exception.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from kg.errors import SeedError, SeedErrors
from kg.model import EvidenceLevel, LevelBasis, SourceType
from kg.vocab.iris import REFERENCE_ID_PATTERNS

__all__ = [
    "CONTEXT_CUES",
    "CUE_CATEGORIES",
    "CUE_ORDER",
    "HOST_CATEGORIES",
    "Classification",
    "Lexicon",
    "classify",
    "host_of",
    "load_lexicon",
    "parse_identifier",
]

#: Cue categories in order of precedence.
CUE_ORDER = ("protocol", "systematic", "animal", "in_vitro", "rct", "clinical_other", "review")
#: Cue categories that may be read from the citing document's words (never "patients" alone:
#: a citing text that speaks of patients does not make the cited work clinical).
CONTEXT_CUES = ("protocol", "systematic", "animal", "in_vitro", "rct", "context_clinical", "context_review")
#: Every cue category the data may define ("human" marks statements about people; the context_*
#: categories are phrases a citing sentence uses for a study of people or for a review).
CUE_CATEGORIES = (*CUE_ORDER, "human", "context_clinical", "context_review")
HOST_CATEGORIES = ("manufacturer", "vendor", "registry", "index", "publisher", "repository", "web")

_OUTCOME = {
    "protocol": (SourceType.TRIAL_PROTOCOL_OR_REGISTRY, EvidenceLevel.NOT_EVIDENCE),
    "systematic": (SourceType.SYSTEMATIC_REVIEW, EvidenceLevel.META_ANALYSIS),
    "animal": (SourceType.PRIMARY_RESEARCH, EvidenceLevel.ANIMAL),
    "in_vitro": (SourceType.PRIMARY_RESEARCH, EvidenceLevel.IN_VITRO),
    "rct": (SourceType.CLINICAL_TRIAL_REPORT, EvidenceLevel.HUMAN_CLINICAL_RCT),
    "context_clinical": (SourceType.PRIMARY_RESEARCH, EvidenceLevel.HUMAN_CLINICAL_OTHER),
    "context_review": (SourceType.NARRATIVE_REVIEW, EvidenceLevel.REVIEW_SECONDARY),
    "clinical_other": (SourceType.PRIMARY_RESEARCH, EvidenceLevel.HUMAN_CLINICAL_OTHER),
    "review": (SourceType.NARRATIVE_REVIEW, EvidenceLevel.REVIEW_SECONDARY),
}


@dataclass(frozen=True)
class Classification:
    """What the classifier concludes about one reference, and why."""

    source_type: SourceType
    level: EvidenceLevel
    basis: LevelBasis
    rationale: str


@dataclass(frozen=True)
class Lexicon:
    """Host lists and cue patterns, loaded from ``ontology/classifier``."""

    hosts: dict[str, tuple[str, ...]]
    makes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    cues: dict[str, tuple[re.Pattern[str], ...]] = field(default_factory=dict)

    def host_category(self, host: str) -> str | None:
        """Category of a host (or of a parent domain), or None when unlisted."""
        host = host.lower().strip().rstrip(".")
        host = host.removeprefix("www.")
        for category in HOST_CATEGORIES:
            for entry in self.hosts.get(category, ()):
                if host == entry or host.endswith("." + entry):
                    return category
        return None

    def cues_in(self, text: str, categories: Iterable[str] = CUE_ORDER) -> list[str]:
        """Cue categories whose patterns occur in text, in precedence order."""
        return [c for c in categories if any(p.search(text) for p in self.cues.get(c, ()))]


def load_lexicon(folder: Path) -> Lexicon:
    """Read hosts.yaml and cues.yaml; malformed entries raise SeedErrors naming file:line."""
    errors: list[SeedError] = []
    hosts: dict[str, list[str]] = {c: [] for c in HOST_CATEGORIES}
    makes: dict[str, tuple[str, ...]] = {}
    cues: dict[str, tuple[re.Pattern[str], ...]] = {}
    hosts_path, cues_path = folder / "hosts.yaml", folder / "cues.yaml"
    for path in (hosts_path, cues_path):
        if not path.is_file():
            raise SeedErrors([SeedError(str(path), None, "classifier data file not found")])
    raw_hosts = yaml.safe_load(hosts_path.read_text(encoding="utf-8")) or {}
    for category, entries in raw_hosts.items():
        if category not in HOST_CATEGORIES:
            allowed = ", ".join(HOST_CATEGORIES)
            errors.append(SeedError(str(hosts_path), 1, f"unknown host category {category!r} (allowed: {allowed})"))
            continue
        for entry in entries or []:
            if isinstance(entry, dict):
                hosts[category].append(str(entry["host"]).lower())
                makes[str(entry["host"]).lower()] = tuple(entry.get("makes", ()))
            else:
                hosts[category].append(str(entry).lower())
    raw_cues = yaml.safe_load(cues_path.read_text(encoding="utf-8")) or {}
    for category, patterns in raw_cues.items():
        if category not in CUE_CATEGORIES:
            allowed = ", ".join(CUE_CATEGORIES)
            errors.append(SeedError(str(cues_path), 1, f"unknown cue category {category!r} (allowed: {allowed})"))
            continue
        compiled = []
        for pattern in patterns or []:
            try:
                compiled.append(re.compile(rf"(?<![\w-]){pattern}(?![\w-])", re.IGNORECASE))
            except re.error as exc:
                errors.append(SeedError(str(cues_path), 1, f"bad pattern {pattern!r} in {category}: {exc}"))
        cues[category] = tuple(compiled)
    if errors:
        raise SeedErrors(errors)
    return Lexicon({k: tuple(v) for k, v in hosts.items()}, makes, cues)


def parse_identifier(text: str) -> tuple[str, str] | str:
    """Split ``PREFIX:local`` and check the local part; return (prefix, local) or a reason."""
    prefix, sep, local = text.strip().partition(":")
    if not sep:
        return f"identifier {text!r} has no prefix"
    if prefix not in REFERENCE_ID_PATTERNS:
        return f"identifier prefix {prefix!r} is not one of {', '.join(sorted(REFERENCE_ID_PATTERNS))}"
    if not re.fullmatch(REFERENCE_ID_PATTERNS[prefix], local):
        return f"identifier {text!r} is malformed for {prefix}"
    return prefix, local


def host_of(host: str | None, url: str | None) -> tuple[str, str]:
    """The host to classify by (from the host field, else the URL) and a problem note."""
    if host and host.strip():
        return host.strip().lower(), ""
    if url:
        try:
            parsed = urlsplit(url.strip())
        except ValueError:
            return "", f"URL {url!r} does not parse"
        try:
            name = (parsed.hostname or "").strip()
        except ValueError:  # e.g. a bracketed host that is not an IP address
            name = ""
        if name and not any(c.isspace() for c in name):
            return name.lower(), ""
        return "", f"URL {url!r} has no host"
    return "", ""


def _identity(ids: Sequence[str], host: str | None, url: str | None) -> tuple[dict[str, str], str, str]:
    """The parsed identifiers (prefix -> local id), the host, and the problems noted, as a suffix."""
    notes: list[str] = []
    prefixes: dict[str, str] = {}
    for ident in ids:
        parsed = parse_identifier(ident)
        if isinstance(parsed, str):
            notes.append(parsed)
        else:
            prefixes[parsed[0]] = parsed[1]
    hostname, problem = host_of(host, url)
    if problem:
        notes.append(problem)
    suffix = ("; " + "; ".join(notes)) if notes else ""
    return prefixes, hostname, suffix


def _by_identifier_or_host(
    prefixes: dict[str, str], hostname: str, category: str | None, suffix: str
) -> Classification | None:
    """The grade an identifier (Cochrane, NCT) or a listed host (maker, vendor, registry) settles."""
    if "cochrane" in prefixes:
        return Classification(
            SourceType.SYSTEMATIC_REVIEW,
            EvidenceLevel.META_ANALYSIS,
            LevelBasis.IDENTIFIER,
            "Cochrane review identifier" + suffix,
        )
    if "NCT" in prefixes:
        return Classification(
            SourceType.TRIAL_PROTOCOL_OR_REGISTRY,
            EvidenceLevel.NOT_EVIDENCE,
            LevelBasis.IDENTIFIER,
            "trial registry identifier" + suffix,
        )
    if category == "manufacturer":
        return Classification(
            SourceType.MANUFACTURER_SITE,
            EvidenceLevel.VENDOR_ASSERTION,
            LevelBasis.HOST,
            f"{hostname} is a manufacturer's site" + suffix,
        )
    if category == "vendor":
        return Classification(
            SourceType.VENDOR_SITE,
            EvidenceLevel.VENDOR_ASSERTION,
            LevelBasis.HOST,
            f"{hostname} is a vendor's site" + suffix,
        )
    if category == "registry":
        return Classification(
            SourceType.TRIAL_PROTOCOL_OR_REGISTRY,
            EvidenceLevel.NOT_EVIDENCE,
            LevelBasis.HOST,
            f"{hostname} is a trial registry" + suffix,
        )
    return None


def classify(
    lexicon: Lexicon,
    title: str | None = None,
    host: str | None = None,
    ids: Sequence[str] = (),
    url: str | None = None,
    context: str = "",
    unlisted: bool = False,
    metadata: Classification | None = None,
) -> Classification:
    """Derive source type and evidence level for one reference, with a rationale.

    ``metadata`` is the grade the work's bibliographic metadata gives (:func:`kg.metadata.grade`):
    it outranks the title and citing-context rules, not identifiers or hosts.

    ``unlisted`` marks a citation marker with no reference-list entry: nothing but the citing
    words says what the work was, so they grade it (basis ``citing_context``).
    """
    prefixes, hostname, suffix = _identity(ids, host, url)
    category = lexicon.host_category(hostname) if hostname else None
    found = _by_identifier_or_host(prefixes, hostname, category, suffix)
    if found is not None:
        return found
    if metadata is not None:
        return Classification(metadata.source_type, metadata.level, metadata.basis, metadata.rationale + suffix)
    title_text = (title or "").strip()
    if title_text:
        found = lexicon.cues_in(title_text)
        if found:
            source, level = _OUTCOME[found[0]]  # the first cue in precedence order decides
            return Classification(source, level, LevelBasis.TITLE, f"title cue: {found[0]}" + suffix)
    if context.strip() and (title_text or prefixes or unlisted):  # a bare host is unidentifiable
        found = lexicon.cues_in(context, CONTEXT_CUES)
        if found:
            source, level = _OUTCOME[found[0]]
            return Classification(source, level, LevelBasis.CITING_CONTEXT, f"citing-context cue: {found[0]}" + suffix)
    if category in ("repository", "web"):
        return Classification(
            SourceType.WEB_PAGE,
            EvidenceLevel.UNKNOWN,
            LevelBasis.HOST,
            f"{hostname} is a {category} site and no title identifies the work" + suffix,
        )
    if not title_text:
        what = f"bare host {hostname}" if hostname else "no title, host or usable identifier"
        return Classification(
            SourceType.UNKNOWN_HOST,
            EvidenceLevel.UNKNOWN,
            LevelBasis.HOST,
            f"{what}: the work cannot be identified" + suffix,
        )
    source = SourceType.PRIMARY_RESEARCH if category in ("index", "publisher") or prefixes else SourceType.UNKNOWN_HOST
    return Classification(
        source, EvidenceLevel.UNKNOWN, LevelBasis.TITLE, "no design cue in title or citing context" + suffix
    )
