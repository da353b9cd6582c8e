"""The server under uvicorn on 127.0.0.1, through raw sockets: half-sent requests are closed after
the head timeout, stalled bodies after the body timeout, open connections are capped, heads are
bounded, and the server still answers a normal request afterwards."""

from __future__ import annotations

import argparse
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("uvicorn", reason="the server needs the 'web' extra (uvicorn)")

from presslens.web.security import ServerLimits

HEAD = 0.5  # the head timeout of the test servers, seconds
SLACK = 2.0  # what a loaded machine may add before the server acts


@dataclass
class Live:
    server: Any
    port: int

    def connect(self) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        return sock

    def open_connections(self) -> int:
        return len(self.server.server_state.connections)


def start(db: Path, limits: ServerLimits) -> Live:
    from presslens.web import Settings, create_app
    from presslens.web.server import make_server

    app = create_app(Settings(db=db, upload_dir=db.parent / "uploads", limits=limits))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = make_server(app, host="127.0.0.1", port=port, limits=limits)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, daemon=True, name="presslens-limits"
    )
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.02)
    server._test_thread = thread
    server._test_app = app
    return Live(server, port)


def stop(live: Live) -> None:
    live.server.should_exit = True
    live.server._test_thread.join(timeout=15)
    live.server._test_app.state.jobs.shutdown()


@pytest.fixture
def live(db: Path) -> Iterator[Live]:
    srv = start(
        db, ServerLimits(header_timeout=HEAD, body_timeout=HEAD, keep_alive=2, max_connections=4)
    )
    yield srv
    stop(srv)


def read_response(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """One HTTP/1.1 response with a Content-Length body."""
    data = b""
    deadline = time.monotonic() + 10
    while b"\r\n\r\n" not in data:
        assert time.monotonic() < deadline
        chunk = sock.recv(65536)
        assert chunk, f"closed before a response: {data!r}"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:])}
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        assert time.monotonic() < deadline
        chunk = sock.recv(65536)
        assert chunk
        body += chunk
    return int(lines[0].split()[1]), headers, body


def closed_within(sock: socket.socket, seconds: float) -> float:
    """Seconds until the server closes ``sock`` (reading and dropping anything it sends first);
    fails if it is still open after ``seconds``."""
    start = time.monotonic()
    sock.settimeout(seconds)
    try:
        while sock.recv(65536):
            assert time.monotonic() - start < seconds, "the server keeps the connection open"
    except TimeoutError:
        pytest.fail(f"the server kept a half-sent request open for more than {seconds} s")
    except ConnectionResetError:
        pass
    return time.monotonic() - start


def get(live: Live, path: str = "/api/facets", extra: bytes = b"") -> int:
    with live.connect() as sock:
        sock.sendall(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{live.port}\r\n".encode()
            + extra
            + b"Connection: close\r\n\r\n"
        )
        return read_response(sock)[0]


def trickle(sock: socket.socket, pieces: Iterable[bytes]) -> bool:
    """Send ``pieces`` one at a time, 50 ms apart; whether the server closed the connection
    before they ran out."""
    for piece in pieces:
        try:
            sock.sendall(piece)
        except (BrokenPipeError, ConnectionResetError):
            return True
        sock.settimeout(0.05)
        try:
            if sock.recv(1024) == b"":
                return True
        except TimeoutError:
            pass
    return False


@pytest.mark.parametrize(
    "sent",
    [
        b"",  # connects and says nothing
        b"G",
        b"GET /?q=a* HTTP/1.1\r\n",
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow\r\n",  # headers never end
    ],
)
def test_a_half_sent_request_is_closed_after_the_head_timeout(live: Live, sent: bytes) -> None:
    socks = [live.connect() for _ in range(3)]
    for s in socks:
        s.sendall(sent)
    for s in socks:
        closed_within(s, HEAD + SLACK)
        s.close()
    assert get(live) == 200


def test_dripping_a_head_does_not_extend_the_timeout(live: Live) -> None:
    request = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 200
    with live.connect() as sock:
        start = time.monotonic()
        # one byte every 50 ms: 10 s if the server let it
        closed = trickle(sock, (request[i : i + 1] for i in range(len(request))))
        assert closed and time.monotonic() - start < HEAD + SLACK
    assert get(live) == 200


def test_a_half_sent_second_request_on_a_kept_alive_connection_is_closed(live: Live) -> None:
    with live.connect() as sock:
        sock.sendall(f"GET /api/facets HTTP/1.1\r\nHost: 127.0.0.1:{live.port}\r\n\r\n".encode())
        assert read_response(sock)[0] == 200
        sock.sendall(b"GET /api/facets HTTP/1.1\r\nHost: 127.0")
        # closed by the head timeout (0.5 s), not by the keep-alive one (2 s)
        assert closed_within(sock, HEAD + SLACK) < 1.8
    assert get(live) == 200


def test_an_idle_kept_alive_connection_is_closed(live: Live) -> None:
    with live.connect() as sock:
        sock.sendall(f"GET /api/facets HTTP/1.1\r\nHost: 127.0.0.1:{live.port}\r\n\r\n".encode())
        assert read_response(sock)[0] == 200
        assert closed_within(sock, 2 + SLACK) > 1.5


def test_a_body_the_server_did_not_read_must_end_in_time(live: Live) -> None:
    """A GET with a declared body: answered at once; the rest of the body, sent a byte at a time
    to keep the connection, is cut off after the head timeout."""
    with live.connect() as sock:
        sock.sendall(
            f"GET /api/facets HTTP/1.1\r\nHost: 127.0.0.1:{live.port}\r\n"
            "Content-Length: 100000\r\n\r\nxx".encode()
        )
        assert read_response(sock)[0] == 200
        start = time.monotonic()
        closed = trickle(sock, (b"x" for _ in range(200)))  # at most 10 s
        assert closed and time.monotonic() - start < HEAD + SLACK


def test_a_stalled_upload_gets_408_and_is_closed(live: Live) -> None:
    with live.connect() as sock:
        sock.sendall(
            f"POST /api/jobs HTTP/1.1\r\nHost: 127.0.0.1:{live.port}\r\n"
            f"Origin: http://127.0.0.1:{live.port}\r\n"
            "Content-Type: multipart/form-data; boundary=xyz\r\n"
            "Content-Length: 5000\r\n\r\n--xyz\r\n".encode()
        )
        start = time.monotonic()
        status, _, body = read_response(sock)
        assert status == 408 and b"stopped arriving" in body
        assert time.monotonic() - start < HEAD + SLACK
        closed_within(sock, HEAD + SLACK)
    assert get(live) == 200


@pytest.mark.parametrize(
    ("path", "body_type"),
    [
        ("/login", "application/x-www-form-urlencoded"),  # open to anyone, even with a token
        ("/api/jobs", "multipart/form-data; boundary=xyz"),
    ],
)
def test_a_dripped_body_gets_408(live: Live, path: str, body_type: str) -> None:
    """A byte every 50 ms never pauses for the body timeout, but falls behind the minimum pace."""
    with live.connect() as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{live.port}\r\n"
            f"Origin: http://127.0.0.1:{live.port}\r\n"
            f"Content-Type: {body_type}\r\nContent-Length: 4000\r\n\r\n".encode()
        )
        start = time.monotonic()
        answer = b""
        for _ in range(100):  # at most 5 s
            try:
                sock.sendall(b"t")
            except (BrokenPipeError, ConnectionResetError):
                break
            sock.settimeout(0.05)
            try:
                answer = sock.recv(4096)
            except TimeoutError:
                continue
            break
        assert answer.startswith(b"HTTP/1.1 408"), answer
        assert time.monotonic() - start < HEAD + SLACK
    assert get(live) == 200


def test_open_connections_are_capped(db: Path) -> None:
    live = start(db, ServerLimits(header_timeout=30, max_connections=3))  # 503 above 3, cap 6
    socks: list[socket.socket] = []
    try:
        socks = [live.connect() for _ in range(20)]
        deadline = time.monotonic() + 5
        while live.open_connections() < 6:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        time.sleep(0.2)
        assert live.open_connections() == 6  # the other 14 were closed at once, not held
        refused = 0
        for s in socks[6:]:
            s.settimeout(5)
            data = s.recv(4096)
            assert data.startswith(b"HTTP/1.1 503") and b"too many open connections" in data
            closed_within(s, SLACK)
            refused += 1
        assert refused == 14
        # a request on a held connection is answered 503 while more than 3 are open
        socks[0].sendall(
            f"GET /api/facets HTTP/1.1\r\nHost: 127.0.0.1:{live.port}\r\n\r\n".encode()
        )
        assert read_response(socks[0])[0] == 503
        for s in socks:
            s.close()
        deadline = time.monotonic() + 5
        while live.open_connections() > 0:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        assert get(live) == 200
    finally:
        for s in socks:
            s.close()
        stop(live)


def test_the_request_head_is_bounded(db: Path) -> None:
    live = start(db, ServerLimits(max_header_size=4096))
    try:
        # whole, in one packet: the guard answers 431
        assert get(live, extra=b"X-Big: " + b"a" * 6000 + b"\r\n") == 431
        assert get(live, "/?q=" + "a" * 5000) == 431
        # in pieces: h11 stops buffering at the limit and answers 400
        with live.connect() as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 3000)
            time.sleep(0.2)
            sock.sendall(b"a" * 3000)
            assert read_response(sock)[0] == 400
        assert get(live, extra=b"X-Small: " + b"a" * 1000 + b"\r\n") == 200
    finally:
        stop(live)


def test_the_uvicorn_config_carries_the_limits() -> None:
    from presslens.web.server import LimitedH11Protocol, make_config

    limits = ServerLimits(header_timeout=7, keep_alive=3, max_connections=9, max_header_size=8192)
    config = make_config(object(), host="127.0.0.1", port=0, limits=limits)
    assert config.timeout_keep_alive == 3 and config.limit_concurrency == 9
    assert config.h11_max_incomplete_event_size == 8192
    assert issubclass(config.http, LimitedH11Protocol)
    assert config.http.header_timeout == 7 and config.http.hard_connections == 18


@pytest.mark.parametrize(
    "bad",
    [
        ["--header-timeout", "0"],
        ["--header-timeout", "-1"],
        ["--body-timeout", "soon"],
        ["--max-connections", "0"],
        ["--keep-alive", "1.5"],
        ["--max-header-size", "100"],
        ["--search-timeout", "nan"],
    ],
)
def test_serve_refuses_unsafe_limit_options(bad: list[str]) -> None:
    from presslens.web.cli import add_commands

    parser = argparse.ArgumentParser()
    add_commands(parser.add_subparsers(dest="command"))
    with pytest.raises(SystemExit):
        parser.parse_args(["serve", *bad])


def test_serve_runs_uvicorn_with_the_limits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import presslens.web.server as server_module
    from presslens.web.cli import add_commands

    seen: dict[str, Any] = {}

    class Fake:
        def run(self) -> None:
            seen["ran"] = True

    def fake_make_server(app: Any, **kw: Any) -> Fake:
        seen.update(kw)
        return Fake()

    monkeypatch.setattr(server_module, "make_server", fake_make_server)
    parser = argparse.ArgumentParser()
    add_commands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(
        [
            *("serve", "--db", str(tmp_path / "s.db"), "-q", "--header-timeout", "4"),
            *("--max-connections", "12", "--search-timeout", "1.5", "--max-header-size", "8K"),
        ]
    )
    assert args.func(args) == 0 and seen["ran"]
    limits = seen["limits"]
    assert limits.header_timeout == 4 and limits.max_connections == 12
    assert limits.search_seconds == 1.5 and limits.max_header_size == 8192
    defaults = parser.parse_args(["serve"])
    assert defaults.header_timeout == 10 and defaults.max_connections == 64
    assert defaults.keep_alive == 5 and defaults.max_header_size == 16384
