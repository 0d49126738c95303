"""kg resolve against a local stand-in of E-utilities, Europe PMC and Crossref (127.0.0.1 only)."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import ResolveError
from kg.model import EvidenceLevel, LevelBasis
from kg.resolve import Resolver, Services, WorkRequest, cited_works
from kg.seeds.load import load_knowledge_base
from tests.literature_server import Article, Literature, literature_server

TRIAL_TITLE = "Widgetol in acute stroke: a randomized, placebo-controlled trial"


class FakeTime:
    """A clock that only moves when slept on: no test waits for real."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


def _services(urls: dict[str, str], **kwargs: str) -> Services:
    return Services(eutils=urls["eutils"], europepmc=urls["europepmc"], crossref=urls["crossref"], **kwargs)


def _resolver(urls: dict[str, str], path: Path, time: FakeTime | None = None, **kwargs) -> Resolver:
    t = time or FakeTime()
    return Resolver(_services(urls), path, sleep=t.sleep, clock=t.clock, **kwargs)


def _cite(project: Path, ref: int, ident: str) -> None:
    path = project / "seeds" / "documents" / "widgetol.yaml"
    text = path.read_text(encoding="utf-8").replace(f"  - {{n: {ref}, ", f'  - {{n: {ref}, ids: ["{ident}"], ', 1)
    path.write_text(text, encoding="utf-8")


def _kb(project: Path):
    return load_knowledge_base(project / "seeds", project / "ontology", project / "docs")


def _works_file(project: Path) -> Path:
    return project / "seeds" / "metadata" / "works.jsonl"


def test_resolve_fills_the_metadata_file_and_build_grades_from_it(project: Path) -> None:
    _cite(project, 1, "PMID:11111111")
    state = Literature(
        articles={
            "11111111": Article(
                "11111111", "Widgetol and BDNF", ("Journal Article",), ("Animals", "Rats"), "10.1000/a"
            ),
            "22222222": Article(
                "22222222", TRIAL_TITLE, ("Journal Article", "Randomized Controlled Trial"), ("Humans",)
            ),
        },
        searches={f'"{TRIAL_TITLE}"[Title]': ["22222222"]},
        notices={"10.1000/a": [("10.1000/a.retraction", "retraction")]},
    )
    path = _works_file(project)
    with literature_server(state) as urls:
        report = _resolver(urls, path).run(cited_works(_kb(project)))
    assert report.resolved == 2 and not report.errors and not report.ambiguous
    assert report.requests == {"Crossref": 1, "NCBI E-utilities": 2}
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [r["pmid"] for r in lines] == ["11111111", "22222222"]  # sorted, one work a line
    assert lines[0]["mesh"] == ["Animals", "Rats"] and lines[0]["doi"] == "10.1000/a"
    assert lines[0]["updates"] == [{"doi": "10.1000/a.retraction", "kind": "retraction", "source": "crossref"}]
    assert lines[1]["cited_as"] == [TRIAL_TITLE]
    fetched = [p for name, p in state.log if name == "efetch.fcgi"]
    assert fetched[0]["id"] == "11111111,22222222" and fetched[0]["db"] == "pubmed"

    kb = _kb(project)  # the build reads the file, offline
    refs = {r.n: r for r in kb.references}
    assert (refs[1].level, refs[1].basis) == (EvidenceLevel.ANIMAL, LevelBasis.BIBLIOGRAPHIC_METADATA)
    assert refs[1].retracted == "retraction notice 10.1000/a.retraction (crossref)"
    assert (refs[3].level, refs[3].basis) == (EvidenceLevel.HUMAN_CLINICAL_RCT, LevelBasis.BIBLIOGRAPHIC_METADATA)


def test_pmids_are_fetched_in_batches_of_200(tmp_path: Path) -> None:
    works = [WorkRequest(pmid=str(1000 + i), references=(f"d#{i}",)) for i in range(450)]
    state = Literature(synthetic=True)
    with literature_server(state) as urls:
        report = _resolver(urls, tmp_path / "works.jsonl").run(works)
    sizes = [len(p["id"].split(",")) for name, p in state.log if name == "efetch.fcgi"]
    assert sizes == [200, 200, 50]
    assert report.resolved == 450
    assert len((tmp_path / "works.jsonl").read_text(encoding="utf-8").splitlines()) == 450


def test_ambiguous_titles_are_listed_never_guessed(tmp_path: Path) -> None:
    title = "Neuroprotection by a peptide preparation in models"
    state = Literature(searches={f'"{title}"[Title]': ["1", "2"]}, articles={"1": Article("1", title)})
    with literature_server(state) as urls:
        report = _resolver(urls, tmp_path / "works.jsonl").run([WorkRequest(title=title, references=("d#1",))])
    assert report.ambiguous == [(title, ["1", "2"])]
    assert report.resolved == 0
    assert state.count("efetch.fcgi") == 0
    assert not (tmp_path / "works.jsonl").exists()
    assert any("ambiguous title (not guessed)" in line and "1, 2" in line for line in report.lines())


def test_europe_pmc_is_the_second_source_for_titles_and_pmcids(tmp_path: Path) -> None:
    title = "Peptide mixture and neurotrophic signalling in cultured neurons"
    state = Literature(
        europepmc={
            f'TITLE:"{title}"': [{"id": "33", "source": "MED", "pmid": "33", "title": title}],
            "PMCID:PMC777": [
                {
                    "id": "PMC777",
                    "source": "PMC",
                    "pmcid": "PMC777",
                    "doi": "10.1000/pmc",
                    "title": "An open-access review of peptides",
                    "pubTypeList": {"pubType": ["review-article", "Review"]},
                }
            ],
        },
        articles={"33": Article("33", title, ("Journal Article",), ("In Vitro Techniques", "Rats"))},
    )
    works = [WorkRequest(title=title, references=("d#1",)), WorkRequest(pmcid="PMC777", references=("d#2",))]
    with literature_server(state) as urls:
        report = _resolver(urls, tmp_path / "works.jsonl").run(works)
    assert report.resolved == 2 and not report.unmatched
    records = {
        r.get("pmid") or r["pmcid"]: r
        for r in map(json.loads, (tmp_path / "works.jsonl").read_text(encoding="utf-8").splitlines())
    }
    assert records["33"]["source"] == "pubmed" and records["33"]["cited_as"] == [title]
    assert records["PMC777"]["source"] == "europepmc"
    assert records["PMC777"]["publication_types"] == ["Review", "review-article"]


def test_429_and_5xx_are_retried_with_backoff(tmp_path: Path) -> None:
    state = Literature(articles={"5": Article("5", "A trial")}, faults={"efetch.fcgi": [429, 503]})
    clock = FakeTime()
    with literature_server(state) as urls:
        report = _resolver(urls, tmp_path / "works.jsonl", clock).run([WorkRequest(pmid="5", references=("d#1",))])
    assert report.resolved == 1 and not report.errors
    assert state.count("efetch.fcgi") == 3
    assert [s for s in clock.sleeps if s >= 1] == [1.0, 2.0]  # backoff doubles


def test_persistent_429_is_reported_and_other_batches_go_on(tmp_path: Path) -> None:
    works = [WorkRequest(pmid=str(1000 + i), references=(f"d#{i}",)) for i in range(250)]
    state = Literature(synthetic=True, faults={"efetch.fcgi": [429, 429, 429, 429]})
    with literature_server(state) as urls:
        report = _resolver(urls, tmp_path / "works.jsonl").run(works)
    assert report.resolved == 50  # the second batch
    assert len(report.errors) == 1
    assert "NCBI E-utilities: HTTP 429 after 4 tries" in report.errors[0]
    assert "200 works from PMID:1000" in report.errors[0]


def test_malformed_answer_names_service_and_works_and_the_rest_goes_on(tmp_path: Path) -> None:
    state = Literature(
        articles={"7": Article("7", "Seven", doi="10.1000/seven")},
        faults={"esearch.fcgi": ["malformed"]},
        searches={'"A long enough title of a work"[Title]': ["7"]},
    )
    works = [
        WorkRequest(title="A long enough title of a work", references=("d#1",)),
        WorkRequest(pmid="7", references=("d#2",)),
    ]
    with literature_server(state) as urls:
        report = _resolver(urls, tmp_path / "works.jsonl").run(works)
    assert len(report.errors) == 1
    assert report.errors[0].startswith("NCBI E-utilities: malformed JSON")
    assert "(d#1)" in report.errors[0]
    assert report.resolved == 1
    assert state.count("works") == 1  # Crossref still asked about the DOI of the resolved work


def test_no_network_leaves_the_file_as_it_was(project: Path) -> None:
    _cite(project, 1, "PMID:11111111")
    path = _works_file(project)
    path.parent.mkdir(parents=True)
    before = '{"pmid": "99", "publication_types": ["Review"]}\n'
    path.write_text(before, encoding="utf-8")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}/"  # nothing listens here
    urls = {"eutils": closed, "europepmc": closed, "crossref": closed}
    with pytest.raises(ResolveError) as info:
        _resolver(urls, path).run(cited_works(_kb(project)))
    assert info.value.unreachable and "NCBI E-utilities: cannot reach" in str(info.value)
    assert path.read_text(encoding="utf-8") == before


def test_resume_skips_works_already_resolved(tmp_path: Path) -> None:
    works = [WorkRequest(pmid=str(i), references=(f"d#{i}",)) for i in range(1, 6)]
    state = Literature(synthetic=True)
    path = tmp_path / "works.jsonl"
    with literature_server(state) as urls:
        _resolver(urls, path).run(works[:3])  # an earlier run that stopped after three works
        first = path.read_bytes()
        report = _resolver(urls, path).run(works)
        assert report.skipped == 3 and report.resolved == 2
        assert [p["id"] for n, p in state.log if n == "efetch.fcgi"] == ["1,2,3", "4,5"]
        again = _resolver(urls, path).run(works, refresh=True)
        assert again.resolved == 5
    assert path.read_bytes().startswith(first[: first.index(b"\n")])


def test_rate_limit_and_api_key(tmp_path: Path) -> None:
    titles = [f"Title number {i} of the rate test" for i in range(4)]
    works = [WorkRequest(title=t, references=(f"d#{i}",)) for i, t in enumerate(titles)]
    state = Literature()
    with literature_server(state) as urls:
        slow = FakeTime()
        report = _resolver(urls, tmp_path / "a.jsonl", slow).run(works)
        assert report.waited == pytest.approx(1.0, abs=0.01)  # 4 ESearch requests at 3 a second
        fast = FakeTime()
        keyed = Resolver(_services(urls, api_key="KEY"), tmp_path / "b.jsonl", sleep=fast.sleep, clock=fast.clock)
        assert keyed.run(works).waited == pytest.approx(0.3, abs=0.01)
    assert all(p.get("api_key") == "KEY" for n, p in state.log[-8:] if n == "esearch.fcgi")


def test_cli_resolve_then_build(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    monkeypatch.delenv("MECHKG_DOCUMENTS", raising=False)
    _cite(project, 1, "PMID:11111111")
    state = Literature(
        articles={"11111111": Article("11111111", "x", ("Journal Article", "Meta-Analysis"), ("Humans",))}
    )
    runner = CliRunner()
    with literature_server(state) as urls:
        env = {
            "MECHKG_EUTILS_URL": urls["eutils"],
            "MECHKG_EUROPEPMC_URL": urls["europepmc"],
            "MECHKG_CROSSREF_URL": urls["crossref"],
        }
        result = runner.invoke(main, ["resolve"], env=env)
    assert result.exit_code == 0, result.output
    assert "resolved 1 works" in result.stdout
    assert "not found: 'Widgetol in acute stroke" in result.stdout  # the title-only entry: nowhere
    assert "PubMed: batch 1 of 1" in result.stderr
    assert (project / "seeds" / "metadata" / "works.jsonl").is_file()
    result = runner.invoke(main, ["query", "weak"])
    assert result.exit_code == 0
    assert "HGNC:1033" not in result.output and "BDNF" not in result.output  # now a meta-analysis: clinical

    result = runner.invoke(main, ["resolve", "--eutils-url", "http://127.0.0.1:9/"], env={})
    assert result.exit_code == 1
    assert "cannot reach" in result.output and "was left as it was" in result.output


def test_malformed_efetch_xml_is_reported_for_its_batch_only(tmp_path: Path) -> None:
    works = [WorkRequest(pmid=str(1000 + i), references=(f"d#{i}",)) for i in range(201)]
    state = Literature(synthetic=True, faults={"efetch.fcgi": ["malformed"]})
    with literature_server(state) as urls:
        report = _resolver(urls, tmp_path / "works.jsonl").run(works)
    assert len(report.errors) == 1
    assert report.errors[0].startswith("NCBI E-utilities: malformed XML")
    assert "PMIDs 1000..1199" in report.errors[0]
    assert report.resolved == 1  # the second batch (PMID 1200) went on


def test_retry_after_is_honoured(tmp_path: Path) -> None:
    from http.server import BaseHTTPRequestHandler

    from tests.servers import stub_server

    seen: list[str] = []

    def handler(request: BaseHTTPRequestHandler, body: bytes) -> tuple[int, str, bytes] | None:
        seen.append(request.path)
        if len(seen) == 1:  # a 429 naming its own wait
            request.send_response(429)
            request.send_header("Retry-After", "7")
            request.send_header("Content-Length", "0")
            request.end_headers()
            return None
        return 200, "application/json", b'{"esearchresult": {"count": "0", "idlist": []}}'

    clock = FakeTime()
    with stub_server(handler) as base:
        urls = {"eutils": base + "/", "europepmc": base + "/", "crossref": base + "/"}
        assert _resolver(urls, tmp_path / "works.jsonl", clock)._esearch("x") == (0, [])
    assert len(seen) == 2
    assert 7.0 in clock.sleeps  # Retry-After outranks the 1 s first backoff


def test_a_malformed_batch_answer_is_reported_and_the_next_service_goes_on(tmp_path: Path) -> None:
    state = Literature(
        articles={"7": Article("7", "Seven", doi="10.1000/seven")},
        faults={"efetch.fcgi": ["malformed"], "works": ["malformed"]},
    )
    works = [WorkRequest(pmid="7", references=("d#1",)), WorkRequest(doi="10.1000/other", references=("d#2",))]
    with literature_server(state) as urls:
        report = _resolver(urls, tmp_path / "works.jsonl").run(works)
    assert len(report.errors) == 2
    assert report.errors[0].startswith("NCBI E-utilities: malformed XML")
    assert report.errors[0].endswith("for the works of PMIDs 7..7")
    assert report.errors[1].startswith("Crossref: malformed JSON")
    assert report.errors[1].endswith("for the DOIs 10.1000/other..10.1000/other")
