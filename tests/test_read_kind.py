"""Page kind (:mod:`kg.read.kind`): each kind from its cues, host hints, mixed signals, empty
text, the rationale, determinism, bounded reading and cue-file errors. Every document is invented."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kg.errors import SeedErrors
from kg.read.kind import KINDS, KindCues, classify_kind, load_kind_cues, normalise_host

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "ontology" / "reading"


@pytest.fixture(scope="module")
def cues() -> KindCues:
    return load_kind_cues(FOLDER)


SHOP = """Home | Peptides | Blends | Contact
Zorvatide 10 mg vial
$49.99
In stock
Add to cart
Zorvatide is a synthetic hexapeptide studied for its effect on a repair enzyme in skin cells.
For research use only. Not for human consumption.
Free shipping on orders over $150.00
"""

SUPPLEMENT = """Glow Root Extract
Our formula blends a standardised root extract with black pepper for better uptake!
Studies show the root may calm the stress response. Take one capsule with food.
60 capsules per bottle, third-party tested.
All statements on this label were not evaluated by the Food and Drug Administration.
The product is not meant to diagnose or cure any illness.
"""

WIKI = """Lumenex
From Wikipedia, the free encyclopedia
Lumenex (alkaloid)
Jump to search
(Redirected from Lumenexine)
Molar mass 234.25 g/mol
IUPAC name
Infobox references
Lumenex is an imaginary alkaloid that slows the breakdown of a messenger in nerve cells.[1]
History[edit]
It was first described in an invented monograph in 1932.[2]
See also[edit]
  1. ^ Doe J (2001). A made-up paper on alkaloids. J Imag Chem. 3 (2): 1-9. Retrieved 2019-02-03.
"""

PAPER = """Abstract
Here we show that the invented kinase ZK1 is required for the response of liver cells to fasting.
Mice lacking ZK1 (n = 12) gained less weight than controls (P < 0.01).
Introduction
Fasting changes the activity of many kinases in the liver (Doe et al., 2015; Roe et al., 2018).
Results
ZK1 protein rose threefold after a 24 h fast (Fig. 2b).
Discussion
Received: 3 March 2020; Accepted: 9 June 2020; Published online: 1 July 2020
doi: 10.1234/imaginary.2020.001
"""

EXPLAINER = """What Is Lumenex and How Does It Work?
You may have heard that lumenex can sharpen your memory. Here is what the research says.
Studies show that the alkaloid slows the breakdown of a messenger in nerve cells, researchers found.
"It is an interesting molecule," said one pharmacologist we spoke to.
Key takeaways
Lumenex is still being studied, and your doctor can tell you whether it fits your health goals.
"""


@pytest.mark.parametrize(
    ("text", "kind"),
    [(SHOP, "vendor"), (SUPPLEMENT, "vendor"), (WIKI, "encyclopedic"), (PAPER, "scientific"), (EXPLAINER, "explainer")],
)
def test_each_kind_from_its_cues(cues: KindCues, text: str, kind: str) -> None:
    verdict = classify_kind(text, None, cues)
    assert verdict.kind == kind
    assert set(verdict.scores) == set(KINDS)
    assert verdict.scores[kind] == max(verdict.scores.values()) or verdict.basis == "strong"
    assert any(c.kind == kind for c in verdict.fired)


def test_strong_shop_cues_decide(cues: KindCues) -> None:
    verdict = classify_kind(SHOP, None, cues)
    assert verdict.basis == "strong"
    names = {c.name for c in verdict.fired if c.kind == "vendor"}
    assert {"price", "add to cart", "research use only", "in stock"} <= names
    assert verdict.rationale.startswith("vendor: strong shop cues; vendor ")
    assert "add to cart!x1" in verdict.rationale


def test_vendor_page_citing_papers_stays_vendor(cues: KindCues) -> None:
    text = (
        SHOP
        + "References\n1. Doe J, et al. An invented study of hexapeptides. J Imag Biol. 2019;4:1-9. "
        + "doi: 10.1234/jib.2019.4 PMID: 31234567\n"
        + "2. Roe K, et al. Another invented study. Imag Cell. 2020 Jan;5:10-20. PMID: 32345678\n"
    )
    verdict = classify_kind(text, None, cues)
    assert verdict.kind == "vendor"
    assert verdict.scores["scientific"] > 0


def test_encyclopedia_that_mentions_a_shop_phrase_stays_encyclopedic(cues: KindCues) -> None:
    text = WIKI + "Some sellers label the powder 'not for human consumption' to avoid food law.\n"
    verdict = classify_kind(text, None, cues)
    assert verdict.kind == "encyclopedic"
    assert any(c.name == "research use only" for c in verdict.fired)


def test_explainer_that_quotes_a_paper_stays_explainer(cues: KindCues) -> None:
    text = EXPLAINER + "A study published in an invented journal (Doe et al., 2020) found the same thing.\n"
    assert classify_kind(text, None, cues).kind == "explainer"


@pytest.mark.parametrize("text", ["", "   \n\n", "The weather was mild and the river was calm all week."])
def test_no_cue_gives_other(cues: KindCues, text: str) -> None:
    verdict = classify_kind(text, None, cues)
    assert verdict.kind == "other"
    assert verdict.basis == "none"
    assert verdict.rationale.startswith("other: no cue scored")


def test_long_page_scores_by_density(cues: KindCues) -> None:
    short = classify_kind(EXPLAINER, None, cues)
    long = classify_kind("\n".join([EXPLAINER] * 60), None, cues)
    assert long.kind == short.kind == "explainer"
    assert long.scores["explainer"] >= 0.8 * short.scores["explainer"]
    diluted = EXPLAINER + "\n" + "Plain words without any cue at all in them. " * 5000
    assert classify_kind(diluted, None, cues).scores["explainer"] < short.scores["explainer"]


def test_weak_cues_alone_stay_below_the_threshold(cues: KindCues) -> None:
    text = "In our view you should rest. Our garden is quiet and your chair is soft, as our friends say."
    assert classify_kind(text, None, cues).kind == "other"


@pytest.mark.parametrize(
    ("host", "kind"),
    [
        ("www.sigmaaldrich.com", "vendor"),  # vendor list of ontology/classifier/hosts.yaml
        ("pubmed.ncbi.nlm.nih.gov", "scientific"),  # index list
        ("https://en.m.wikipedia.org/wiki/Lumenex?oldid=1", "encyclopedic"),  # a URL is reduced to its host
        ("journals.plos.org", "scientific"),  # publisher list
    ],
)
def test_listed_hosts_decide(cues: KindCues, host: str, kind: str) -> None:
    verdict = classify_kind(EXPLAINER, host, cues)
    assert verdict.kind == kind
    assert verdict.basis == "host"


def test_host_patterns_only_add_to_the_score(cues: KindCues) -> None:
    plain = "Lumenex is an alkaloid. It slows the breakdown of a messenger in nerve cells."
    assert classify_kind(plain, None, cues).kind == "other"
    assert classify_kind(plain, "blog.example.org", cues).kind == "explainer"
    assert classify_kind(plain, "shop.example.org", cues).kind == "vendor"
    verdict = classify_kind(PAPER, "blog.example.org", cues)
    assert verdict.kind == "scientific"
    assert verdict.basis == "score"


def test_unknown_host_changes_nothing(cues: KindCues) -> None:
    assert classify_kind(WIKI, "example.org", cues) == classify_kind(WIKI, None, cues)


@pytest.mark.parametrize(
    ("host", "want"),
    [
        ("WWW.Example.COM.", "example.com"),
        ("https://www.example.com:8080/a/b", "example.com"),
        ("example.com/path", "example.com"),
        ("", ""),
        (None, ""),
        ("http://[::1", ""),
    ],
)
def test_normalise_host(host: str | None, want: str) -> None:
    assert normalise_host(host) == want


def test_deterministic(cues: KindCues) -> None:
    mixed = SUPPLEMENT + PAPER + WIKI
    first = classify_kind(mixed, "example.org", cues)
    assert all(classify_kind(mixed, "example.org", cues) == first for _ in range(3))


def test_large_text_is_read_in_a_bounded_window(cues: KindCues) -> None:
    filler = "Plain words without any cue at all in them. " * 250_000
    big = WIKI + filler + "Add to cart. $19.99 " + filler + "\n" + PAPER
    started = time.perf_counter()
    verdict = classify_kind(big, None, cues)
    assert time.perf_counter() - started < 10
    assert any(c.name == "from wikipedia" for c in verdict.fired)  # the head is read
    assert any(c.name == "abstract heading" for c in verdict.fired)  # and the tail
    assert not any(c.kind == "vendor" for c in verdict.fired)  # the middle is not
    hostile = ["a" * 2_000_000, "!" * 2_000_000, "$1" * 1_000_000, "\n^ " * 700_000]
    for text in hostile:
        started = time.perf_counter()
        classify_kind(text, None, cues)
        assert time.perf_counter() - started < 10


# --- the cue file -------------------------------------------------------------------------------


def write_cues(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "reading"
    folder.mkdir()
    (folder / "kinds.yaml").write_text(body, encoding="utf-8")
    return folder


def test_missing_cue_file(tmp_path: Path) -> None:
    with pytest.raises(SeedErrors, match="page-kind cues file not found"):
        load_kind_cues(tmp_path)


def test_unknown_kind_and_unbounded_pattern_name_file_and_line(tmp_path: Path) -> None:
    body = (
        "kinds:\n"
        "  vendor:\n"
        "    - {name: ok, pattern: 'cart{1,2}', weight: 2}\n"
        "    - {name: greedy, pattern: 'buy.+now', weight: 2}\n"
        "  gossip:\n"
        "    - {name: rumour, pattern: 'they say'}\n"
    )
    with pytest.raises(SeedErrors) as info:
        load_kind_cues(write_cues(tmp_path, body))
    by_line = {e.line: e.message for e in info.value.errors}
    assert "unbounded" in by_line[4]
    assert "unknown kind 'gossip'" in by_line[5]
    assert all(e.path.endswith("kinds.yaml") for e in info.value.errors)


def test_bad_weight_and_unknown_keys_are_reported(tmp_path: Path) -> None:
    body = (
        "min_score: -1\n"
        "kinds:\n"
        "  scientific:\n"
        "    - {name: heavy, pattern: 'abstract', weight: lots}\n"
        "    - {name: odd, pattern: 'doi', colour: blue}\n"
        "hosts:\n"
        "  - {kind: sales, host: example.com}\n"
    )
    with pytest.raises(SeedErrors) as info:
        load_kind_cues(write_cues(tmp_path, body))
    by_line = {e.line: e.message for e in info.value.errors}
    assert "min_score" in by_line[1]
    assert "weight" in by_line[4]
    assert "colour" in by_line[5]
    assert "needs kind" in by_line[7]


def test_host_lists_file_is_read(tmp_path: Path) -> None:
    classifier = tmp_path / "classifier"
    classifier.mkdir()
    (classifier / "hosts.yaml").write_text("vendor:\n  - example-peptides.test\n", encoding="utf-8")
    body = (
        "kinds: {}\n"
        "host_lists:\n"
        "  file: ../classifier/hosts.yaml\n"
        "  categories:\n"
        "    vendor: {kind: vendor, weight: 6, strong: true, decisive: true}\n"
    )
    loaded = load_kind_cues(write_cues(tmp_path, body))
    verdict = classify_kind("", "shop2.example-peptides.test", loaded)
    assert (verdict.kind, verdict.basis) == ("vendor", "host")
    assert classify_kind("", "example-peptides.test.evil.org", loaded).kind == "other"


def test_host_list_category_must_be_known(tmp_path: Path) -> None:
    classifier = tmp_path / "classifier"
    classifier.mkdir()
    (classifier / "hosts.yaml").write_text("vendor: []\n", encoding="utf-8")
    body = "host_lists:\n  file: ../classifier/hosts.yaml\n  categories:\n    shops: {kind: vendor}\n"
    with pytest.raises(SeedErrors, match="host list category 'shops'"):
        load_kind_cues(write_cues(tmp_path, body))


def test_shipped_cue_file_covers_every_kind(cues: KindCues) -> None:
    assert {c.kind for c in cues.cues} == set(KINDS)
    assert any(h.decisive and h.kind == "vendor" for h in cues.hosts)


# --- the development documents (read from ../shared/corpus-dev when present; never copied) --------

CORPUS = ROOT.parent / "shared" / "corpus-dev"
#: dev split only (bench/reading/split.yaml); the test split is never used to check rules
DEV = {
    "01_epitalon_corepeptides.txt": ("vendor", "www.corepeptides.com"),
    "02_ghkcu_mdghkcu.txt": ("vendor", "mdghkcu.com"),
    "04_lionsmane_drinkmycotea.txt": ("vendor", "drinkmycotea.com"),
    "05_ashwagandha_nesislabs.txt": ("vendor", "nesislabs.com"),
    "07_quercetin_lifeextension-magazine.txt": ("vendor", "lifeextension.com"),
    "08_berberine_wikipedia-kiwix-mirror.txt": ("encyclopedic", "kiwix.casplantje.nl"),
    "10_lionsmane_wikipedia-hericium.txt": ("encyclopedic", "en.wikipedia.org"),
    "11_pterostilbene_wikipedia.txt": ("encyclopedic", "en.wikipedia.org"),
    "13_nmn_nature-metabolism-slc12a8.txt": ("scientific", "www.nature.com"),
    "14_resveratrol_pmc2886178-baur-review.txt": ("scientific", "pmc.ncbi.nlm.nih.gov"),
    "16_rapamycin_pmc5007757-mtor-inhibitors.txt": ("scientific", "pmc.ncbi.nlm.nih.gov"),
    "18_nmn_nmn-com-news.txt": ("explainer", "www.nmn.com"),
    "20_quercetin_foundmyfitness.txt": ("explainer", "podcast.foundmyfitness.com"),
}
#: brand pages without a single shop cue in the excerpt: no general rule tells them from an explainer
KNOWN_MISSES = {"02_ghkcu_mdghkcu.txt", "05_ashwagandha_nesislabs.txt"}


@pytest.mark.parametrize("name", sorted(DEV))
def test_dev_documents(cues: KindCues, name: str) -> None:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"{path} not present")
    kind, host = DEV[name]
    verdict = classify_kind(path.read_text(encoding="utf-8"), host, cues)
    if name in KNOWN_MISSES:
        assert verdict.kind in (kind, "other")  # never a wrong kind, at worst "other"
    else:
        assert verdict.kind == kind, verdict.rationale


@pytest.mark.parametrize(
    ("url", "names", "kind"),
    [
        ("https://www.example-labs.com/catalog/item", (), "vendor"),  # a product word in a commercial host
        ("https://example.com/products/velnorin-10mg", (), "vendor"),  # a shop path
        ("https://velnorin.com/research", ("Velnorin",), "vendor"),  # a brand's site named for its product
        ("https://velnorin.org/research", ("Velnorin",), "other"),  # ... never on a non-commercial host
        ("https://example.com/news/a-new-study", (), "explainer"),
        ("https://example.com/about", (), "other"),
    ],
)
def test_the_source_url_hints_the_kind(cues: KindCues, url: str, names: tuple[str, ...], kind: str) -> None:
    assert classify_kind("A page with no cue of its own.", None, cues, url=url, names=names).kind == kind


def test_path_hints_need_a_url_and_text_cues_still_count(cues: KindCues) -> None:
    text = "From Wikipedia, the free encyclopedia\n\nVelnorin [edit]\n\nVelnorin is a peptide.\n"
    assert classify_kind(text, None, cues, url="https://example.com/products/velnorin").kind == "encyclopedic"
    assert classify_kind("Plain words.", "example.com", cues, names=("example",)).kind == "vendor"


def test_a_path_hint_is_checked_on_load(tmp_path: Path) -> None:
    (tmp_path / "kinds.yaml").write_text(
        "kinds: {}\nhosts:\n  - {kind: vendor, name: both, path: '/shop/', pattern: 'shop', weight: 1}\n"
        "named_host: {kind: nowhere}\n",
        encoding="utf-8",
    )
    with pytest.raises(SeedErrors) as info:
        load_kind_cues(tmp_path)
    text = str(info.value)
    assert "one of host, pattern or path" in text and "named_host needs kind" in text
