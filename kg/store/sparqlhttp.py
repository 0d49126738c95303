"""SPARQL over HTTP with the standard library: query text with mechkg's prefixes (server error
positions mapped back to the user's text), POSTs whose failures become one-line
:class:`~kg.errors.RemoteError` messages, SPARQL JSON results read, and answers a server cut
short refused."""

from __future__ import annotations

import json
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from http.client import HTTPException
from typing import Any

from kg.errors import RemoteError
from kg.vocab.iris import PREFIXES

__all__ = [
    "ASK_COLUMN",
    "NO_PERMISSION",
    "NTRIPLES",
    "ORDER_BY",
    "RESULTS_JSON",
    "SERVER_ADVICE",
    "Rows",
    "add_prefixes",
    "check_whole",
    "form_body",
    "http_post",
    "parse_results",
    "post_with_headers",
    "prefix_declarations",
    "user_positions",
]

#: Advice for server errors that a server setting causes, by the error code in the server's message.
SERVER_ADVICE: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"\bSR325\b"),
        "the update is one transaction larger than Virtuoso allows: raise TransactionAfterImageLimit in "
        "the [Parameters] section of virtuoso.ini (bytes; the MOVE that swaps a load in logs every triple)",
    ),
)

#: How servers say a request lacks permission (Virtuoso: ``SR186:SECURITY: No permission ...``).
NO_PERMISSION = re.compile(r"(?i)\bSECURITY\b|\bno permission\b|\bpermission denied\b|\bnot authori[sz]ed\b")

#: Variable names and rows of a SELECT answer.
Rows = tuple[list[str], list[tuple[str | None, ...]]]

RESULTS_JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"
_SNIPPET = 300
ASK_COLUMN = "__ASK_RETVAL"


# --- query text: prefixes and bound values -----------------------------------------------------

_DECLARED = re.compile(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?:")
ORDER_BY = re.compile(r"(?i)\bORDER\s+BY\b")


def prefix_declarations(text: str) -> str:
    """``PREFIX`` declarations, on one line, for mechkg's prefixes the query does not declare itself."""
    declared = {m.group(1) or "" for m in _DECLARED.finditer(text)}
    return " ".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p not in declared)


def add_prefixes(text: str) -> str:
    """The query with :func:`prefix_declarations` put in front of its first line.

    No line is added, so a server's error names the line of the user's own text.
    """
    head = prefix_declarations(text)
    return f"{head} {text}" if head else text


#: How servers point into a query on its first line: Oxigraph ``at 1:COL``, Jena and RDF4J
#: ``line 1, column COL``.
_FIRST_LINE_COLUMN = (re.compile(r"\b(at 1:)(\d+)\b"), re.compile(r"\b(line 1, column )(\d+)\b"))


def user_positions(message: str, text: str) -> str:
    """A server's error message about ``add_prefixes(text)`` with line-1 columns of ``text`` itself.

    Lines need no change (:func:`add_prefixes` adds none); columns on the first line are moved
    back by the length of the declarations put in front of it.
    """
    head = prefix_declarations(text)
    if not head:
        return message
    shift = len(head) + 1

    def back(m: re.Match[str]) -> str:
        column = int(m.group(2))
        return f"{m.group(1)}{column - shift}" if column > shift else m.group(0)

    for pattern in _FIRST_LINE_COLUMN:
        message = pattern.sub(back, message)
    return message


# --- HTTP ---------------------------------------------------------------------------------------


def _cause(exc: BaseException, url: str, timeout: float) -> str:
    """One line saying why a request to url failed."""
    reason: object = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"no answer from {url} within {timeout:g} s (timeout)"
    if isinstance(reason, ConnectionRefusedError):
        return f"cannot reach {url}: connection refused (is the server running?)"
    if isinstance(reason, socket.gaierror):
        return f"cannot reach {url}: unknown host"
    if isinstance(reason, OSError) and reason.strerror:
        return f"cannot reach {url}: {reason.strerror}"
    return f"cannot reach {url}: {reason}"


def _error_text(detail: str, content_type: str) -> str:
    """The start of an error answer on one line (an HTML error page as its text)."""
    if "html" in content_type.lower() or detail.lstrip().startswith("<"):
        detail = re.sub(r"(?is)<(head|script|style)\b.*?</\1\s*>|<[^>]*>", " ", detail)
    return " ".join(detail.split())[:_SNIPPET]


def http_post(
    url: str,
    body: bytes,
    content_type: str,
    *,
    accept: str | None = None,
    timeout: float = 30.0,
    headers: Mapping[str, str] | None = None,
) -> tuple[int, str, bytes]:
    """POST body to url; return (status, content type, answer). Errors become RemoteError.

    An HTTP error status raises :class:`RemoteError` with ``status`` set and the start of the
    server's answer in the message (an HTML error page as its text).
    """
    status, ctype, answer, _headers = post_with_headers(
        url, body, content_type, accept=accept, timeout=timeout, headers=headers
    )
    return status, ctype, answer


def post_with_headers(
    url: str,
    body: bytes,
    content_type: str,
    *,
    accept: str | None = None,
    timeout: float = 30.0,
    headers: Mapping[str, str] | None = None,
) -> tuple[int, str, bytes, Mapping[str, str]]:
    """:func:`http_post`, also returning the answer's headers."""
    request = urllib.request.Request(url, data=body, method="POST")
    request.add_header("Content-Type", content_type)
    if accept:
        request.add_header("Accept", accept)
    for key, value in (headers or {}).items():
        request.add_header(key, value)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, answer.headers.get("Content-Type", ""), answer.read(), answer.headers
    except urllib.error.HTTPError as exc:
        try:
            detail = exc.read(4096).decode("utf-8", "replace").strip()
        except (OSError, HTTPException):
            detail = ""
        snippet = _error_text(detail, exc.headers.get("Content-Type", "") if exc.headers else "")
        message = f"{url} answered HTTP {exc.code} {exc.reason}" + (f": {snippet}" if snippet else "")
        advice = [text for pattern, text in SERVER_ADVICE if pattern.search(detail)]
        message += "".join(f" ({text})" for text in advice)
        raise RemoteError(message, status=exc.code) from exc
    except (urllib.error.URLError, OSError, HTTPException) as exc:
        raise RemoteError(_cause(exc, url, timeout)) from exc


def form_body(**fields: str | None) -> bytes:
    """An URL-encoded form of the fields given (None left out; ``_`` in names as ``-``)."""
    return urllib.parse.urlencode({k.replace("_", "-"): v for k, v in fields.items() if v is not None}).encode()


def _cell(value: Mapping[str, Any] | None) -> str | None:
    """One SPARQL JSON binding as plain text (a blank node as ``_:label``)."""
    if value is None:
        return None
    if value.get("type") == "bnode":
        return "_:" + str(value.get("value", ""))
    return str(value.get("value", ""))


def parse_results(body: bytes, url: str) -> tuple[list[str], list[tuple[str | None, ...]]] | bool:
    """Variable names and rows of a SPARQL JSON SELECT answer, or the truth value of an ASK."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        start = " ".join(body[:80].decode("utf-8", "replace").split())
        raise RemoteError(
            f"{url} did not answer with SPARQL JSON results (starts {start!r}); is it the query endpoint?"
        ) from exc
    if isinstance(data, dict) and isinstance(data.get("boolean"), bool):
        return bool(data["boolean"])
    try:
        names = [str(v) for v in data["head"].get("vars", [])]
        rows = [tuple(_cell(b.get(n)) for n in names) for b in data["results"]["bindings"]]
    except (KeyError, TypeError, AttributeError) as exc:
        raise RemoteError(f"{url} answered JSON that is not SPARQL results: missing {exc}") from exc
    return names, rows


def check_whole(headers: Mapping[str, str], rows: int, url: str) -> None:
    """Refuse an answer its server says it cut short (RemoteError naming the limit to raise).

    Virtuoso answers at most ``ResultSetMaxRows`` rows (Debian's default: 10,000) and then says
    so only in an ``X-SPARQL-MaxRows`` header; an "anytime" answer stopped by its time limit
    carries ``X-SQL-State``. A cut answer would look like a complete one, so it is an error.
    """
    limit = headers.get("X-SPARQL-MaxRows")
    if limit is not None:
        try:
            cut = rows >= int(limit)
        except ValueError:
            cut = True
        if cut:
            raise RemoteError(
                f"{url} cut its answer at {limit} rows (its result row limit; on Virtuoso "
                "ResultSetMaxRows in the [SPARQL] section of virtuoso.ini): raise the limit, "
                "mechkg does not use partial answers"
            )
    state = headers.get("X-SQL-State")
    if state:
        message = " ".join(str(headers.get("X-SQL-Message", "")).split())
        raise RemoteError(
            f"{url} answered a partial result ({state}{': ' + message if message else ''}); "
            "raise the server's query time limit (on Virtuoso MaxQueryExecutionTime)"
        )
