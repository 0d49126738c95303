"""The exception hierarchy (:mod:`kg.errors`): one base, and the text each error renders."""

from __future__ import annotations

import pytest

import kg.errors as errors
from kg.errors import (
    KGError,
    RemoteError,
    ResolveError,
    SeedError,
    SeedErrors,
    UnknownEntityError,
    UnknownFormatError,
)


@pytest.mark.parametrize("name", errors.__all__)
def test_every_exported_error_is_a_kg_error(name: str) -> None:
    assert issubclass(getattr(errors, name), KGError)


def test_seed_error_names_a_file_line_or_a_folder() -> None:
    assert str(SeedError("seeds/a.yaml", 12, "bad key")) == "seeds/a.yaml:12: bad key"
    assert str(SeedError("seeds", None, "folder not found")) == "seeds: folder not found"
    assert isinstance(SeedError("a", 1, "m"), ValueError)


def test_seed_errors_are_sorted_by_place_and_counted() -> None:
    found = SeedErrors([SeedError("b.yaml", 2, "x"), SeedError("a.yaml", 9, "y"), SeedError("a.yaml", None, "z")])
    assert [(e.path, e.line) for e in found.errors] == [("a.yaml", None), ("a.yaml", 9), ("b.yaml", 2)]
    assert str(found).splitlines()[-1] == "3 errors found; nothing was written"
    assert str(SeedErrors([SeedError("a.yaml", 1, "x")])).endswith("\n1 error found; nothing was written")


def test_unknown_entity_suggests_names_or_gives_its_reason() -> None:
    assert str(UnknownEntityError("akt")) == "unknown entity 'akt'"
    assert str(UnknownEntityError("akt", ["AKT1", "AKT2"])) == "unknown entity 'akt' (did you mean: AKT1, AKT2)"
    assert str(UnknownEntityError("akt", ["AKT1"], reason="names two entities")) == "entity 'akt' names two entities"
    assert isinstance(UnknownEntityError("akt"), KeyError)


def test_unknown_format_lists_the_choices_sorted() -> None:
    error = UnknownFormatError("xls", ["tsv", "cx2", "graphml"])
    assert error.choices == ["cx2", "graphml", "tsv"]
    assert str(error) == "unknown format 'xls' (expected one of: cx2, graphml, tsv)"


def test_remote_and_resolve_errors_keep_their_details() -> None:
    remote = RemoteError("server answered 503", status=503)
    assert remote.status == 503 and str(remote) == "server answered 503"
    assert RemoteError("no answer").status is None
    resolve = ResolveError("Crossref", "no network", unreachable=True)
    assert str(resolve) == "Crossref: no network"
    assert resolve.service == "Crossref" and resolve.unreachable
    assert not ResolveError("Crossref", "bad answer").unreachable
