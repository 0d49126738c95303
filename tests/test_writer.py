"""The one seeds writer: every style reads back as the records it was given, chunks join to one dump."""

from __future__ import annotations

import yaml

from kg.seeds.writer import DRAFT, IMPORT, SYNTH, SYNTH_CONTEXTS, SYNTH_ENTITIES, Style, seed_text

#: Text that must be quoted to read back as text (bools, nulls, numbers, indicators, odd characters).
AWKWARD = [
    "yes",
    "No",
    "null",
    "~",
    "1",
    "0755",
    "1.5",
    "a: b",
    "#x",
    "- x",
    " lead",
    "trail ",
    "é ü",
    'q"\\',
    "x\ty",
    "",
]

RECORD = {
    "document": {"file": "a.txt", "sha256": "0a" * 32, "length": 10, "label": "a document", "compound": "CAS:1-2-3"},
    "references": [{"n": 1, "title": "A title", "ids": ["PMID:1"], "source_type": "web_page"}],
    "claims": [
        {"id": "c-1", "subject": "HGNC:1", "predicate": "activates", "hedged": False, "cites": [1], "span": [0, 5]},
        {"id": "c-2", "subject": "HGNC:2", "predicate": "inhibits", "hedged": True, "cites": [], "span": [1, 6]},
    ],
}


def test_every_style_reads_back_as_the_records() -> None:
    for style in (DRAFT, IMPORT, SYNTH):
        assert yaml.safe_load(seed_text(RECORD, style, "# a header\n")) == RECORD


def test_awkward_text_reads_back_as_text_in_the_lines_layout() -> None:
    records = [{"id": f"x{i}", "label": text, "note": text} for i, text in enumerate(AWKWARD)]
    for style in (SYNTH_ENTITIES, SYNTH_CONTEXTS, Style("lines")):
        assert yaml.safe_load(seed_text(records, style)) == records
    data = {"document": {"label": AWKWARD[0]}, "claims": [{"note": t, "as_written": [t]} for t in AWKWARD]}
    assert yaml.safe_load(seed_text(data, SYNTH)) == data


def test_synth_layout_is_the_hand_written_one() -> None:
    text = seed_text(RECORD, SYNTH, "# h\n")
    assert text.startswith("# h\ndocument:\n  file: a.txt\n  sha256: 0a0a")
    assert '  compound: "CAS:1-2-3"\n\nreferences:\n  - n: 1\n    title: A title\n    ids: ["PMID:1"]\n' in text
    assert '  - id: c-2\n    subject: "HGNC:2"\n    predicate: inhibits\n    hedged: true\n    cites: []\n' in text
    entities = seed_text([{"id": "HGNC:1", "label": "BDNF", "type": "protein"}], SYNTH_ENTITIES)
    assert entities == '- {id: "HGNC:1", label: "BDNF", type: protein}\n'


def test_import_style_puts_records_of_scalars_in_flow_style() -> None:
    text = seed_text([{"id": "HGNC:1", "label": "BDNF"}], IMPORT)
    assert text == "- {id: 'HGNC:1', label: BDNF}\n"


def test_draft_chunks_join_to_the_text_of_one_dump() -> None:
    claims = [{"id": f"c-{i}", "note": "x" * (i % 130), "cites": [i], "span": [i, i + 1]} for i in range(25)]
    data = {"document": {"file": "a.txt"}, "references": [], "claims": claims}
    whole = seed_text(data, Style("yaml", flow="short_lists"))
    assert seed_text(data, Style("yaml", flow="short_lists", chunk=4)) == whole
    assert seed_text(data, DRAFT) == whole
    assert yaml.safe_load(whole) == data


def test_text_yaml_would_read_as_a_number_is_quoted() -> None:
    text = seed_text({"document": {"sha256": "0" * 64}}, SYNTH)
    assert text == f'document:\n  sha256: "{"0" * 64}"\n'
