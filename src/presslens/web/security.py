"""Safety rules of the web UI, as pure functions and small classes (no web framework needed to
test them). The threat model and the numbers are in ``docs/security.md`` ("The web server").

* **Binding.** The server binds to 127.0.0.1 by default. Bound to any other address it refuses to
  start without a token, or with a weak one (:func:`check_bind`, :func:`token_problem`: at least
  16 characters, 8 different ones and about 64 bits by a character-class estimate): anyone on
  the network could otherwise read the store and run analyses.
* **Token and sessions.** With a token, every request needs ``Authorization: Bearer <token>``
  (compared in constant time, :func:`bearer_ok`) or a session cookie. Logging in with the token
  (``POST /login``) creates a server-side session (:class:`Sessions`): the cookie holds only a
  random id (``HttpOnly``, ``SameSite=Strict``, ``Secure`` over https); the session ends after
  12 h without use or 24 h in all, at logout (the id is deleted on the server, so a copied cookie
  stops working), and when the server restarts (sessions live in memory only).
* **Guessing the token.** Wrong tokens, at the login form or in a bearer header, are throttled
  (:class:`LoginThrottle`): 5 failures from one client address within a minute lock that address
  out for a minute, doubling with each further lock-out up to an hour; 100 failures within a
  minute from all addresses together lock every login for the rest of that minute. A locked-out
  client gets ``429`` with ``Retry-After``, even for the right token.
* **Hosts.** Requests must name this server in ``Host`` (:func:`host_allowed`): a web page cannot
  reach a loopback server through a domain that resolves to 127.0.0.1 (DNS rebinding).
* **Cross-site requests.** Any web page the user opens can send requests to 127.0.0.1; it cannot
  read the answers, but it can make the server work. So a request that comes from another site
  (:func:`cross_site`: ``Sec-Fetch-Site`` is ``cross-site`` or ``same-site``; without that
  header, an ``Origin`` or ``Referer`` that names another host) is refused with ``403`` unless
  :func:`cross_site_allowed` lets it through. It only lets through a top-level navigation
  (``GET``/``HEAD``, ``Sec-Fetch-Mode: navigate``, ``Sec-Fetch-Dest: document`` when the browser
  sends them) to a cheap page without a query string: ``/``, ``/analyze``, ``/jobs``,
  ``/jobs/ID``, ``/articles/ID``, and ``/login`` (with its ``?next=``). A link from a chat to an
  article works; a search, a filter, the API, an export, the report download, a page in an
  iframe or an image tag from another site do not. A page on another port of the same machine
  or on a sibling subdomain is ``same-site``, and refused too. Requests with
  ``Sec-Fetch-Site: same-origin`` or ``none`` (typed, bookmarked) and requests without any of
  these headers (``curl``, scripts) are not cross-site. Posts must, in addition, come from this
  server's own pages (:func:`same_origin`).
* **Uploads.** Only known text formats (:data:`ALLOWED_SUFFIXES`), at most a configured size; files
  are written under a server-made folder with generated names (:func:`upload_name`), so no path
  from a request ever reaches the file system.
* **Server limits** (:class:`ServerLimits`, applied by :mod:`.server` and the guard): a request
  head must arrive within 10 s, a body must not pause for more than 30 s nor, after that, fall
  behind 8 KiB/s on average (:data:`MIN_BODY_RATE`), idle keep-alive connections close after
  5 s, heads are at most 16 KiB, more than 64 open connections get ``503`` and more than 128 are
  closed at once, and a search stops after 3 s of work (plus the store's own bounds: 512
  characters, 32 terms).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import re
import secrets
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import urlsplit

from ..errors import PresslensError

__all__ = [
    "ALLOWED_SUFFIXES",
    "COOKIE",
    "DEFAULT_MAX_UPLOAD",
    "LOGIN_MAX_BODY",
    "MIN_BODY_RATE",
    "SECURITY_HEADERS",
    "LoginThrottle",
    "ServerLimits",
    "Sessions",
    "UploadRejected",
    "bearer_ok",
    "check_bind",
    "check_upload_name",
    "cross_site",
    "cross_site_allowed",
    "host_allowed",
    "is_loopback",
    "same_origin",
    "token_matches",
    "token_problem",
    "upload_name",
]

DEFAULT_MAX_UPLOAD = 20 * 1024 * 1024
LOGIN_MAX_BODY = 8 * 1024
"""The largest body ``POST /login`` takes (a token and a path), so an anonymous post stays small."""
MIN_BODY_RATE = 8 * 1024
"""Bytes a second a body must average, beyond one ``body_timeout`` of grace (64 kbit/s)."""
ALLOWED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl", ".json", ".xml", ".rss", ".atom")
COOKIE = "presslens_session"
MAX_FILES = 50

MIN_TOKEN_LENGTH = 16
MIN_TOKEN_DISTINCT = 8
MIN_TOKEN_BITS = 64
MAKE_TOKEN = "PRESSLENS_TOKEN=$(python -c 'import secrets; print(secrets.token_urlsafe(24))')"

SECURITY_HEADERS: Mapping[str, str] = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self' 'unsafe-inline'; script-src 'self'; img-src 'self' "
        "data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
"""Headers on every response: no outside resources, no inline scripts, no framing."""


@dataclass(frozen=True)
class ServerLimits:
    """How long and how much the server waits for and takes from clients.

    ``header_timeout``: seconds for a request's head (request line and headers) to arrive,
    counted from the connection or from the head's first byte; also the time a client has to
    finish sending a body that the server answered without reading. ``body_timeout``: the longest
    pause while a body (an upload, a form) is being read; the body must also arrive within that
    time plus one second per :data:`MIN_BODY_RATE` bytes received. ``keep_alive``: seconds an idle
    connection stays open after a response. ``max_connections``: above this many open
    connections requests get ``503``; above twice as many, new connections are closed at once
    (so the server never holds more than that many client sockets). ``max_header_size``: the
    largest request head in bytes. ``search_seconds``: the work one search may take.
    """

    header_timeout: float = 10.0
    body_timeout: float = 30.0
    keep_alive: int = 5
    max_connections: int = 64
    max_header_size: int = 16 * 1024
    search_seconds: float = 3.0

    def __post_init__(self) -> None:
        for name in ("header_timeout", "body_timeout", "search_seconds"):
            if not getattr(self, name) > 0:
                raise PresslensError(f"{name} must be a positive number of seconds")
        if self.keep_alive < 1 or self.max_connections < 1 or self.max_header_size < 1024:
            raise PresslensError(
                "keep_alive and max_connections must be at least 1 and max_header_size at "
                "least 1024 bytes"
            )

    @property
    def hard_connections(self) -> int:
        """Open connections above which a new one is closed as soon as it is accepted."""
        return 2 * self.max_connections


class UploadRejected(PresslensError):
    """An upload that the server will not take; the message says why and what is allowed."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or ``localhost``) only accepts connections from this machine."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def token_problem(token: str) -> str | None:
    """Why ``token`` is too weak to guard a server on the network, or ``None`` when it is fine.

    At least :data:`MIN_TOKEN_LENGTH` characters, :data:`MIN_TOKEN_DISTINCT` different ones, and
    :data:`MIN_TOKEN_BITS` bits by a character-class estimate (length × log2 of the sizes of the
    classes it uses: lower case, upper case, digits, other). ``secrets.token_urlsafe(24)`` gives
    32 characters and 192 bits.
    """
    if len(token) < MIN_TOKEN_LENGTH:
        return f"it is {len(token)} characters long; use at least {MIN_TOKEN_LENGTH}"
    distinct = len(set(token))
    if distinct < MIN_TOKEN_DISTINCT:
        return f"it uses only {distinct} different characters; use at least {MIN_TOKEN_DISTINCT}"
    pool = 0
    pool += 26 if any("a" <= c <= "z" for c in token) else 0
    pool += 26 if any("A" <= c <= "Z" for c in token) else 0
    pool += 10 if any(c.isascii() and c.isdigit() for c in token) else 0
    pool += 33 if any(not (c.isascii() and c.isalnum()) for c in token) else 0
    bits = len(token) * math.log2(max(pool, 2))
    if bits < MIN_TOKEN_BITS:
        return (
            f"it is too easy to guess (about {bits:.0f} bits; use at least {MIN_TOKEN_BITS}: "
            "a longer token, or letters and digits rather than digits alone)"
        )
    return None


def check_bind(host: str, token: str | None) -> None:
    """Refuse to serve on a non-loopback address without a token, or with a weak one."""
    if is_loopback(host):
        return
    if not token:
        raise PresslensError(
            f"refusing to serve on {host} without a token: anyone who can reach that address "
            "could read the store and run analyses. Set one with --token or the PRESSLENS_TOKEN "
            f"environment variable (e.g. {MAKE_TOKEN}), or bind to 127.0.0.1"
        )
    problem = token_problem(token)
    if problem:
        raise PresslensError(
            f"refusing to serve on {host} with a weak token: {problem}. Anyone who can reach "
            f"that address could guess it. Make a strong one, e.g. {MAKE_TOKEN}, or bind to "
            "127.0.0.1"
        )


def token_matches(token: str, given: str) -> bool:
    """Whether ``given`` is ``token``, compared in constant time."""
    return hmac.compare_digest(given.encode(), token.encode())


def bearer_ok(token: str, authorization: str | None) -> bool:
    """Whether an ``Authorization`` header carries ``Bearer <token>``."""
    if not authorization:
        return False
    scheme, _, given = authorization.partition(" ")
    return scheme.lower() == "bearer" and token_matches(token, given.strip())


class Sessions:
    """Login sessions, kept in this process's memory (a restart logs everyone out).

    :meth:`create` returns a random id (256 bits) for the cookie; the server keeps only its hash.
    A session ends ``idle`` seconds after its last use, ``absolute`` seconds after it began, or
    at logout (:meth:`revoke`). At most ``max_sessions`` live at once (the oldest go first).
    """

    def __init__(
        self,
        *,
        idle: float = 12 * 3600,
        absolute: float = 24 * 3600,
        max_sessions: int = 1000,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.idle = idle
        self.absolute = absolute
        self.max_sessions = max_sessions
        self._clock = clock
        self._lock = threading.Lock()
        self._live: OrderedDict[str, tuple[float, float]] = OrderedDict()  # hash -> (begun, last)

    @staticmethod
    def _key(session_id: str) -> str:
        return hashlib.sha256(session_id.encode("utf-8", "surrogatepass")).hexdigest()

    def create(self) -> str:
        """A new session; returns the id to put in the cookie."""
        session_id = secrets.token_urlsafe(32)
        now = self._clock()
        with self._lock:
            self._expire(now)
            while len(self._live) >= self.max_sessions:
                self._live.popitem(last=False)
            self._live[self._key(session_id)] = (now, now)
        return session_id

    def valid(self, session_id: str | None) -> bool:
        """Whether ``session_id`` names a live session (and mark it used)."""
        if not session_id:
            return False
        key = self._key(session_id)
        now = self._clock()
        with self._lock:
            found = self._live.get(key)
            if found is None:
                return False
            begun, last = found
            if now - last > self.idle or now - begun > self.absolute:
                del self._live[key]
                return False
            self._live[key] = (begun, now)
            return True

    def revoke(self, session_id: str | None) -> None:
        """End a session (logout); unknown ids are ignored."""
        if session_id:
            with self._lock:
                self._live.pop(self._key(session_id), None)

    def _expire(self, now: float) -> None:
        stale = [
            k
            for k, (begun, last) in self._live.items()
            if now - last > self.idle or now - begun > self.absolute
        ]
        for k in stale:
            del self._live[k]

    def __len__(self) -> int:
        return len(self._live)


@dataclass
class _Failures:
    times: deque[float]
    locks: int = 0
    until: float = 0.0
    last: float = 0.0


class LoginThrottle:
    """Counts wrong tokens per client address and in all, and says how long to wait.

    ``limit`` failures from one address within ``window`` seconds lock it out for ``lock``
    seconds, doubling with each further lock-out up to ``max_lock`` (forgotten after ``max_lock``
    seconds without a failure). ``global_limit`` failures within ``window`` from all addresses
    together lock every address until the oldest of them is ``window`` seconds old. At most
    ``max_clients`` addresses are remembered (the stalest are forgotten first).
    """

    def __init__(
        self,
        *,
        limit: int = 5,
        window: float = 60.0,
        lock: float = 60.0,
        max_lock: float = 3600.0,
        global_limit: int = 100,
        max_clients: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window
        self.lock = lock
        self.max_lock = max_lock
        self.global_limit = global_limit
        self.max_clients = max_clients
        self._clock = clock
        self._mutex = threading.Lock()
        self._clients: OrderedDict[str, _Failures] = OrderedDict()
        self._all: deque[float] = deque(maxlen=global_limit)

    def retry_after(self, client: str) -> float:
        """Seconds ``client`` must wait before its next try (0: it may try now)."""
        with self._mutex:
            return self._wait(client, self._clock())

    def failed(self, client: str) -> float:
        """Count a wrong token from ``client``; returns :meth:`retry_after` after it."""
        with self._mutex:
            now = self._clock()
            rec = self._clients.pop(client, None) or _Failures(deque())
            if rec.locks and now - rec.last > self.max_lock:
                rec.locks = 0
            rec.last = now
            while rec.times and now - rec.times[0] > self.window:
                rec.times.popleft()
            rec.times.append(now)
            if len(rec.times) >= self.limit:
                rec.locks += 1
                rec.until = now + min(self.lock * 2 ** (rec.locks - 1), self.max_lock)
                rec.times.clear()
            self._clients[client] = rec  # most recent last
            self._all.append(now)
            self._forget(now)
            return self._wait(client, now)

    def _wait(self, client: str, now: float) -> float:
        wait = 0.0
        if len(self._all) >= self.global_limit:
            wait = self._all[0] + self.window - now
        rec = self._clients.get(client)
        if rec is not None:
            wait = max(wait, rec.until - now)
        return max(wait, 0.0)

    def _forget(self, now: float) -> None:
        if len(self._clients) <= self.max_clients:
            return
        for key in [
            k
            for k, r in self._clients.items()
            if r.until <= now and now - r.last > max(self.window, self.max_lock * bool(r.locks))
        ]:
            del self._clients[key]
        while len(self._clients) > self.max_clients:
            self._clients.popitem(last=False)


def _netloc(url: str) -> str:
    try:
        return urlsplit(url).netloc.lower()
    except ValueError:
        return ""


def cross_site(
    fetch_site: str | None, origin: str | None, referer: str | None, host_header: str | None
) -> bool:
    """Whether a request was sent by a page of another site (see the module's notes).

    ``Sec-Fetch-Site`` decides when the browser sends it (``same-origin`` and ``none`` are not
    cross-site; ``same-site`` and ``cross-site`` are); otherwise an ``Origin`` (``null`` is
    foreign) or else a ``Referer`` that names another host than ``Host``; a request with none of
    them is not a browser's cross-site request.
    """
    host = (host_header or "").strip().lower()
    if fetch_site:
        return fetch_site.strip().lower() not in ("same-origin", "none")
    if origin:
        return origin.strip() == "null" or not host or _netloc(origin) != host
    if referer:
        return not host or _netloc(referer) != host
    return False


NAVIGABLE = frozenset({"/", "/analyze", "/jobs", "/login"})
NAVIGABLE_UNDER = ("/articles/", "/jobs/")


def cross_site_allowed(
    method: str, path: str, query: str, fetch_mode: str | None, fetch_dest: str | None
) -> bool:
    """Whether a cross-site request may go on: a top-level navigation to a cheap page.

    ``GET``/``HEAD`` only; ``Sec-Fetch-Mode`` (when sent) ``navigate`` and ``Sec-Fetch-Dest``
    (when sent) ``document``; the path one of :data:`NAVIGABLE` or under
    :data:`NAVIGABLE_UNDER`, without a query string (searches and filters do real work), except
    ``/login``, whose ``?next=`` the login redirect adds.
    """
    if method.upper() not in ("GET", "HEAD"):
        return False
    if fetch_mode is not None and fetch_mode.strip().lower() != "navigate":
        return False
    if fetch_dest is not None and fetch_dest.strip().lower() != "document":
        return False
    if path == "/login":
        return True
    if query:
        return False
    return path in NAVIGABLE or (path.startswith(NAVIGABLE_UNDER) and path not in NAVIGABLE_UNDER)


def _host_part(value: str) -> str:
    value = value.strip().lower()
    if value.startswith("["):
        return value[: value.find("]") + 1] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def host_allowed(host_header: str | None, bind_host: str, extra: tuple[str, ...] = ()) -> bool:
    """Whether the ``Host`` header names this server.

    On a loopback bind only loopback names are accepted (``localhost``, ``127.x.x.x``,
    ``[::1]``), which defeats DNS rebinding; on another bind the bound address, plus ``extra``
    names the operator allows (``--allow-host``); a wildcard bind (``0.0.0.0``, ``::``) accepts
    any host, since the token guards it.
    """
    if not host_header:
        return False
    name = _host_part(host_header)
    if name in {h.lower() for h in extra}:
        return True
    if is_loopback(bind_host):
        return is_loopback(name)
    if bind_host in ("0.0.0.0", "::", ""):
        return True
    return name.strip("[]") == bind_host.strip("[]").lower() or is_loopback(name)


def same_origin(origin: str | None, referer: str | None, host_header: str | None) -> bool:
    """Whether a state-changing request comes from this server's own pages.

    Browsers send ``Origin`` with every form post; when it is absent (``curl``, old browsers) the
    ``Referer`` decides; when both are absent the request is not a cross-site browser request.
    """
    source = origin if origin and origin != "null" else referer
    if origin == "null":
        return False
    if not source:
        return True
    return bool(host_header) and _netloc(source) == str(host_header).strip().lower()


_SLUG = re.compile(r"[^a-z0-9]+")


def check_upload_name(filename: str | None) -> str:
    """The lower-case suffix of an upload's name, if allowed; else :class:`UploadRejected`."""
    name = PureWindowsPath(PurePosixPath(filename or "").name).name
    suffix = name.lower()[name.rfind(".") :] if "." in name else ""
    if suffix not in ALLOWED_SUFFIXES:
        shown = name or "(no name)"
        raise UploadRejected(
            f"{shown}: this file type is not accepted; upload text, Markdown, HTML, JSON Lines, "
            f"JSON or RSS/Atom files ({' '.join(ALLOWED_SUFFIXES)})"
        )
    return suffix


def upload_name(index: int, filename: str | None) -> str:
    """A generated file name for upload number ``index``: ``NN-slug.ext`` where the slug keeps
    only ``a-z0-9-`` of the given name (so it reads well in provenance) and the suffix is one of
    :data:`ALLOWED_SUFFIXES`. Never a path: no separators, no dots but the suffix's."""
    suffix = check_upload_name(filename)
    stem = PureWindowsPath(PurePosixPath(filename or "").name).name[: -len(suffix)]
    slug = _SLUG.sub("-", stem.lower()).strip("-")[:60] or "upload"
    return f"{index:02d}-{slug}{suffix}"


def human_size(n: int) -> str:
    """``20971520`` -> ``"20 MiB"``."""
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:g} {unit}" if unit == "bytes" else f"{n:.1f} {unit}".replace(".0 ", " ")
        n /= 1024  # type: ignore[assignment]
    return f"{n} bytes"
