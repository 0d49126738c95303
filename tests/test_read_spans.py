"""Spans into segments (:mod:`kg.read.spans`): sentence ends, markers after a full stop, the
visible text without markers, and the segment record."""

from __future__ import annotations

from kg.read.spans import sentence_spans
from tests.read_steps import writer_of


def test_sentence_spans_without_markers() -> None:
    text = "One ends here. e.g. this goes on. Two ends here."
    spans = sentence_spans(text, 0, len(text), lambda pos: None)
    assert [text[s:e] for s, e in spans] == ["One ends here. e.g. this goes on.", "Two ends here."]
    text = "Levels fell. mTOR was lower. Dr. Smith said so."
    spans = sentence_spans(text, 0, len(text), lambda pos: None)
    assert [text[s:e] for s, e in spans] == ["Levels fell.", "mTOR was lower.", "Dr. Smith said so."]


def test_a_full_stop_glued_to_the_next_sentence_ends_it() -> None:
    text = "The pathway showed activation.Kinase levels rose."
    spans = sentence_spans(text, 0, len(text), lambda pos: None)
    assert [text[s:e] for s, e in spans] == ["The pathway showed activation.", "Kinase levels rose."]


def test_markers_after_the_full_stop_stay_with_their_sentence() -> None:
    text = "Alpha raises beta.[1],[2] Gamma lowers delta.\n\nReferences\n\n1. A. One. 2001.\n2. B. Two. 2002.\n"
    out = writer_of(text)
    end = text.index("\n")
    assert [text[s:e] for s, e in out.sentences(0, end)] == ["Alpha raises beta.[1],[2]", "Gamma lowers delta."]
    assert out.clean(0, text.index(" Gamma")) == "Alpha raises beta."


def test_emit_trims_cleans_and_cites() -> None:
    text = "  Alpha raises beta [1].  \n\nReferences\n\n1. A. One. 2001.\n"
    out = writer_of(text)
    out.emit(0, text.index("\n"), "sentence", "Intro")
    out.emit(0, 2, "sentence", "Intro")  # only spaces: nothing
    [seg] = out.segments
    assert (seg.start, seg.text, seg.kind, seg.section, seg.citations) == (
        2,
        "Alpha raises beta.",
        "sentence",
        "Intro",
        (1,),
    )


def test_a_marker_glued_to_the_next_word_stands_for_a_space() -> None:
    text = "Alpha lowers beta[1]and gamma.\n\nReferences\n\n1. A. One. 2001.\n"
    out = writer_of(text)
    assert out.clean(0, text.index("\n")) == "Alpha lowers beta and gamma."


def test_a_full_stop_after_a_closing_bracket_ends_the_sentence() -> None:
    text = "It was seen in rats (Doe et al.). This compound acts. See (Fig. 2). Next one."
    spans = sentence_spans(text, 0, len(text), lambda pos: None)
    assert [text[s:e] for s, e in spans] == [
        "It was seen in rats (Doe et al.).",
        "This compound acts.",
        "See (Fig. 2).",
        "Next one.",
    ]
