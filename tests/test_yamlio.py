"""Line-aware YAML reading: values remember their lines, bad files give file:line errors."""

from __future__ import annotations

from pathlib import Path

from kg.seeds.yamlio import MAX_VALUE_CHARS, LineDict, LineList, line_of, read_yaml, show


def _read(tmp_path: Path, text: str | bytes) -> tuple[object, list[tuple[str, int | None, str]]]:
    path = tmp_path / "f.yaml"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    data, errors = read_yaml(path, "f.yaml")
    return data, [(e.path, e.line, e.message) for e in errors]


def test_values_remember_their_lines(tmp_path: Path) -> None:
    data, errors = _read(
        tmp_path, "# c\ndocument:\n  file: a.txt\n\nclaims:\n  - id: c1\n    cites: [1, 2]\n  - id: c2\n"
    )
    assert not errors
    assert isinstance(data, LineDict) and data.line == 2
    assert line_of(data, "document") == 3 and line_of(data["document"], "file") == 3
    claims = data["claims"]
    assert isinstance(claims, LineList) and claims.lines == [6, 8]
    assert line_of(claims[0], "cites") == 7 and claims[0]["cites"] == [1, 2]
    assert line_of(data, "missing") == data.line


def test_scalars_are_read_with_the_safe_rules(tmp_path: Path) -> None:
    data, errors = _read(tmp_path, "a: 1\nb: true\nc: null\nd: 'x: y'\ne: 1.5\n")
    assert not errors
    assert data == {"a": 1, "b": True, "c": None, "d": "x: y", "e": 1.5}


def test_duplicate_keys_are_reported_with_their_line(tmp_path: Path) -> None:
    _, errors = _read(tmp_path, "a: 1\nb: 2\na: 3\n")
    assert len(errors) == 1 and errors[0][:2] == ("f.yaml", 3) and "a" in errors[0][2]


def test_syntax_errors_name_the_line(tmp_path: Path) -> None:
    data, errors = _read(tmp_path, "a: 1\nb: [1, 2\nc: 3\n")
    assert data is None and len(errors) == 1 and errors[0][2].startswith("YAML syntax error")


def test_empty_unreadable_and_non_utf8_files(tmp_path: Path) -> None:
    assert _read(tmp_path, "# only a comment\n")[1] == [("f.yaml", 1, "file is empty")]
    _, errors = _read(tmp_path, b"a: 1\nb: \xff\n")
    assert errors[0][1] == 2 and "not UTF-8" in errors[0][2]
    data, errors = read_yaml(tmp_path / "absent.yaml")
    assert data is None and errors[0].message.startswith("cannot read file")


def test_overlong_values_are_refused(tmp_path: Path) -> None:
    _, errors = _read(tmp_path, "a: ok\nb: " + "x" * (MAX_VALUE_CHARS + 1) + "\n")
    assert errors and errors[0][1] == 2


def test_show_is_short() -> None:
    assert len(show("x" * 1000)) < 80
