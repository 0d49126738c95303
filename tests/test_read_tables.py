"""Tables (:mod:`kg.read.tables`): Markdown and tab rows, key-value pairs, run-together tables,
note rows and a source column."""

from __future__ import annotations

from kg.read.tables import cells_of, emit_table, glued_header, glued_table, kv_table, lone_tab_row, table_rows
from tests.read_steps import writer_of


def test_markdown_rows_and_cells() -> None:
    text = "| Name | Value |\n|---|---|\n| Dose | 5 mg |\n"
    out = writer_of(text, "markdown")
    rows, after = table_rows(out.page, set(), 0)
    assert after == 3 and [li for li, _ in rows] == [0, 2]
    assert [text[s:e] for s, e in cells_of(out.page, 2)] == ["Dose", "5 mg"]
    assert not lone_tab_row(out.page, rows)
    emit_table(out, rows, "Facts")
    assert [(seg.kind, seg.cells) for seg in out.segments] == [
        ("table_row", ("Name", "Value")),
        ("table_row", ("Dose", "5 mg")),
    ]


def test_a_lone_tab_line_with_one_filled_cell_is_no_table() -> None:
    out = writer_of("only words\t\n")
    rows, _ = table_rows(out.page, set(), 0)
    assert lone_tab_row(out.page, rows)


def test_key_value_rows_pair_up() -> None:
    out = writer_of("Molar mass |\n312.4 g/mol |\nAppearance |\nwhite powder |\n")
    assert kv_table(out, 0, "") == 4
    assert [seg.cells for seg in out.segments] == [("Molar mass", "312.4 g/mol"), ("Appearance", "white powder")]


def test_a_run_together_table_with_a_source_column() -> None:
    text = "NameValueSource\nHalf-life4 hours Smith 2019 (PMID: 12345678)\n"
    out = writer_of(text, "markdown")
    assert glued_header(out.page, 0) == ["Name", "Value", "Source"]
    assert glued_table(out, 0, "Facts") == 2
    header, row = out.segments
    assert header.cells == ("Name", "Value", "Source")
    assert row.citations == (1,) and out.refs.refs[0].ids == ("PMID:12345678",)
    assert row.cells == ("Half-life4 hours", "Smith 2019 (PMID: 12345678)")
