"""A local stand-in for NCBI E-utilities, Europe PMC and Crossref, on 127.0.0.1.

It answers in the services' documented formats from the hand-written templates in
``tests/data/literature/`` (see the README there). Tests say which works exist and which faults
to inject; the server logs every request. Used by tests/test_resolve.py and bench/resolve_plan.py.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

__all__ = ["Article", "Literature", "literature_server"]

DATA = Path(__file__).resolve().parent / "data" / "literature"


@dataclass
class Article:
    """One PubMed record the fake server knows."""

    pmid: str
    title: str
    types: tuple[str, ...] = ("Journal Article",)
    mesh: tuple[str, ...] = ()
    doi: str = ""
    pmcid: str = ""


@dataclass
class Literature:
    """What the fake services know, the faults to inject, and the requests they saw."""

    articles: dict[str, Article] = field(default_factory=dict)
    #: ESearch term -> PMIDs found.
    searches: dict[str, list[str]] = field(default_factory=dict)
    #: Europe PMC query -> result records (Europe PMC JSON ``result`` objects).
    europepmc: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: Lower-case DOI -> [(notice DOI, Crossref update type)].
    notices: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    #: Endpoint name (efetch.fcgi, esearch.fcgi, search, works) -> answers to give first: an HTTP
    #: status, or "malformed" for a body that does not parse.
    faults: dict[str, list[int | str]] = field(default_factory=dict)
    #: Answer every PMID with a generated Journal Article (for the benchmark).
    synthetic: bool = False
    log: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def count(self, endpoint: str) -> int:
        """Requests seen by one endpoint."""
        return sum(1 for name, _ in self.log if name == endpoint)

    # --- answers -----------------------------------------------------------------------------

    def efetch(self, params: dict[str, str]) -> bytes:
        template = (DATA / "efetch-article.xml").read_text(encoding="utf-8")
        parts = ['<?xml version="1.0" ?>', "<!DOCTYPE PubmedArticleSet>", "<PubmedArticleSet>"]
        for pmid in params.get("id", "").split(","):
            article = self.articles.get(pmid)
            if article is None and self.synthetic and pmid:
                article = Article(
                    pmid, f"Synthetic work {pmid}", ("Journal Article",), ("Animals", "Rats"), f"10.5555/{pmid}"
                )
            if article is None:
                continue  # PubMed leaves unknown PMIDs out of the set
            ids = [f'      <ArticleId IdType="doi">{escape(article.doi)}</ArticleId>'] if article.doi else []
            if article.pmcid:
                ids.append(f'      <ArticleId IdType="pmc">{article.pmcid}</ArticleId>')
            types = [f'        <PublicationType UI="D000000">{escape(t)}</PublicationType>' for t in article.types]
            heading = (
                '      <MeshHeading><DescriptorName UI="D000000" MajorTopicYN="N">{}</DescriptorName></MeshHeading>'
            )
            mesh = [heading.format(escape(m)) for m in article.mesh]
            parts.append(
                template.replace("{PMID}", article.pmid)
                .replace("{TITLE}", escape(article.title))
                .replace("{PUBLICATION_TYPES}", "\n".join(types))
                .replace("{MESH}", "\n".join(mesh))
                .replace("{ARTICLE_IDS}", "\n".join(ids))
            )
        parts.append("</PubmedArticleSet>")
        return "\n".join(parts).encode("utf-8")

    def esearch(self, params: dict[str, str]) -> bytes:
        term = params.get("term", "")
        found = self.searches.get(term, [])
        data = json.loads((DATA / "esearch.json").read_text(encoding="utf-8"))
        result = data["esearchresult"]
        retmax = int(params.get("retmax", "20"))
        result.update(count=str(len(found)), retmax=str(min(retmax, len(found))), querytranslation=term)
        result["idlist"] = found[:retmax]
        return json.dumps(data).encode("utf-8")

    def search(self, params: dict[str, str]) -> bytes:
        query = params.get("query", "")
        found = self.europepmc.get(query, [])
        data = json.loads((DATA / "europepmc-search.json").read_text(encoding="utf-8"))
        data["hitCount"] = len(found)
        data["request"]["queryString"] = query
        data["resultList"]["result"] = found[: int(params.get("pageSize", "25"))]
        return json.dumps(data).encode("utf-8")

    def works(self, params: dict[str, str]) -> bytes:
        data = json.loads((DATA / "crossref-updates.json").read_text(encoding="utf-8"))
        items = []
        for part in params.get("filter", "").split(","):
            name, _, doi = part.partition(":")
            if name != "updates":
                continue
            for notice, kind in self.notices.get(doi.lower(), []):
                items.append(
                    {
                        "DOI": notice,
                        "type": "journal-article",
                        "update-to": [
                            {"DOI": doi, "type": kind, "label": kind.title(), "updated": {"date-parts": [[2020, 1, 2]]}}
                        ],
                    }
                )
        data["message"]["items"] = items
        data["message"]["total-results"] = len(items)
        return json.dumps(data).encode("utf-8")


@contextmanager
def literature_server(state: Literature) -> Iterator[dict[str, str]]:
    """Serve ``state`` on a free port of 127.0.0.1; yields the base URLs of the three services."""
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            endpoint = parts.path.rsplit("/", 1)[-1]
            params = {k: v[-1] for k, v in parse_qs(parts.query).items()}
            with lock:
                state.log.append((endpoint, params))
                pending = state.faults.get(endpoint) or []
                fault = pending.pop(0) if pending else None
            if isinstance(fault, int):
                self._send(fault, b"busy", "text/plain")
                return
            answer = {"efetch.fcgi": state.efetch, "esearch.fcgi": state.esearch, "search": state.search}
            handler = answer.get(endpoint, state.works if endpoint == "works" else None)
            if handler is None:
                self._send(404, b"not found", "text/plain")
                return
            body = handler(params)
            if fault == "malformed":
                body = body[: len(body) // 2]
            kind = "text/xml" if endpoint == "efetch.fcgi" else "application/json"
            self._send(200, body, kind)

        def _send(self, status: int, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield {"eutils": f"{base}/eutils/", "europepmc": f"{base}/europepmc/", "crossref": f"{base}/crossref/"}
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
