"""The shared fixtures do what the tests that use them rely on."""

from __future__ import annotations

import socket

import pytest


@pytest.mark.usefixtures("no_network")
def test_no_network_refuses_connections() -> None:
    with pytest.raises(OSError, match="network access attempted"):
        socket.create_connection(("127.0.0.1", 9))
    with socket.socket() as sock, pytest.raises(OSError, match="network access attempted"):
        sock.connect(("127.0.0.1", 9))
