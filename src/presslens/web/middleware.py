"""The ASGI guard in front of the web app: host check, token, same-origin posts, body size, headers.

Written as plain ASGI (no framework middleware base class) so that it runs before any parsing and
can refuse an oversized upload while it streams in. The rules are in :mod:`.security`.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import quote

from .security import (
    COOKIE,
    SECURITY_HEADERS,
    host_allowed,
    human_size,
    same_origin,
    token_ok,
)

__all__ = ["Guard"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PUBLIC = ("/login", "/static/")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def _headers(scope: Scope) -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in scope.get("headers", []):
        out.setdefault(k.decode("latin-1").lower(), v.decode("latin-1"))
    return out


def _cookie(header: str | None, name: str) -> str | None:
    for part in (header or "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


class Guard:
    """Wraps the app: every request passes the checks, every response gets the safety headers."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        bind_host: str,
        token: str | None,
        max_body: int,
        allowed_hosts: tuple[str, ...] = (),
    ) -> None:
        self.app = app
        self.bind_host = bind_host
        self.token = token
        self.max_body = max_body
        self.allowed_hosts = allowed_hosts

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

        if not host_allowed(h.get("host"), self.bind_host, self.allowed_hosts):
            await _reply(send_safe, 400, "This server does not answer to that host name.", is_api)
            return
        if method not in SAFE_METHODS and not same_origin(
            h.get("origin"), h.get("referer"), h.get("host")
        ):
            await _reply(send_safe, 403, "Cross-site request refused.", is_api)
            return
        if (
            self.token
            and not path.startswith(PUBLIC)
            and not token_ok(self.token, h.get("authorization"), _cookie(h.get("cookie"), COOKIE))
        ):
            if is_api or method not in SAFE_METHODS:
                await _reply(
                    send_safe,
                    401,
                    "A token is required: send 'Authorization: "
                    "Bearer <token>' or log in at /login.",
                    True,
                    [(b"www-authenticate", b"Bearer")],
                )
            else:
                target = path + (
                    f"?{scope['query_string'].decode()}" if scope.get("query_string") else ""
                )
                location = "/login?next=" + quote(target, safe="")
                await _redirect(send_safe, location)
            return
        length = h.get("content-length")
        limit_message = (
            f"The upload is too large: the limit is {human_size(self.max_body)} per request "
            "(the operator sets it with presslens serve --max-upload)."
        )
        if length and length.isdigit() and int(length) > self.max_body:
            await _reply(send_safe, 413, limit_message, is_api)
            return
        if method in SAFE_METHODS:
            await self.app(scope, receive, send_safe)
            return
        # A body is read whole (up to the limit) before the app sees it: an oversized upload is
        # refused as it streams in, and the app never parses half of one.
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
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


async def _redirect(send: Send, location: str) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 303,
            "headers": [(b"location", location.encode("latin-1")), (b"content-length", b"0")],
        }
    )
    await send({"type": "http.response.body", "body": b""})
