"""What one extraction run loads (the Extractor) and what it yields (claims, one document's result)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.classify import Lexicon as ClassifierLexicon
from kg.classify import load_lexicon
from kg.extract.matcher import EntityMatcher, load_matcher
from kg.extract.rules import Rules, load_rules
from kg.metadata import MetadataMapping, Works
from kg.model import Predicate
from kg.read.boilerplate import BoilerplateCues, load_boilerplate_cues
from kg.read.kind import KindCues, load_kind_cues

__all__ = ["ExtractedClaim", "ExtractionResult", "Extractor", "load_extractor"]


@dataclass(frozen=True)
class Extractor:
    """The loaded resources one extraction run needs."""

    matcher: EntityMatcher
    rules: Rules
    classifier: ClassifierLexicon
    contexts: frozenset[str] = frozenset()
    furniture: BoilerplateCues | None = None
    kinds: KindCues | None = None
    workers: int = 0  # processes for a large document; 0: every core this process may use
    works: Works | None = None  # bibliographic metadata of cited works (seeds/metadata/works.jsonl)
    metadata: MetadataMapping | None = None  # publication types and check tags -> levels


@dataclass(frozen=True)
class ExtractedClaim:
    """One draft claim record: a relation found in one statement."""

    subject: str
    predicate: Predicate
    object: str
    context: str
    direction: str
    hedged: bool
    cites: tuple[int, ...]
    span: tuple[int, int]
    confidence: float
    as_written: str = ""
    quantity: str = ""


@dataclass
class ExtractionResult:
    """What extraction yields for one document: the records and what went wrong."""

    path: str
    stem: str
    document: dict[str, Any]
    references: list[dict[str, Any]]
    claims: list[ExtractedClaim]
    entities: list[dict[str, Any]] = field(default_factory=list)
    markers_found: int = 0
    markers_resolved: int = 0
    warnings: list[str] = field(default_factory=list)


def load_extractor(ontology: Path) -> Extractor:
    """Load the matcher, the rules and the reference classifier from an ontology folder."""
    from kg.seeds.load import load_vocabulary

    entities, contexts = load_vocabulary(ontology)
    known = frozenset(contexts)
    reading = ontology / "reading"
    return Extractor(
        matcher=load_matcher(ontology, entities),
        rules=load_rules(ontology / "extraction", known),
        classifier=load_lexicon(ontology / "classifier"),
        contexts=known,
        furniture=load_boilerplate_cues(reading) if (reading / "boilerplate.yaml").is_file() else None,
        kinds=load_kind_cues(reading) if (reading / "kinds.yaml").is_file() else None,
    )
