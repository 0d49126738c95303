"""Test helpers: a real Oxigraph server and small HTTP stubs, all on 127.0.0.1 with free ports.

Every wait is bounded; every server started here is stopped by the fixture or context manager
that started it.
"""

from __future__ import annotations

import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kg.store.serve import oxigraph_binary, stop

HOST = "127.0.0.1"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[bytes] | None = None, timeout: float = 20.0) -> None:
    """Wait until url answers 200 (at most timeout seconds); fail if the process exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1.0) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"no answer from {url} within {timeout} s")


@contextmanager
def oxigraph_server(location: Path | None = None) -> Iterator[str]:
    """A read-write Oxigraph server (in memory, or on ``location``); yields its base URL."""
    port = free_port()
    command = [str(oxigraph_binary()), "serve", "--bind", f"{HOST}:{port}"]
    if location is not None:
        command += ["--location", str(location)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://{HOST}:{port}"
    try:
        wait_for(f"{base}/query?query=ASK%7B%7D", process)
        yield base
    finally:
        stop(process)


Handler = Callable[[BaseHTTPRequestHandler, bytes], tuple[int, str, bytes] | None]


@contextmanager
def stub_server(respond: Handler) -> Iterator[str]:
    """An HTTP server on 127.0.0.1 whose every request is answered by ``respond``; yields its URL.

    ``respond(handler, body)`` returns (status, content type, body), or None when it has
    answered by itself.
    """

    class _Handler(BaseHTTPRequestHandler):
        def _any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            answer = respond(self, body)
            if answer is None:
                return
            status, ctype, data = answer
            try:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:
                pass

        do_GET = do_POST = do_PUT = do_DELETE = _any  # noqa: N815 (names the base class calls)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer((HOST, 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def forward(base: str, handler: BaseHTTPRequestHandler, body: bytes, path: str | None = None) -> tuple[int, str, bytes]:
    """Pass one request on to the server at base (at ``path``, default the request's own), as a proxy
    would; return its answer."""
    request = urllib.request.Request(base + (path or handler.path), data=body or None, method=handler.command)
    for key in ("Content-Type", "Accept"):
        if handler.headers.get(key):
            request.add_header(key, handler.headers[key])
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.headers.get("Content-Type", "text/plain"), answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", "text/plain"), exc.read()
