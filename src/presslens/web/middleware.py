"""The ASGI guard in front of the web app: host check, cross-site requests, token and sessions,
throttled wrong tokens, body size and pace, headers.

Written as plain ASGI (no framework middleware base class) so that it runs before any parsing and
can refuse an oversized or stalled upload while it streams in. The rules are in :mod:`.security`.
"""

from __future__ import annotations

import asyncio
import json
import math
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import quote

from .security import (
    COOKIE,
    LOGIN_MAX_BODY,
    MIN_BODY_RATE,
    SECURITY_HEADERS,
    LoginThrottle,
    ServerLimits,
    Sessions,
    bearer_ok,
    cross_site,
    cross_site_allowed,
    host_allowed,
    human_size,
    same_origin,
)

__all__ = ["Guard"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PUBLIC = ("/login", "/logout", "/static/")  # logout only ends the session it is sent
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def _headers(scope: Scope) -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in scope.get("headers", []):
        out.setdefault(k.decode("latin-1").lower(), v.decode("latin-1"))
    return out


def client_address(scope: Scope) -> str:
    """The client's address as the server saw it (after a trusted proxy's headers)."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def _cookie(header: str | None, name: str) -> str | None:
    for part in (header or "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


class Guard:
    """Wraps the app: every request passes the checks, every response gets the safety headers.

    ``sessions`` and ``throttle`` are shared with the login route (new ones when not given);
    ``limits.body_timeout`` is the longest pause allowed while a body streams in, which must
    also average :data:`~.security.MIN_BODY_RATE` after that first pause.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        bind_host: str,
        token: str | None,
        max_body: int,
        allowed_hosts: tuple[str, ...] = (),
        sessions: Sessions | None = None,
        throttle: LoginThrottle | None = None,
        limits: ServerLimits | None = None,
    ) -> None:
        self.app = app
        self.bind_host = bind_host
        self.token = token
        self.max_body = max_body
        self.allowed_hosts = allowed_hosts
        self.sessions = sessions if sessions is not None else Sessions()
        self.throttle = throttle if throttle is not None else LoginThrottle()
        self.limits = limits or ServerLimits()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        h = _headers(scope)
        path = str(scope.get("path", "/"))
        method = str(scope.get("method", "GET")).upper()
        is_api = path.startswith("/api/") or path == "/openapi.json"

        async def send_safe(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.decode("latin-1").lower() for k, _ in message.get("headers", [])}
                extra = [
                    (k.lower().encode(), v.encode())
                    for k, v in SECURITY_HEADERS.items()
                    if k.lower() not in present
                ]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        head = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
        head += sum(len(k) + len(v) + 4 for k, v in scope.get("headers", []))
        if head > self.limits.max_header_size:
            # h11 bounds a head that arrives in pieces; this bounds one that came whole.
            await _reply(
                send_safe,
                431,
                f"The request's address and headers are too large (the limit is "
                f"{human_size(self.limits.max_header_size)}); shorten the search.",
                is_api,
                [(b"connection", b"close")],
            )
            return
        if not host_allowed(h.get("host"), self.bind_host, self.allowed_hosts):
            await _reply(send_safe, 400, "This server does not answer to that host name.", is_api)
            return
        foreign = cross_site(
            h.get("sec-fetch-site"), h.get("origin"), h.get("referer"), h.get("host")
        )
        if method not in SAFE_METHODS and (
            foreign or not same_origin(h.get("origin"), h.get("referer"), h.get("host"))
        ):
            await _reply(send_safe, 403, "Cross-site request refused.", is_api)
            return
        query = scope.get("query_string") or b""
        if foreign and not cross_site_allowed(
            method,
            path,
            query.decode("latin-1"),
            h.get("sec-fetch-mode"),
            h.get("sec-fetch-dest"),
        ):
            await _reply(
                send_safe,
                403,
                "This request came from another site, and presslens only searches, filters, "
                "exports and answers the API for its own pages. Open this server's address "
                "yourself and search or download from there.",
                is_api,
            )
            return
        if self.token and not path.startswith(PUBLIC):
            cookie = _cookie(h.get("cookie"), COOKIE)
            authorization = h.get("authorization")
            bearer = bool(authorization) and str(authorization).lower().startswith("bearer ")
            if not self.sessions.valid(cookie):
                if bearer:
                    client = client_address(scope)
                    wait = self.throttle.retry_after(client)
                    if wait > 0:
                        await _too_many(send_safe, wait, True)
                        return
                    if not bearer_ok(self.token, authorization):
                        self.throttle.failed(client)
                        await _reply(
                            send_safe,
                            401,
                            "The token is not right.",
                            True,
                            [(b"www-authenticate", b'Bearer error="invalid_token"')],
                        )
                        return
                elif is_api or method not in SAFE_METHODS:
                    await _reply(
                        send_safe,
                        401,
                        "A token is required: send 'Authorization: "
                        "Bearer <token>' or log in at /login.",
                        True,
                        [(b"www-authenticate", b"Bearer")],
                    )
                    return
                else:
                    target = path + (f"?{query.decode('latin-1')}" if query else "")
                    location = "/login?next=" + quote(target, safe="")
                    await _redirect(send_safe, location)
                    return
        length = h.get("content-length")
        if path == "/login":
            max_body = min(self.max_body, LOGIN_MAX_BODY)
            limit_message = f"The request is too large: the limit is {human_size(max_body)}."
        else:
            max_body = self.max_body
            limit_message = (
                f"The upload is too large: the limit is {human_size(max_body)} per request "
                "(the operator sets it with presslens serve --max-upload)."
            )
        if length and length.isdigit() and int(length) > max_body:
            await _reply(send_safe, 413, limit_message, is_api)
            return
        if method in SAFE_METHODS:
            await self.app(scope, receive, send_safe)
            return
        # A body is read whole (up to the limit) before the app sees it: an oversized upload is
        # refused as it streams in, a stalled or dripped one when it pauses too long or falls
        # behind MIN_BODY_RATE, and the app never parses half of one.
        chunks: list[bytes] = []
        size = 0
        pause = self.limits.body_timeout
        started = time.monotonic()
        while True:
            # each byte buys 1/MIN_BODY_RATE s on top of one pause: a slow upload goes on, a
            # body sent a byte at a time (to hold the connection) does not
            budget = started + pause + size / MIN_BODY_RATE - time.monotonic()
            try:
                if budget <= 0:
                    raise TimeoutError
                message = await asyncio.wait_for(receive(), min(pause, budget))
            except TimeoutError:
                await _reply(
                    send_safe,
                    408,
                    f"The request body stopped arriving (a pause of {pause:g} s, or slower "
                    f"than {human_size(MIN_BODY_RATE)}/s); send it again.",
                    is_api,
                    [(b"connection", b"close")],
                )
                return
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > max_body:
                await _reply(send_safe, 413, limit_message, is_api)
                return
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send_safe)


async def _reply(
    send: Send,
    status: int,
    text: str,
    as_json: bool,
    headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    if as_json:
        body = json.dumps({"detail": text}).encode()
        kind = b"application/json"
    else:
        from html import escape

        body = (
            "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>presslens: "
            f"{status}</title><link rel='stylesheet' href='/static/presslens.css'></head><body>"
            f"<main class='wrap'><section><h1>{status}</h1><p>{escape(text)}</p>"
            "<p><a href='/'>Back to the articles</a></p></section></main></body></html>"
        ).encode()
        kind = b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", kind),
                (b"content-length", str(len(body)).encode()),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _too_many(send: Send, wait: float, as_json: bool) -> None:
    seconds = max(1, math.ceil(wait))
    await _reply(
        send,
        429,
        f"Too many wrong tokens from this address: try again in {seconds} s.",
        as_json,
        [(b"retry-after", str(seconds).encode())],
    )


async def _redirect(send: Send, location: str) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 303,
            "headers": [(b"location", location.encode("latin-1")), (b"content-length", b"0")],
        }
    )
    await send({"type": "http.response.body", "body": b""})
