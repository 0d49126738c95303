"""``kg resolve``, the one step that goes online: the requests and the merge into the metadata file
(:mod:`kg.resolve.resolver`) and the services' answers parsed (:mod:`kg.resolve.answers`)."""

from kg.resolve.resolver import BATCH, CROSSREF_BATCH, Report, Resolver, Services, WorkRequest, cited_works

__all__ = [
    "BATCH",
    "CROSSREF_BATCH",
    "Report",
    "Resolver",
    "Services",
    "WorkRequest",
    "cited_works",
]
