"""Safety rules of the web UI, as pure functions (no web framework needed to test them).

* **Binding.** The server binds to 127.0.0.1 by default. Bound to any other address it refuses to
  start without a token (:func:`check_bind`): anyone on the network could otherwise read the store
  and run analyses.
* **Token.** With a token, every request needs ``Authorization: Bearer <token>`` or the session
  cookie that the login form sets (an HMAC of the token, never the token itself); compared in
  constant time (:func:`token_ok`).
* **Hosts.** Requests must name this server in ``Host`` (:func:`host_allowed`): a web page cannot
  reach a loopback server through a domain that resolves to 127.0.0.1 (DNS rebinding).
* **Cross-site requests.** A form post must come from this server's own pages
  (:func:`same_origin`): another site open in the browser cannot post to it.
* **Uploads.** Only known text formats (:data:`ALLOWED_SUFFIXES`), at most a configured size; files
  are written under a server-made folder with generated names (:func:`upload_name`), so no path
  from a request ever reaches the file system.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
from collections.abc import Mapping
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import urlsplit

from ..errors import PresslensError

__all__ = [
    "ALLOWED_SUFFIXES",
    "COOKIE",
    "DEFAULT_MAX_UPLOAD",
    "SECURITY_HEADERS",
    "UploadRejected",
    "check_bind",
    "check_upload_name",
    "cookie_value",
    "host_allowed",
    "is_loopback",
    "same_origin",
    "token_ok",
    "upload_name",
]

DEFAULT_MAX_UPLOAD = 20 * 1024 * 1024
ALLOWED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl", ".json", ".xml", ".rss", ".atom")
COOKIE = "presslens_session"
MAX_FILES = 50

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


def check_bind(host: str, token: str | None) -> None:
    """Refuse to serve on a non-loopback address without a token."""
    if not is_loopback(host) and not token:
        raise PresslensError(
            f"refusing to serve on {host} without a token: anyone who can reach that address "
            "could read the store and run analyses. Set one with --token or the PRESSLENS_TOKEN "
            "environment variable (e.g. PRESSLENS_TOKEN=$(python -c 'import secrets; "
            "print(secrets.token_urlsafe(24))')), or bind to 127.0.0.1"
        )


def cookie_value(token: str) -> str:
    """The session cookie's value for ``token``: an HMAC, so the cookie never holds the token."""
    return hmac.new(token.encode(), b"presslens-session-v1", hashlib.sha256).hexdigest()


def token_ok(token: str | None, authorization: str | None, cookie: str | None) -> bool:
    """Whether a request carries the token (bearer header) or the session cookie."""
    if not token:
        return True
    if authorization:
        scheme, _, given = authorization.partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(
            given.strip().encode(), token.encode()
        ):
            return True
    return bool(cookie) and hmac.compare_digest(str(cookie).encode(), cookie_value(token).encode())


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
    netloc = urlsplit(source).netloc.lower()
    return bool(host_header) and netloc == str(host_header).strip().lower()


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
