"""What ``kg read`` shows (:mod:`kg.read.readview`): records without the text, JSON, readable lines."""

from __future__ import annotations

import json

from kg.read.reader import read_text
from kg.read.readview import document_lines, document_record, documents_json

TEXT = "# Title here\n\nAlpha raises beta [1].\n\nReferences\n\n1. Smith J. A study. J Test. 2001. PMID: 123456\n"


def test_record_is_plain_data_without_the_text() -> None:
    record = document_record(read_text(TEXT, "t.md"))
    assert "text" not in record
    assert record["segments"][1] == {
        "start": 14,
        "end": 36,
        "text": "Alpha raises beta.",
        "kind": "sentence",
        "section": "Title here",
        "citations": [1],
        "cells": [],
    }
    assert record["references"][0]["ids"] == ["PMID:123456"]
    assert json.loads(documents_json([read_text(TEXT, "t.md")]))[0]["title"] == "Title here"


def test_readable_lines() -> None:
    lines = document_lines(read_text(TEXT, "t.md"))
    assert lines[0].startswith("t.md  sha256 ")
    assert lines[2] == "  segments 3, references 1 (numbered), markers 1/1 resolved"
    assert lines[4].split() == ["14-36", "sentence", "cites", "1", "Alpha", "raises", "beta."]
