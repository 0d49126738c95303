"""Page furniture lines (:mod:`kg.read.boilerplate`): cues, shapes, prose protection, offsets,
whole-page verdicts, cue-file errors and linear time. Every document here is invented."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.errors import SeedErrors
from kg.read.boilerplate import (
    BoilerplateCues,
    boilerplate_lines,
    load_boilerplate_cues,
    only_boilerplate,
)
from kg.read.rulefile import compile_bounded

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "ontology" / "reading"


@pytest.fixture(scope="module")
def cues() -> BoilerplateCues:
    return load_boilerplate_cues(FOLDER)


def marked(text: str, cues: BoilerplateCues) -> dict[str, str]:
    """Marked line text -> reason."""
    return {text[s:e].strip(): r for s, e, r in boilerplate_lines(text, cues)}


SHOP = """Skip to content
Home | Peptides | Blends | Contact
Home › Peptides › Zorvatide 10 mg
Log in
Search
Your cart is empty
Zorvatide 10 mg vial

$49.99
Qty
Add to cart

Zorvatide is a synthetic hexapeptide that was reported to raise the activity of a repair enzyme in cultured skin cells.

We use cookies to improve your experience on our site. By continuing you accept our use of cookies.
Accept all
Sign up for our newsletter and get ten percent off your first order today.
Share on Facebook
Twitter
English | Deutsch | Français
Privacy Policy
Terms of Service
© 2024 Example Labs. All rights reserved.
"""


def test_shop_page_furniture_is_marked_with_reasons(cues: BoilerplateCues) -> None:
    got = marked(SHOP, cues)
    assert got["Skip to content"] == "skip_link"
    assert got["Home | Peptides | Blends | Contact"] == "navigation"
    assert got["Home › Peptides › Zorvatide 10 mg"] == "breadcrumb"
    assert got["Log in"] == "account"
    assert got["Search"] == "search"
    assert got["Your cart is empty"] == "cart"
    assert got["$49.99"] == "cart"
    assert got["Qty"] == "cart"
    assert got["Add to cart"] == "cart"
    cookie = "We use cookies to improve your experience on our site. By continuing you accept our use of cookies."
    assert got[cookie] == "cookie"
    assert got["Accept all"] == "cookie"
    assert got["Sign up for our newsletter and get ten percent off your first order today."] == "newsletter"
    assert got["Share on Facebook"] == "share"
    assert got["Twitter"] == "share"
    assert got["English | Deutsch | Français"] == "language"
    assert got["Privacy Policy"] == "footer"
    assert got["Terms of Service"] == "footer"
    assert got["© 2024 Example Labs. All rights reserved."] == "footer"
    prose = "Zorvatide is a synthetic hexapeptide that was reported to raise the activity"
    assert not any(line.startswith(prose) for line in got)


def test_offsets_are_lines_without_their_break_in_order(cues: BoilerplateCues) -> None:
    spans = boilerplate_lines(SHOP, cues)
    assert spans == sorted(spans)
    for (s, e, _), nxt in zip(spans, [*spans[1:], None], strict=True):
        assert 0 <= s < e <= len(SHOP)
        assert "\n" not in SHOP[s:e]
        assert s == 0 or SHOP[s - 1] == "\n"
        assert e == len(SHOP) or SHOP[e] == "\n"
        if nxt:
            assert e < nxt[0]


def test_crlf_line_endings_give_the_same_lines(cues: BoilerplateCues) -> None:
    text = SHOP.replace("\n", "\r\n")
    spans = boilerplate_lines(text, cues)
    assert [text[s:e] for s, e, _ in spans] == [SHOP[s:e] for s, e, _ in boilerplate_lines(SHOP, cues)]
    assert all("\r" not in text[s:e] for s, e, _ in spans)


@pytest.mark.parametrize(
    "line",
    [
        "Customers who add to cart a bottle of the extract often ask whether the dose was tested in people.",
        "The cookie jar experiment showed that children who waited longer had higher cortisol in the morning.",
        "Copyright law does not protect the idea that the peptide binds the receptor, only the wording of it.",
        "In the trial, the privacy of participants was kept while their blood pressure fell by eight points.",
        "Researchers used the search terms of the review to find studies on the kinase in mice and rats.",
        "Share prices of the company rose after the enzyme was shown to be inhibited by the new compound.",
        "This article is about the ways the invented enzyme may shape the sleep of shift workers over years.",
        "All of the rights reserved for the patients were respected when the invented drug was tested on them.",
    ],
)
def test_prose_with_a_cue_word_is_never_marked(cues: BoilerplateCues, line: str) -> None:
    text = f"Title of a page\n\n{line}\n"
    assert boilerplate_lines(text, cues) == []


@pytest.mark.parametrize(
    "heading",
    ["Mechanism of action", "Research and clinical studies", "Results", "Abstract", "References", "See also[edit]"],
)
def test_content_headings_are_not_furniture(cues: BoilerplateCues, heading: str) -> None:
    text = f"{heading}\n\nThe extract lowered the level of the stress hormone in the treated animals over four weeks.\n"
    assert boilerplate_lines(text, cues) == []


def test_encyclopedic_page_furniture(cues: BoilerplateCues) -> None:
    text = (
        "Lumenex\n\n"
        "From Wikipedia, the free encyclopedia\n"
        "Jump to navigation\n"
        "This is an old revision, saved by an editor in 2020; the live article may have changed since.\n"
        "IUPAC name\n"
        "CAS Number\n"
        "Chemical formula C12H14N2O3\n"
        "Molar mass 234.25 g/mol\n"
        "Identifiers\n"
        "Infobox references\n\n"
        "Lumenex is an imaginary alkaloid that is said to slow the breakdown of a messenger in nerve cells.[1]\n\n"
        "History[edit]\n\n"
        "  1. ^ Doe J (2001). A made-up paper on alkaloids. J Imag Chem. 3 (2): 1-9.\n"
    )
    got = marked(text, cues)
    assert got["From Wikipedia, the free encyclopedia"] == "site_header"
    assert got["Jump to navigation"] == "skip_link"
    assert next(r for line, r in got.items() if line.startswith("This is an old revision")) == "revision"
    for label in ("IUPAC name", "CAS Number", "Chemical formula C12H14N2O3", "Molar mass 234.25 g/mol", "Identifiers"):
        assert got[label] == "infobox"
    assert "Lumenex" not in got
    assert "History[edit]" not in got
    assert not any(line.startswith(("Lumenex is", "1. ^")) for line in got)


def test_index_page_furniture_and_sections(cues: BoilerplateCues) -> None:
    text = (
        "Full text links\n"
        "Cite\n"
        "Imaginary Journal of Pharmacology. 1991 Mar;12(4):201-9. doi: 10.0000/ijp.1991.12\n\n"
        "Effects of an invented drug on an invented receptor in rat brain\n\n"
        "A Author, B Author\n"
        "PMID: 1234567\n\n"
        "Abstract\n\n"
        "The invented drug raised the number of binding sites in the cortex of old rats but not of young ones.\n\n"
        "MeSH terms\n"
        "Animals\n"
        "Rats\n"
        "Receptors, Imaginary / drug effects*\n\n"
        "Substances\n"
        "Imaginary receptor\n\n"
        "Similar articles\n"
        "Another invented title about the same receptor. Doe J, et al. Imag Pharm. 1990.\n"
    )
    got = marked(text, cues)
    assert got["Full text links"] == "pubmed"
    assert got["Cite"] == "pubmed"
    assert got["Imaginary Journal of Pharmacology. 1991 Mar;12(4):201-9. doi: 10.0000/ijp.1991.12"] == "pubmed"
    assert got["PMID: 1234567"] == "pubmed"
    for line in ("MeSH terms", "Animals", "Rats", "Receptors, Imaginary / drug effects*", "Substances"):
        assert got[line] == "pubmed", line
    assert got["Imaginary receptor"] == "pubmed"
    assert got["Similar articles"] == "pubmed"
    assert "Abstract" not in got
    assert "Effects of an invented drug on an invented receptor in rat brain" not in got
    assert not any(line.startswith("The invented drug raised") for line in got)


def test_content_heading_closes_a_furniture_section(cues: BoilerplateCues) -> None:
    text = (
        "Author information\n"
        "1 Department of Imaginary Pharmacology, Example University, Exampletown\n\n"
        "Abstract\n\n"
        "The invented drug lowered the firing rate of neurons in slices from the hippocampus of rats.\n"
    )
    got = marked(text, cues)
    assert got == {
        "Author information": "pubmed",
        "1 Department of Imaginary Pharmacology, Example University, Exampletown": "pubmed",
    }


def test_menu_run_of_short_capitalised_items(cues: BoilerplateCues) -> None:
    text = "Peptides\nNootropics\nBundles\nWholesale\nRewards\n\nThe blend was said to raise alertness in adults.\n"
    got = marked(text, cues)
    assert set(got) == {"Peptides", "Nootropics", "Bundles", "Wholesale", "Rewards"}
    assert set(got.values()) == {"menu"}


def test_three_short_headings_apart_are_not_a_menu(cues: BoilerplateCues) -> None:
    text = "Overview\n\nSafety\n\nDosage\n\nThe powder is mixed with water before use, once in the morning.\n"
    assert boilerplate_lines(text, cues) == []


def test_markdown_table_row_is_content(cues: BoilerplateCues) -> None:
    text = "| Compound | Target | Effect |\n| Zorvatide | MMP-2 | lowers |\n"
    assert boilerplate_lines(text, cues) == []


def test_separator_only_line(cues: BoilerplateCues) -> None:
    assert marked("* * * * *\n", cues) == {"* * * * *": "separator"}


def test_wiki_hatnote_and_revision_banners(cues: BoilerplateCues) -> None:
    text = (
        "This article is about the invented alkaloid. For the invented river, see Lumenex River.\n"
        "This article needs additional citations for verification. Please help improve it.\n"
        "This page was last edited on 4 April 2022, at 10:00.\n"
    )
    assert [r for _, _, r in boilerplate_lines(text, cues)] == ["revision", "revision", "revision"]


def test_supplement_disclaimer_is_furniture(cues: BoilerplateCues) -> None:
    text = (
        "All statements on this label were not evaluated by the Food and Drug Administration. "
        "The product is not meant to diagnose or cure any illness.\n"
    )
    assert [r for _, _, r in boilerplate_lines(text, cues)] == ["disclaimer"]


def test_page_of_only_navigation(cues: BoilerplateCues) -> None:
    text = "Skip to content\nHome\nShop\nAbout\nContact\nLog in\nCart\n\nPrivacy Policy\n© 2023 Example Co.\n"
    assert only_boilerplate(text, cues)
    assert len(boilerplate_lines(text, cues)) == 9


def test_article_is_not_only_boilerplate(cues: BoilerplateCues) -> None:
    assert not only_boilerplate(SHOP, cues)
    spans = boilerplate_lines(SHOP, cues)
    assert not only_boilerplate(SHOP, cues, spans)


@pytest.mark.parametrize("text", ["", "\n\n", "   \n\t\n"])
def test_empty_text(cues: BoilerplateCues, text: str) -> None:
    assert boilerplate_lines(text, cues) == []
    assert not only_boilerplate(text, cues)


def test_deterministic(cues: BoilerplateCues) -> None:
    assert boilerplate_lines(SHOP, cues) == boilerplate_lines(SHOP, cues)


def test_large_inputs_take_linear_time(cues: BoilerplateCues) -> None:
    hostile = ["Home\n" * 100_000, "a" * 1_000_000, "$" * 1_000_000, "Ab | " * 200_000, "[" * 1_000_000]
    for text in hostile:
        started = time.perf_counter()
        boilerplate_lines(text, cues)
        assert time.perf_counter() - started < 10


@pytest.mark.fuzz
@given(st.text(alphabet=st.sampled_from(list("ab A|›$9.\n\r©:•")) | st.characters(), max_size=400))
def test_spans_always_lie_within_the_text(text: str) -> None:
    cues = load_boilerplate_cues(FOLDER)
    last = -1
    for s, e, reason in boilerplate_lines(text, cues):
        assert last < s < e <= len(text)
        assert reason
        last = e


# --- the cue file -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "ok"),
    [
        ("a{1,5}", True),
        (r"\+\*", True),
        ("[+*]", True),
        ("[]+]", True),
        ("(?:ab){0,3}c?", True),
        ("a+", False),
        ("a*", False),
        ("(?:ab)+", False),
        ("a{2,}", False),
        ("[a-z]+", False),
    ],
)
def test_patterns_must_be_bounded(pattern: str, ok: bool) -> None:
    if ok:
        assert compile_bounded(pattern).pattern == pattern
    else:
        with pytest.raises(ValueError, match="unbounded"):
            compile_bounded(pattern)


def test_invalid_pattern_is_reported() -> None:
    with pytest.raises(ValueError, match="not a valid regular expression"):
        compile_bounded("(ab")


def write_cues(tmp_path: Path, body: str) -> Path:
    (tmp_path / "boilerplate.yaml").write_text(body, encoding="utf-8")
    return tmp_path


def test_missing_cue_file(tmp_path: Path) -> None:
    with pytest.raises(SeedErrors, match="boilerplate cues file not found"):
        load_boilerplate_cues(tmp_path)


def test_bad_yaml_is_reported(tmp_path: Path) -> None:
    with pytest.raises(SeedErrors, match="not valid YAML"):
        load_boilerplate_cues(write_cues(tmp_path, "reasons: [unclosed\n"))


def test_unbounded_pattern_names_file_and_line(tmp_path: Path) -> None:
    body = "reasons:\n  cart:\n    lines: [cart]\n    patterns:\n      - 'ok{1,3}'\n      - 'bad.+'\n"
    with pytest.raises(SeedErrors) as info:
        load_boilerplate_cues(write_cues(tmp_path, body))
    (error,) = info.value.errors
    assert error.line == 6
    assert error.path.endswith("boilerplate.yaml")
    assert "unbounded" in error.message


def test_unknown_keys_and_bad_numbers_are_reported(tmp_path: Path) -> None:
    body = "max_short_words: -1\nreasons:\n  cart:\n    phrase: [cart]\nmystery: 1\n"
    with pytest.raises(SeedErrors) as info:
        load_boilerplate_cues(write_cues(tmp_path, body))
    messages = {(e.line, e.message.split(" (")[0]) for e in info.value.errors}
    assert (1, "max_short_words must be a positive number") in messages
    assert (4, "unknown key 'phrase' in cart") in messages
    assert (5, "unknown key 'mystery'") in messages


def test_shipped_cue_file_loads_and_names_its_reasons(cues: BoilerplateCues) -> None:
    for reason in ("navigation", "cart", "cookie", "footer", "infobox", "revision", "pubmed", "skip_link"):
        assert reason in cues.reasons
    assert all(re.fullmatch(r"g\d{1,4}", name) for name in cues.groups)


# --- the development documents (read from ../shared/corpus-dev when present; never copied) --------

CORPUS = ROOT.parent / "shared" / "corpus-dev"
#: dev split only (bench/reading/split.yaml): lines marked, by offsets and reason
DEV_SPANS = {
    "11_pterostilbene_wikipedia.txt": [
        (0, 37, "site_header"),
        (38, 71, "skip_link"),
        *((s, e, "infobox") for s, e in [(72, 82), (83, 94), (95, 111), (112, 137), (138, 164)]),
        *((s, e, "infobox") for s, e in [(165, 276), (277, 303), (304, 322)]),
    ],
    "14_resveratrol_pmc2886178-baur-review.txt": [
        (0, 20, "skip_link"),
        (21, 82, "site_header"),
        (83, 133, "pubmed"),
        (134, 254, "pubmed"),
        (313, 368, "pubmed"),
    ],
    "04_lionsmane_drinkmycotea.txt": [(757, 891, "disclaimer")],
    "13_nmn_nature-metabolism-slc12a8.txt": [],
}


@pytest.mark.parametrize("name", sorted(DEV_SPANS))
def test_dev_documents(cues: BoilerplateCues, name: str) -> None:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"{path} not present")
    text = path.read_text(encoding="utf-8")
    assert boilerplate_lines(text, cues) == DEV_SPANS[name]
    assert not only_boilerplate(text, cues)


def test_short_statements_with_their_subject_left_out_are_no_menu() -> None:
    cues = load_boilerplate_cues(ROOT / "ontology" / "reading")
    text = "## Benefits\n- Reduces inflammation\n- Supports restful sleep\n- Boosts energy\n\n"
    text += "Home\nShop\nSupport Center\nContact\n"
    verbs = re.compile(r"(?:reduces|supports|boosts)\b", re.IGNORECASE)
    marked = {text[s:e].strip("- ") for s, e, _ in boilerplate_lines(text, cues, verbs)}
    assert not marked & {"Reduces inflammation", "Supports restful sleep", "Boosts energy"}
    assert {"Home", "Shop", "Support Center", "Contact"} <= marked
    assert "Reduces inflammation" in {text[s:e].strip("- ") for s, e, _ in boilerplate_lines(text, cues)}


def test_the_first_line_is_not_furniture_for_the_block_it_opens(cues: BoilerplateCues) -> None:
    text = (
        "Zorvatide Extract 500 mg - 60 Capsules\nAdd to Basket   Free shipping on orders over $50\n"
        "Home > Herbs > Adaptogens\n\nZorvatide is said to lower cortisol in adults.\n"
    )
    got = marked(text, cues)
    assert "Zorvatide Extract 500 mg - 60 Capsules" not in got  # the product's name, the page's title
    assert got["Add to Basket   Free shipping on orders over $50"] == "cart"
