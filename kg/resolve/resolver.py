"""``kg resolve``: the one step that goes online. It fills ``seeds/metadata/works.jsonl`` for the
cited works of a project from NCBI E-utilities (EFetch by PMID in batches of at most 200,
ESearch by title or DOI), Europe PMC's search (PMCID and titles PubMed does not find) and
Crossref (update notices: retraction, expression of concern, correction).

This module owns the requests, their rate limits and retries and the merge into the metadata
file; the services' answers are parsed in :mod:`kg.resolve.answers`. Ambiguous titles are
listed, never guessed. The file is written atomically after every batch, so an interrupted run
resumes where it stopped and a run without network leaves the file as it was.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from kg.errors import ResolveError
from kg.metadata import WorkMetadata, Works, load_works, title_key, write_works
from kg.model import KnowledgeBase
from kg.resolve.answers import parse_crossref_updates, parse_efetch, parse_esearch, parse_europepmc

__all__ = [
    "BATCH",
    "CROSSREF_BATCH",
    "Report",
    "Resolver",
    "Services",
    "WorkRequest",
    "cited_works",
]

#: PMIDs per EFetch request (E-utilities allows 200 ids per request for GET).
BATCH = 200
#: DOIs per Crossref request (``filter=updates:A,updates:B``: filters of one name are ORed).
CROSSREF_BATCH = 50

#: A parsed answer.
_A = TypeVar("_A")

EUTILS, EUROPEPMC, CROSSREF = "NCBI E-utilities", "Europe PMC", "Crossref"


@dataclass(frozen=True)
class Services:
    """Where the services answer, and the caller's credentials (an NCBI API key raises the limit)."""

    eutils: str = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
    europepmc: str = "https://www.ebi.ac.uk/europepmc/webservices/rest/"
    crossref: str = "https://api.crossref.org/"
    api_key: str = ""
    email: str = ""

    @property
    def eutils_rate(self) -> float:
        """Requests per second NCBI allows: 3 without an API key, 10 with one."""
        return 10.0 if self.api_key else 3.0


@dataclass(frozen=True)
class WorkRequest:
    """A cited work to resolve: the identifiers and title its reference entries give."""

    pmid: str = ""
    pmcid: str = ""
    doi: str = ""
    title: str = ""
    references: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """How the work is named in messages."""
        ids = [f"PMID:{self.pmid}" if self.pmid else "", self.pmcid, f"doi:{self.doi}" if self.doi else ""]
        named = ", ".join(i for i in ids if i) or repr(self.title[:80])
        return f"{named} ({', '.join(self.references[:3])}{' …' if len(self.references) > 3 else ''})"


@dataclass
class Report:
    """What a run did: works resolved, titles left for the curator, errors, requests and waiting."""

    resolved: int = 0
    skipped: int = 0
    ambiguous: list[tuple[str, list[str]]] = field(default_factory=list)
    unmatched: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: dict[str, int] = field(default_factory=dict)
    waited: float = 0.0

    def lines(self) -> list[str]:
        """The report as text lines, for people."""
        total = sum(self.requests.values())
        per = ", ".join(f"{k} {v}" for k, v in sorted(self.requests.items())) or "none"
        out = [
            f"resolved {self.resolved} works, {self.skipped} already in the metadata file; "
            f"{len(self.ambiguous)} ambiguous, {len(self.unmatched)} not found, {len(self.errors)} errors",
            f"requests: {total} ({per}); waited {self.waited:.1f} s on rate limits",
        ]
        for title, candidates in self.ambiguous:
            out.append(f"ambiguous title (not guessed): {title!r} matches PMIDs {', '.join(candidates)}")
        for what, why in self.unmatched:
            out.append(f"not found: {what}: {why}")
        out.extend(f"error: {e}" for e in self.errors)
        return out


def cited_works(kb: KnowledgeBase) -> list[WorkRequest]:
    """One request per distinct cited work that has a PMID, PMCID, DOI or a usable title."""
    groups: dict[str, list[Any]] = {}
    for ref in kb.references:
        groups.setdefault(kb.works.get(ref.key, ref.key), []).append(ref)
    out = []
    for refs in groups.values():
        ids: dict[str, str] = {}
        for ref in refs:
            for ident in ref.ids:
                prefix, _, local = ident.partition(":")
                ids.setdefault(prefix, local)
        title = next((r.title for r in refs if title_key(r.title)), "")
        request = WorkRequest(
            pmid=ids.get("PMID", ""),
            pmcid=ids.get("PMCID", ""),
            doi=ids.get("doi", ""),
            title=title,
            references=tuple(sorted(r.key for r in refs)),
        )
        if request.pmid or request.pmcid or request.doi or request.title:
            out.append(request)
    return sorted(out, key=lambda w: w.references)


class _Client:
    """HTTP GETs with a per-service rate limit, retries with backoff on 429 and 5xx, and counts."""

    def __init__(
        self,
        services: Services,
        retries: int = 3,
        backoff: float = 1.0,
        timeout: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.services = services
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout
        self.sleep = sleep
        self.clock = clock
        import requests

        self.session = requests.Session()
        self.session.headers["User-Agent"] = "mechkg-resolve" + (
            f" (mailto:{services.email})" if services.email else ""
        )
        self.interval = {EUTILS: 1.0 / services.eutils_rate, EUROPEPMC: 0.1, CROSSREF: 0.1}
        self.last: dict[str, float] = {}
        self.requests: dict[str, int] = {}
        self.waited = 0.0

    def _wait_turn(self, service: str) -> None:
        now = self.clock()
        due = self.last.get(service, -1e9) + self.interval[service]
        if due > now:
            self.sleep(due - now)
            self.waited += due - now
            now = due
        self.last[service] = now

    def get(self, service: str, url: str, params: dict[str, str]) -> bytes:
        """The body of a 200 answer; ResolveError after the retries or when unreachable."""
        import requests

        for attempt in range(self.retries + 1):
            self._wait_turn(service)
            self.requests[service] = self.requests.get(service, 0) + 1
            try:
                answer = self.session.get(url, params=params, timeout=self.timeout)
            except requests.RequestException as exc:
                raise ResolveError(service, f"cannot reach {url} ({type(exc).__name__})", unreachable=True) from exc
            if answer.status_code == 200:
                return answer.content
            if answer.status_code == 429 or answer.status_code >= 500:
                if attempt < self.retries:
                    delay = self.backoff * 2**attempt
                    retry_after = answer.headers.get("Retry-After", "")
                    if retry_after.isdigit():
                        delay = max(delay, float(retry_after))
                    self.sleep(delay)
                    self.waited += delay
                    continue
                raise ResolveError(service, f"HTTP {answer.status_code} after {self.retries + 1} tries ({url})")
            raise ResolveError(service, f"HTTP {answer.status_code} ({url})")
        raise AssertionError("unreachable")  # pragma: no cover


class Resolver:
    """Resolves works into a metadata file; the report says what it did."""

    def __init__(
        self,
        services: Services,
        path: Path,
        progress: Callable[[str], None] = lambda _: None,
        **client_options: Any,
    ) -> None:
        self.services = services
        self.path = path
        self.progress = progress
        self.client = _Client(services, **client_options)
        self.report = Report()
        self.found: dict[str, WorkMetadata] = {}
        self.dirty = False

    # --- the run ---------------------------------------------------------------------------

    def run(self, works: Sequence[WorkRequest], refresh: bool = False) -> Report:
        """Resolve the works not yet in the file (all with ``refresh``); write after every batch."""
        existing = load_works(self.path)
        self.found = {self._key(m): m for m in existing.all()}
        todo = [w for w in works if refresh or not self._known(existing, w)]
        self.report.skipped = len(works) - len(todo)
        self.progress(f"{len(todo)} works to resolve ({self.report.skipped} already in {self.path})")
        pmids: dict[str, WorkRequest] = {w.pmid: w for w in todo if w.pmid}
        cited: dict[str, list[str]] = {}
        lookups = [w for w in todo if not w.pmid]
        for number, work in enumerate(lookups, start=1):
            if number % 25 == 1:
                self.progress(f"looking up PMCIDs, DOIs and titles: {number} of {len(lookups)}")
            meta = self._find_without_pmid(work)
            if meta is None:
                continue
            if not work.pmcid and not work.doi and work.title:
                cited.setdefault(meta.pmid or meta.pmcid or meta.doi, []).append(work.title)
            if meta.pmid:
                pmids.setdefault(meta.pmid, work)
            else:
                self._store(meta, cited)
        self._save()
        self._fetch_pubmed(sorted(pmids, key=int), pmids, cited)
        self._crossref([m for m in self.found.values() if m.doi])
        self.report.requests = dict(self.client.requests)
        self.report.waited = self.client.waited
        return self.report

    @staticmethod
    def _key(meta: WorkMetadata) -> str:
        return meta.id_keys()[0] if meta.id_keys() else meta.title

    @staticmethod
    def _known(existing: Works, work: WorkRequest) -> bool:
        meta = WorkMetadata(pmid=work.pmid, pmcid=work.pmcid, doi=work.doi)
        keys = meta.id_keys() or [title_key(work.title)]
        return any(k and k in existing.by_key for k in keys)

    def _store(self, meta: WorkMetadata, cited: dict[str, list[str]]) -> None:
        titles = cited.get(meta.pmid or meta.pmcid or meta.doi, [])
        if titles:
            meta = replace(meta, cited_as=tuple(sorted(set(meta.cited_as) | set(titles))))
        old = self.found.get(self._key(meta))
        if old is not None and old.updates and not meta.updates:
            meta = replace(meta, updates=old.updates)
        self.found[self._key(meta)] = meta
        self.report.resolved += 1
        self.dirty = True

    def _save(self) -> None:
        """Write the file when this run added or changed a work (atomically)."""
        if self.dirty:
            write_works(self.path, self.found.values())
            self.dirty = False

    # --- PubMed ----------------------------------------------------------------------------

    def _fetch_pubmed(self, pmids: list[str], works: dict[str, WorkRequest], cited: dict[str, list[str]]) -> None:
        batches = [pmids[i : i + BATCH] for i in range(0, len(pmids), BATCH)]
        for number, batch in enumerate(batches, start=1):
            self.progress(f"PubMed: batch {number} of {len(batches)} ({len(batch)} PMIDs)")
            params = {"db": "pubmed", "id": ",".join(batch), "retmode": "xml", **self._ncbi()}
            records = self._batch(
                EUTILS,
                self.services.eutils + "efetch.fcgi",
                params,
                parse_efetch,
                f"{len(batch)} works from PMID:{batch[0]}",
                f"the works of PMIDs {batch[0]}..{batch[-1]}",
            )
            if records is None:
                continue
            for pmid in batch:
                meta = records.get(pmid)
                if meta is None:
                    self.report.unmatched.append((works[pmid].label, "PubMed has no record of this PMID"))
                else:
                    self._store(meta, cited)
            self._save()

    def _batch(
        self, service: str, url: str, params: dict[str, str], parse: Callable[[bytes], _A], failed: str, bad: str
    ) -> _A | None:
        """One batch's answer, parsed; None (the error reported, naming ``failed`` or ``bad``) when the
        service refuses the batch or answers with what cannot be parsed. Raises when it is unreachable."""
        try:
            return parse(self.client.get(service, url, params))
        except ResolveError as exc:
            if exc.unreachable:
                raise
            self.report.errors.append(f"{exc} for {failed}")
        except ValueError as exc:
            self.report.errors.append(f"{service}: {exc} for {bad}")
        return None

    def _ncbi(self) -> dict[str, str]:
        extra = {"tool": "mechkg"}
        if self.services.api_key:
            extra["api_key"] = self.services.api_key
        if self.services.email:
            extra["email"] = self.services.email
        return extra

    def _esearch(self, term: str) -> tuple[int, list[str]]:
        params = {"db": "pubmed", "term": term, "retmode": "json", "retmax": "5", **self._ncbi()}
        return parse_esearch(self.client.get(EUTILS, self.services.eutils + "esearch.fcgi", params))

    def _europepmc(self, query: str) -> tuple[int, list[WorkMetadata]]:
        params = {"query": query, "format": "json", "resultType": "core", "pageSize": "5"}
        return parse_europepmc(self.client.get(EUROPEPMC, self.services.europepmc + "search", params))

    def _find_without_pmid(self, work: WorkRequest) -> WorkMetadata | None:
        """A PMCID, DOI or title resolved to a work (with a PMID when one is known), or None (reported)."""
        try:
            if work.pmcid:
                hits, results = self._europepmc(f"PMCID:{work.pmcid}")
                if results:
                    return results[0]
                self.report.unmatched.append((work.label, "Europe PMC has no record of this PMCID"))
                return None
            if work.doi:
                hits, ids = self._esearch(f'"{work.doi}"[DOI]')
                if hits == 1:
                    return WorkMetadata(pmid=ids[0], doi=work.doi)
                return WorkMetadata(doi=work.doi, source="crossref")  # Crossref still gives its notices
            hits, ids = self._esearch(f'"{work.title}"[Title]')
            if hits == 1:
                return WorkMetadata(pmid=ids[0])
            if hits > 1:
                self.report.ambiguous.append((work.title, ids))
                return None
            quoted = work.title.replace('"', " ")
            hits, results = self._europepmc(f'TITLE:"{quoted}"')
            if hits == 1 and results:
                return results[0]
            if hits > 1:
                self.report.ambiguous.append((work.title, [r.pmid or r.pmcid or r.doi for r in results]))
            else:
                self.report.unmatched.append((work.label, "no PubMed or Europe PMC record has this title"))
            return None
        except ResolveError as exc:
            if exc.unreachable:
                raise
            self.report.errors.append(f"{exc} for {work.label}")
        except ValueError as exc:
            service = EUROPEPMC if work.pmcid else EUTILS
            self.report.errors.append(f"{service}: {exc} for {work.label}")
        return None

    # --- Crossref --------------------------------------------------------------------------

    def _crossref(self, works: Iterable[WorkMetadata]) -> None:
        by_doi = {m.doi.lower(): m for m in works}
        dois = sorted(by_doi)
        batches = [dois[i : i + CROSSREF_BATCH] for i in range(0, len(dois), CROSSREF_BATCH)]
        for number, batch in enumerate(batches, start=1):
            self.progress(f"Crossref: batch {number} of {len(batches)} ({len(batch)} DOIs)")
            params = {"filter": ",".join(f"updates:{d}" for d in batch), "rows": "1000"}
            if self.services.email:
                params["mailto"] = self.services.email
            notices = self._batch(
                CROSSREF,
                self.services.crossref + "works",
                params,
                parse_crossref_updates,
                f"{len(batch)} DOIs from {batch[0]}",
                f"the DOIs {batch[0]}..{batch[-1]}",
            )
            if notices is None:
                continue
            for doi in batch:
                meta = by_doi[doi]
                updates = tuple(sorted(set(notices.get(doi, [])), key=lambda u: (u.kind.value, u.doi)))
                if updates != meta.updates:
                    self.found[self._key(meta)] = replace(meta, updates=updates)
                    self.dirty = True
            self._save()
