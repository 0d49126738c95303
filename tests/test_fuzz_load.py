"""Property-based tests of the seed loader.

Random valid projects load and give exactly the claims their records describe. Random broken
records (wrong vocabulary values, missing or unknown keys, bad CURIEs, bad spans, duplicate keys,
YAML syntax damage, stray Unicode and control characters, hostile YAML such as deep nesting,
recursive aliases and alias bombs) give :class:`SeedErrors` whose every message names
``file:line``, never another exception, and ``kg build`` writes nothing.
"""

from __future__ import annotations

import copy
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from kg.cli import main
from kg.errors import SeedErrors
from kg.model import Direction, EvidenceLevel, LevelBasis, Predicate, SourceType
from kg.seeds.load import load_knowledge_base

from .fuzz_strategies import (
    TEXT,
    Project,
    base_project,
    clean,
    dump,
    expected_claims,
    projects,
    seed_records,
    write_project,
)

pytestmark = pytest.mark.fuzz

SEED = "seeds/documents/widgetol.yaml"
_LOCATED = re.compile(r"^(?P<path>[^\n]+?):(?P<line>\d+): .+")


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project folder with the test ontology and document; each example writes its seed file."""
    return base_project(tmp_path_factory.mktemp("fuzz-load"))


def _load(root: Path) -> Any:
    return load_knowledge_base(root / "seeds", root / "ontology", root / "docs")


def _write_seed(root: Path, text: str) -> Path:
    path = root / SEED
    path.write_text(text, encoding="utf-8")
    return path


def _seed_errors(root: Path, text: str) -> list[str]:
    """Load a seed text that must be refused; return the error lines (each checked for file:line)."""
    _write_seed(root, text)
    with pytest.raises(SeedErrors) as info:
        _load(root)
    return _check_located(info.value, text)


def _check_located(exc: SeedErrors, text: str) -> list[str]:
    n_lines = text.count("\n") + 1
    messages = []
    assert exc.errors, "SeedErrors without errors"
    for err in exc.errors:
        rendered = str(err)
        match = _LOCATED.match(rendered)
        assert match, rendered
        assert err.path.endswith("widgetol.yaml"), rendered
        assert 1 <= err.line <= n_lines, (rendered, n_lines)
        messages.append(err.message)
    assert str(exc).endswith("nothing was written")
    return messages


# --- valid projects ------------------------------------------------------------------------


@given(projects())
def test_random_valid_projects_load_to_the_claims_they_describe(project: Project) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = write_project(Path(tmp), project)
        kb = _load(root)
    expected = expected_claims(project.seeds)
    assert {c.id for c in kb.claims} == set(expected)
    for claim in kb.claims:
        want = expected[claim.id]
        assert (claim.subject, claim.predicate.value, claim.object) == (want.subject, want.predicate, want.object)
        assert tuple(ev.id for ev in claim.evidence) == want.evidence
        assert tuple(lv.value for lv in claim.levels) == want.levels
        assert {r.key for r in claim.references} == want.citations
        assert claim.support.value == want.support
    for rec in project.entities:
        ent = kb.entities[rec["id"]]
        assert ent.label == clean(rec["label"])
        assert ent.synonyms == tuple(clean(s) for s in rec.get("synonyms", ()))
    for stem, seed in project.seeds.items():
        doc = kb.documents[stem]
        assert doc.label == clean(seed["document"]["label"])
        by_n = {r.n: r for r in kb.references if r.document == stem}
        for ref in seed["references"]:
            assert by_n[ref["n"]].title == clean(ref.get("title", ""))
            assert by_n[ref["n"]].ids == tuple(ref.get("ids", ()))
        spans = {ev.id: (ev.locator.start, ev.locator.end) for c in kb.claims for ev in c.evidence}
        for c in seed["claims"]:
            assert spans[c["id"]] == tuple(c["span"])


# --- targeted damage: each names the key and the line ---------------------------------------

_ENUM_KEYS = {
    ("claims", "predicate"): Predicate,
    ("claims", "direction"): Direction,
    ("references", "level"): EvidenceLevel,
    ("references", "source_type"): SourceType,
    ("references", "basis"): LevelBasis,
    ("document", "source_type"): SourceType,
}
_REQUIRED = {
    "document": ("file", "sha256", "length", "label", "source_type", "compound", "compound_as_written"),
    "references": ("n", "source_type", "level", "basis"),
    "claims": ("id", "subject", "predicate", "object", "context", "cites", "span"),
}
_ANY_VALUE = st.one_of(TEXT, st.integers(), st.booleans(), st.none(), st.floats(), st.lists(st.integers(), max_size=2))


def _records(seed: dict[str, Any], section: str) -> list[dict[str, Any]]:
    return [seed["document"]] if section == "document" else seed[section]


def _key_line(text: str, record_no: int, section: str, key: str) -> int:
    """Line of ``key:`` in the record_no-th record of a section in block-style YAML."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{section}:"))
    seen = -1
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if section != "document" and line.startswith("- "):
            seen += 1
        if (section == "document" or seen == record_no) and re.match(rf"^(- |  )?{key}:", line):
            return i + 1
    raise AssertionError(f"{key} not found")


@st.composite
def _enum_damage(draw: st.DrawFn) -> tuple[dict[str, Any], str, int, str]:
    seed = draw(seed_records())
    section, key = draw(st.sampled_from(sorted(k for k in _ENUM_KEYS if _records(seed, k[0]))))
    record_no = draw(st.integers(0, len(_records(seed, section)) - 1))
    allowed = {m.value for m in _ENUM_KEYS[(section, key)]}
    value = draw(_ANY_VALUE.filter(lambda v: not (isinstance(v, str) and v in allowed)))
    _records(seed, section)[record_no][key] = value
    return seed, section, record_no, key


@given(_enum_damage())
@example(({"document": {}, "references": [], "claims": []}, "document", 0, "source_type"))
def test_wrong_vocabulary_value_names_key_line_and_allowed_values(
    root: Path, case: tuple[dict[str, Any], str, int, str]
) -> None:
    seed, section, record_no, key = case
    assume(seed["document"])
    text = dump(seed, {"default_flow_style": False, "allow_unicode": True})
    messages = _seed_errors(root, text)
    line = _key_line(text, record_no, section, key)
    errors = _last_errors(root)
    hits = [e for e in errors if e.message.startswith(f"{key}: ") and "expected one of" in e.message]
    assert hits, messages
    # a scalar is reported on its key's line; a list or mapping value starts on the next line
    assert any(e.line in (line, line + 1) for e in hits), (line, [str(e) for e in hits])


def _last_errors(root: Path) -> list[Any]:
    with pytest.raises(SeedErrors) as info:
        _load(root)
    return info.value.errors


@st.composite
def _missing_key(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    seed = draw(seed_records())
    section = draw(st.sampled_from([s for s in _REQUIRED if _records(seed, s)]))
    record = draw(st.sampled_from(_records(seed, section)))
    key = draw(st.sampled_from(_REQUIRED[section]))
    del record[key]
    return seed, key


@given(_missing_key(), st.sampled_from([False, True]))
def test_missing_required_key_is_reported(root: Path, case: tuple[dict[str, Any], str], flow: bool) -> None:
    seed, key = case
    messages = _seed_errors(root, dump(seed, {"default_flow_style": flow}))
    assert any(m.endswith(f"missing required key {key!r}") for m in messages), messages


@st.composite
def _bad_curie(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    seed = draw(seed_records().filter(lambda s: s["claims"]))
    claim = draw(st.sampled_from(seed["claims"]))
    key = draw(st.sampled_from(["subject", "object"]))
    claim[key] = draw(
        st.one_of(
            TEXT,
            st.sampled_from(["HGNC:", "HGNC:abc", "GO:123", "mechkg:", "mechkg:-x", "doi:10.1/a b", "FOO:1", ":1"]),
            st.sampled_from(["doi:10.1234/<script>", 'mechkg:x"y', "HGNC:1033 ", "CAS:1-2-3"]),
        ).filter(lambda v: v.strip() not in ("mechkg:widgetol", "HGNC:1033", "FPLX:PI3K", "FPLX:AKT", "GO:0043491"))
    )
    return seed, key


@given(_bad_curie())
def test_bad_or_unknown_curie_is_reported_at_its_key(root: Path, case: tuple[dict[str, Any], str]) -> None:
    seed, key = case
    assume(all(c[key].strip() != "GO:0051402" for c in seed["claims"]))
    messages = _seed_errors(root, dump(seed))
    assert any(m.startswith(f"{key}: ") for m in messages), messages


_BAD_SPANS = st.one_of(
    st.tuples(st.integers(0, 500), st.integers(0, 500)).filter(lambda t: t[0] >= t[1]).map(list),
    st.tuples(st.integers(max_value=-1), st.integers(0, 10)).map(list),
    st.lists(st.integers(0, 100), max_size=1),
    st.lists(st.integers(0, 100), min_size=3, max_size=4),
    st.tuples(st.integers(0, 10), st.integers(10**3, 10**30)).map(list),
    st.sampled_from([[1.5, 3], ["1", "3"], [True, 3], "0-10", None, {"start": 1, "end": 2}, [None, 4]]),
)


@given(seed_records().filter(lambda s: s["claims"]), st.data())
def test_bad_span_is_reported(root: Path, seed: dict[str, Any], data: st.DataObject) -> None:
    claim = data.draw(st.sampled_from(seed["claims"]))
    claim["span"] = data.draw(_BAD_SPANS)
    messages = _seed_errors(root, dump(seed))
    assert any(m.startswith("span: ") for m in messages), messages


@given(seed_records().filter(lambda s: s["claims"]), st.data())
def test_duplicate_key_is_reported_at_the_second_occurrence(
    root: Path, seed: dict[str, Any], data: st.DataObject
) -> None:
    text = dump(seed, {"default_flow_style": False, "allow_unicode": True})
    lines = text.split("\n")
    # one-line values only (a quoted value can go on over the next lines)
    keyed = [i for i, line in enumerate(lines) if re.fullmatch(r"(- |  )?[a-z_]+: [\w.:\-]+", line)]
    i = data.draw(st.sampled_from(keyed))
    dup = re.sub(r"^- ", "  ", lines[i])
    key = dup.strip().split(":")[0]
    lines.insert(i + 1, dup)
    messages = _seed_errors(root, "\n".join(lines))
    assert f"duplicate key {key!r}" in messages, messages
    assert any(e.line == i + 2 and "duplicate key" in e.message for e in _last_errors(root))


@given(seed_records(), st.text(min_size=1, max_size=12).filter(lambda k: k.strip() and k not in _ALL_KEYS))
def test_unknown_key_is_reported(root: Path, seed: dict[str, Any], key: str) -> None:
    seed["document"][key] = 1
    messages = _seed_errors(root, dump(seed))
    assert any("unknown key" in m or "is not text" in m for m in messages), messages


_ALL_KEYS = {"file", "sha256", "length", "label", "source_type", "compound", "compound_as_written"} | {
    "publisher",
    "host",
    "date",
    "references_numbered",
    "note",
}


# --- untargeted damage: any outcome but a SeedErrors with file:line or a valid load is a bug --


def _load_or_errors(root: Path, text: str) -> None:
    _write_seed(root, text)
    try:
        _load(root)
    except SeedErrors as exc:
        _check_located(exc, text)


_SYNTAX = st.sampled_from([*"[]{}:-,\"'&*!%|>@`#?\t\n ", ": ", "- ", "\n- ", "  ", "---\n", "...\n"])


@given(seed_records(), st.data())
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
def test_yaml_syntax_damage_never_escapes_as_another_exception(
    root: Path, seed: dict[str, Any], data: st.DataObject
) -> None:
    text = dump(seed, data.draw(st.fixed_dictionaries({"default_flow_style": st.sampled_from([False, None, True])})))
    for _ in range(data.draw(st.integers(1, 4))):
        op = data.draw(st.sampled_from(["insert", "delete", "truncate", "swap"]))
        pos = data.draw(st.integers(0, len(text)))
        if op == "insert":
            text = text[:pos] + data.draw(_SYNTAX) + text[pos:]
        elif op == "delete":
            text = text[:pos] + text[pos + data.draw(st.integers(1, 5)) :]
        elif op == "truncate":
            text = text[:pos]
        else:
            lines = text.split("\n")
            j = data.draw(st.integers(0, max(0, len(lines) - 2)))
            lines[j : j + 2] = lines[j : j + 2][::-1]
            text = "\n".join(lines)
    _load_or_errors(root, text)


@given(seed_records(), st.data())
def test_random_unicode_and_control_characters_never_escape(
    root: Path, seed: dict[str, Any], data: st.DataObject
) -> None:
    text = dump(seed, {"allow_unicode": data.draw(st.booleans())})
    for _ in range(data.draw(st.integers(1, 3))):
        pos = data.draw(st.integers(0, len(text)))
        noise = data.draw(
            st.one_of(
                st.text(st.characters(codec="utf-8"), min_size=1, max_size=6),
                st.sampled_from(
                    ["\x00", "\x1b[31m", "\ufeff", "\u202e", "\u2028", "\x85", "\r", "\udcff"[:0] + "\x7f"]
                ),
            )
        )
        text = text[:pos] + noise + text[pos:]
    _load_or_errors(root, text)


@given(seed_records().filter(lambda s: s["claims"]), st.data())
def test_escaped_control_characters_in_values_are_refused(
    root: Path, seed: dict[str, Any], data: st.DataObject
) -> None:
    claim = data.draw(st.sampled_from(seed["claims"]))
    bad = data.draw(st.sampled_from(["\x00", "\x07", "\x1b", "\x7f", "\x85", "\ud800", "\ufffe"]))
    claim["note"] = "text" + bad + "more"
    text = dump(seed, {"allow_unicode": False})  # PyYAML writes the character as a \\x / \\u escape
    messages = _seed_errors(root, text)
    # libyaml itself refuses a lone-surrogate escape; the loader refuses the rest
    assert any(m.startswith(("note: ", "YAML syntax error: ")) and "character" in m for m in messages), messages


# --- hostile YAML: must fail fast and cleanly ------------------------------------------------


def _hostile() -> Iterator[tuple[str, str]]:
    depth = 5000
    yield "deep flow nesting", "claims: " + "[" * depth + "]" * depth + "\n"
    yield "deep block nesting", "claims:\n" + "".join("  " * i + "- \n" for i in range(400))
    yield "recursive alias", "document: &a\n  self: *a\nclaims: []\n"
    yield "recursive list alias", "claims: &a [*a]\n"
    laughs = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    laughs += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    yield "alias bomb", "\n".join(laughs) + "\nclaims: *a9\n"
    yield "bad int tag", "document: !!int abc\n"
    yield "bad bool tag", "document: !!bool maybe\n"
    yield "bad float tag", "document: !!float x1\n"
    yield "bad timestamp tag", "document: !!timestamp 2020-99-99\n"
    yield "python tag", "document: !!python/object:os.system {}\n"
    yield "huge int", "document:\n  length: " + "9" * 5000 + "\n"
    yield "binary", "document:\n  label: !!binary aGVsbG8=\n"
    yield "bad binary", "document:\n  label: !!binary '%%%'\n"
    yield "set", "document: !!set {a, b}\n"
    yield "complex key", "? [a, b]\n: c\n"
    yield "merge key", "document:\n  <<: {label: x}\n"
    yield "bad merge key", "document:\n  <<: 3\n"
    yield "only comment", "# nothing\n"
    yield "bom and nul", "\ufeffdocument:\n  label: a\x00b\n"
    yield "lone surrogate escape", 'document:\n  label: "\\ud800"\n'
    yield "two documents", "document: {}\n---\ndocument: {}\n"


@pytest.mark.parametrize(("what", "text"), list(_hostile()), ids=[w for w, _ in _hostile()])
def test_hostile_yaml_gives_located_seed_errors(root: Path, what: str, text: str) -> None:
    _seed_errors(root, text)


def test_build_with_a_broken_seed_exits_1_and_writes_nothing(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    @given(_enum_damage())
    @settings(max_examples=min(20, settings().max_examples))
    def check(case: tuple[dict[str, Any], str, int, str]) -> None:
        seed = case[0]
        _write_seed(root, dump(copy.deepcopy(seed)))
        out = tmp_path / "out"
        result = CliRunner().invoke(
            main,
            [
                *("build", "--seeds", str(root / "seeds"), "--ontology", str(root / "ontology")),
                *("--documents", str(root / "docs"), "--out", str(out)),
            ],
        )
        assert result.exit_code == 1, result.output
        assert re.search(r"widgetol\.yaml:\d+: ", result.output), result.output
        assert "nothing was written" in result.output
        assert not out.exists()

    monkeypatch.delenv("MECHKG_DOCUMENTS", raising=False)
    check()
