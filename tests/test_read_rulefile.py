"""Rules files (:mod:`kg.read.rulefile`): read as a mapping, a key's line, unknown keys, bounded patterns."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import SeedErrors
from kg.read.rulefile import compile_bounded, line_of, read_rules, unknown_keys


def test_read_rules_gives_the_mapping(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("alpha: 1\nbeta: [x]\n", encoding="utf-8")
    assert read_rules(path, "test rules") == {"alpha": 1, "beta": ["x"]}


@pytest.mark.parametrize(
    ("body", "message"),
    [(None, "test rules file not found"), ("a: [1\n", "not valid YAML"), ("- a\n- b\n", "expected a mapping")],
)
def test_read_rules_errors_name_the_file(tmp_path: Path, body: str | None, message: str) -> None:
    path = tmp_path / "rules.yaml"
    if body is not None:
        path.write_text(body, encoding="utf-8")
    with pytest.raises(SeedErrors) as caught:
        read_rules(path, "test rules")
    [error] = caught.value.errors
    assert error.path == str(path) and message in error.message


def test_line_of_and_unknown_keys() -> None:
    text = "alpha: 1\nbogus: 2\n"
    assert line_of(text, "bogus:") == 2
    assert line_of(text, "absent:") == 1
    [error] = unknown_keys({"alpha": 1, "bogus": 2}, frozenset({"alpha"}), Path("r.yaml"), text)
    assert (error.line, error.message) == (2, "unknown key 'bogus'")


def test_compile_bounded_refuses_unbounded_repetition() -> None:
    assert compile_bounded(r"ab{1,3}[*+]").search("xABB*")
    for pattern in (r"a+", r"a*", r"a{2,}"):
        with pytest.raises(ValueError, match="unbounded quantifier"):
            compile_bounded(pattern)
    with pytest.raises(ValueError, match="not a valid regular expression"):
        compile_bounded(r"(a")
