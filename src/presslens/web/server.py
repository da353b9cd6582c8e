"""uvicorn with limits: a head timeout, a cap on open connections, and the settings that bound
what a client can hold (keep-alive, concurrency, head size). Needs the ``web`` extra.

uvicorn has no timeout for a request's head: a client that connects and sends half a request
line holds a socket (a file descriptor) and a protocol object until it goes away. Enough of them
and the server cannot accept anyone. :class:`LimitedH11Protocol` (the h11 protocol with two
additions) closes a connection whose head is not complete ``header_timeout`` seconds after the
connection opened or after the head's first byte, and one that keeps sending the rest of a body
the server has already answered without reading for longer than that; and it closes new
connections at once, with a short ``503``, while ``hard_connections`` are open, so the number of
sockets a client can pin stays bounded. :func:`make_server` puts it together with uvicorn's own
limits (``timeout_keep_alive``, ``limit_concurrency``, ``h11_max_incomplete_event_size``); the
guard (:mod:`.middleware`) times out bodies that stall while the app reads them.

>>> server = make_server(app, host="127.0.0.1", port=8000, limits=ServerLimits())  # doctest: +SKIP
>>> server.run()                                                                   # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from .security import ServerLimits

__all__ = ["LimitedH11Protocol", "make_config", "make_server", "protocol_class"]

_BUSY_TEXT = b"The server is busy (too many open connections); try again in a moment.\n"
_BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\n"
    b"content-type: text/plain; charset=utf-8\r\n"
    b"connection: close\r\n"
    b"retry-after: 5\r\n"
    b"content-length: " + str(len(_BUSY_TEXT)).encode() + b"\r\n\r\n" + _BUSY_TEXT
)


class LimitedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a head timeout and a hard cap on open connections.

    The class attributes are set per server by :func:`protocol_class`.
    """

    header_timeout: float = ServerLimits.header_timeout
    hard_connections: int | None = 2 * ServerLimits.max_connections

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._refused = False

    # -- the connection ------------------------------------------------------------------------
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        cap = self.hard_connections
        if cap is not None and len(self.server_state.connections) >= cap:
            # Not registered with the server: answered and closed before it can hold anything.
            self._refused = True
            self.transport = transport
            transport.write(_BUSY)
            transport.close()
            return
        super().connection_made(transport)
        self._sync_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_deadline()
        if self._refused:
            return
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return
        super().data_received(data)
        self._sync_deadline()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._sync_deadline()

    # -- the deadline --------------------------------------------------------------------------
    def _waiting_on_client(self) -> bool:
        """Whether the client owes us bytes that it must send within ``header_timeout``.

        A head is owed from the moment the connection opens, and again from the first byte of
        the next request, except while uvicorn's own keep-alive timer watches an idle
        connection; the rest of a body is owed once the response is sent (the app did not need
        it). While the app runs, or reads a body (the guard times that), nothing is owed here.
        """
        theirs, ours = self.conn.their_state, self.conn.our_state
        if theirs is h11.IDLE:
            return self.timeout_keep_alive_task is None
        return theirs is h11.SEND_BODY and ours in (h11.DONE, h11.MUST_CLOSE)

    def _sync_deadline(self) -> None:
        closing = self.transport is None or self.transport.is_closing()
        if closing or not self._waiting_on_client():
            self._cancel_deadline()
        elif self._deadline is None:
            self._deadline = self.loop.call_later(self.header_timeout, self._deadline_passed)

    def _cancel_deadline(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _deadline_passed(self) -> None:
        self._deadline = None
        if self.transport is not None and not self.transport.is_closing():
            self.logger.info(
                "%s - closing a connection that did not send a complete request in %g s",
                f"{self.client[0]}:{self.client[1]}" if self.client else "?",
                self.header_timeout,
            )
            self.transport.close()


def protocol_class(limits: ServerLimits) -> type[LimitedH11Protocol]:
    """A :class:`LimitedH11Protocol` subclass with ``limits``' head timeout and connection cap."""
    return type(
        "PresslensH11Protocol",
        (LimitedH11Protocol,),
        {
            "header_timeout": float(limits.header_timeout),
            "hard_connections": limits.hard_connections,
        },
    )


def make_config(
    app: Any, *, host: str, port: int, limits: ServerLimits, log_level: str = "warning"
) -> Any:
    """The ``uvicorn.Config`` that serves ``app`` within ``limits``."""
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=protocol_class(limits),
        ws="none",
        log_level=log_level,
        server_header=False,
        # The client's address is the socket's peer: X-Forwarded-For is not believed, or a local
        # process could name any address and slip past the per-address login throttle.
        proxy_headers=False,
        timeout_keep_alive=limits.keep_alive,
        limit_concurrency=limits.max_connections,
        h11_max_incomplete_event_size=limits.max_header_size,
        timeout_graceful_shutdown=max(5, int(limits.header_timeout)),
    )


def make_server(
    app: Any, *, host: str, port: int, limits: ServerLimits, log_level: str = "warning"
) -> Any:
    """A ``uvicorn.Server`` for ``app`` within ``limits``; ``run()`` it (``should_exit`` stops)."""
    return uvicorn.Server(
        make_config(app, host=host, port=port, limits=limits, log_level=log_level)
    )
