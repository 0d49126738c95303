"""HTML to working text (:mod:`kg.read.htmltext`): blocks on lines, headings marked, furniture
dropped, and every working offset mapped back into the raw HTML."""

from __future__ import annotations

from kg.read.htmltext import html_to_work

PAGE = (
    "<html><head><title>Page title</title></head><body><nav>Home | Shop</nav>"
    "<main><h2>Part</h2><p>Alpha <b>beta</b>.</p><ul><li>one</li></ul></main></body></html>"
)


def test_blocks_headings_and_items() -> None:
    page = html_to_work(PAGE)
    assert page.title == "Page title"
    lines = [ln for ln in page.text.split("\n") if ln]
    assert lines == ["## Part", "Alpha beta.", "- one"]  # the nav bar is furniture


def test_offsets_map_back_into_the_source() -> None:
    page = html_to_work(PAGE)
    at = page.text.index("Alpha")
    assert PAGE[page.omap.start(at) : page.omap.end(at + len("Alpha beta."))] == "Alpha <b>beta</b>."


def test_furniture_elements_are_counted_as_dropped() -> None:
    page = html_to_work(PAGE, main_content=False)
    assert "Home" not in page.text and page.dropped == 1


def test_a_declaration_the_standard_parser_cannot_read_is_text() -> None:
    # the standard library's parser raises AssertionError on these (found by the fuzz test)
    for source in ("<![0", "<p>Quercetin lowers IL-6.</p><![0 b", "<!DOCTYPE 0><p>Quercetin</p>"):
        work = html_to_work(source, main_content=False)
        assert "Quercetin" in work.text or source == "<![0"
