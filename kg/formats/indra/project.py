"""``kg import indra``: one INDRA statement JSON file becomes the files of a self-contained project
folder (a seed file whose asserting "document" is the JSON file itself, plus the entities and
contexts the project lacks and a copy of its ontology), written all at once."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.classify import load_lexicon
from kg.errors import SeedError, SeedErrors
from kg.formats.indra.importer import Importer
from kg.formats.indra.spans import read_statements
from kg.formats.indra.summary import ImportSummary
from kg.model import Context, Entity, EntityType, Reference, SourceType, slug
from kg.seeds.writer import IMPORT, seed_text

__all__ = ["IndraImport", "import_indra", "write_import"]


@dataclass
class IndraImport:
    """The result of an import: the files to write, warnings and the summary."""

    files: dict[Path, bytes]
    warnings: list[str]
    summary: ImportSummary


def _dump(data: Any, header: str) -> bytes:
    """A seed, entity or context file as the one seeds writer writes imports."""
    return seed_text(data, IMPORT, header).encode("utf-8")


def _load_ontology(folder: Path, skip_name: str | None = None) -> tuple[dict[str, Entity], dict[str, Context]]:
    """Entities and contexts of an ontology folder, leaving out files named ``skip_name``."""
    import shutil
    import tempfile

    from kg.seeds.load import load_vocabulary

    if not any((folder / part / str(skip_name)).exists() for part in ("entities", "contexts")):
        return load_vocabulary(folder)
    with tempfile.TemporaryDirectory() as tmp:
        for part in ("entities", "contexts"):
            (Path(tmp) / part).mkdir()
            for path in sorted((folder / part).glob("*.yaml")) if (folder / part).is_dir() else []:
                if path.name != skip_name:
                    shutil.copy(path, Path(tmp) / part / path.name)
        return load_vocabulary(Path(tmp))


def import_indra(
    path: Path,
    out: Path,
    ontology: Path = Path("ontology"),
    compound: str | None = None,
    seeds: Path | None = None,
) -> IndraImport:
    """Convert one INDRA statement JSON file into the files of a project folder under ``out``.

    ``out/seeds/documents/indra-<name>.yaml`` holds the document record, the graded references and
    one evidence record per INDRA evidence (per member pair for a Complex); ``out/ontology`` gets
    a copy of ``ontology`` plus ``entities/indra-<name>.yaml`` and ``contexts/indra-<name>.yaml``
    for the groundings and species contexts the project lacks. A cited paper whose identifier a
    reference of the curated ``seeds`` carries takes that curated grade instead of the
    classifier's. Nothing is written here: write ``result.files`` with
    :func:`kg.output.atomic_write_many` (see :func:`write_import`).
    """
    name = path.name
    text, statements = read_statements(path, str(path))
    stem = "indra-" + slug(path.stem, "statements")
    seed_file = Path(stem + ".yaml")
    entities, contexts = _known_vocabulary(ontology, out, seed_file.name)
    lexicon = load_lexicon(ontology / "classifier")
    imp = Importer(name, text, entities, contexts, lexicon, _curated_grades(seeds, ontology))
    imp.summary.statements = len(statements)
    for raw in statements:
        imp.statement(raw, stem)
    if not imp.claims:
        lines = "\n".join(imp.warnings[:20] + imp.summary.lines())
        raise SeedErrors([SeedError(str(path), 1, f"no statement could be imported; nothing was written\n{lines}")])
    if compound is None:
        compound = _main_subject(imp)
    elif compound not in entities and compound not in imp.new_entities:
        raise SeedErrors([SeedError(str(path), 1, f"--compound {compound!r} is not a known entity")])
    compound_label = entities[compound].label if compound in entities else str(imp.new_entities[compound]["label"])
    doc = {
        "file": name,
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "length": len(text),
        "label": f"INDRA statements in {name}",
        "source_type": SourceType.WEB_PAGE.value,
        "compound": compound,
        "compound_as_written": compound_label,
        "references_numbered": False,
        "note": "imported by kg import indra; each span is one evidence object of the JSON text",
    }
    files = _files(imp, doc, ontology, out, seed_file)
    s = imp.summary
    s.references = len(imp.references.records)
    s.claims = len({(c["subject"], c["predicate"], c["object"], c["context"], c.get("direction")) for c in imp.claims})
    s.new_entities, s.new_contexts = len(imp.new_entities), len(imp.new_contexts)
    return IndraImport(files, imp.warnings, s)


def _known_vocabulary(ontology: Path, out: Path, seed_name: str) -> tuple[dict[str, Entity], dict[str, Context]]:
    """The entities and contexts an import grounds against: the project's, and those of an earlier
    import into ``out`` (other than this file's own)."""
    base_entities, base_contexts = _load_ontology(ontology)
    entities, contexts = dict(base_entities), dict(base_contexts)
    if (out / "ontology").is_dir() and (out / "ontology").resolve() != ontology.resolve():
        more_e, more_c = _load_ontology(out / "ontology", skip_name=seed_name)
        entities |= more_e
        contexts |= more_c
    return entities, contexts


def _reference_records(imp: Importer) -> list[dict[str, Any]]:
    """The graded reference entries of an import, numbered from 1, as seed records."""
    references = []
    for n, ref in enumerate(imp.references.records, start=1):
        item: dict[str, Any] = {"n": n}
        if ref.title:
            item["title"] = ref.title
        if ref.host:
            item["host"] = ref.host
        if ref.ids:
            item["ids"] = list(ref.ids)
        if ref.url:
            item["url"] = ref.url
        item |= {"source_type": ref.source_type.value, "level": ref.level.value, "basis": ref.basis.value}
        item["note"] = ref.note
        references.append(item)
    return references


def _files(imp: Importer, doc: dict[str, Any], ontology: Path, out: Path, seed_file: Path) -> dict[Path, bytes]:
    """The files of an import: the seed file, the copied ontology, new entities and contexts."""
    header = f"# Imported from {doc['file']} by `kg import indra` (regenerate rather than edit).\n"
    files: dict[Path, bytes] = {
        out / "seeds" / "documents" / seed_file: _dump(
            {"document": doc, "references": _reference_records(imp), "claims": imp.claims}, header
        )
    }
    files |= _copy_ontology(ontology, out / "ontology")
    if imp.new_entities:
        files[out / "ontology" / "entities" / seed_file] = _dump(
            [imp.new_entities[k] for k in sorted(imp.new_entities)], header
        )
    if imp.new_contexts:
        files[out / "ontology" / "contexts" / seed_file] = _dump(
            [imp.new_contexts[k] for k in sorted(imp.new_contexts)], header
        )
    return files


def _curated_grades(seeds: Path | None, ontology: Path) -> dict[str, Reference]:
    """Curated reference entries of a project's seeds by lower-cased identifier (first by key)."""
    if seeds is None:
        return {}
    from kg.seeds.load import load_knowledge_base

    out: dict[str, Reference] = {}
    for ref in sorted(load_knowledge_base(seeds, ontology).references, key=lambda r: r.key):
        for ident in ref.ids:
            out.setdefault(ident.lower(), ref)
    return out


def _main_subject(imp: Importer) -> str:
    """The most frequent subject, compounds first (ties broken by id)."""

    def is_compound(curie: str) -> bool:
        etype = imp.type_of(curie)
        return etype in (EntityType.COMPOUND, EntityType.TOOL_COMPOUND, EntityType.CHEMICAL)

    ranked = sorted(imp.subjects.items(), key=lambda kv: (not is_compound(kv[0]), -kv[1], kv[0]))
    return ranked[0][0]


def _copy_ontology(src: Path, dst: Path) -> dict[Path, bytes]:
    """Every file of the project ontology folder, to make the output folder self-contained."""
    if src.resolve() == dst.resolve():
        return {}
    return {dst / p.relative_to(src): p.read_bytes() for p in sorted(src.rglob("*")) if p.is_file()}


def write_import(result: IndraImport) -> list[Path]:
    """Write the files of an import atomically; return their paths."""
    from kg.output import atomic_write_many

    atomic_write_many(result.files)
    return sorted(result.files)
