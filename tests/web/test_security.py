"""The web UI's safety rules as pure functions."""

from __future__ import annotations

import argparse

import pytest

from presslens.errors import PresslensError
from presslens.web.cli import parse_size
from presslens.web.security import (
    UploadRejected,
    bearer_ok,
    check_bind,
    check_upload_name,
    host_allowed,
    human_size,
    is_loopback,
    same_origin,
    token_matches,
    upload_name,
)

STRONG = "k7Qv-2mZt_9XwPa4LrE8"


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.1", "localhost", "::1", "[::1]"])
def test_loopback_addresses(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.4", "::", "example.org", ""])
def test_other_addresses(host: str) -> None:
    assert not is_loopback(host)


def test_binding_off_localhost_needs_a_token() -> None:
    check_bind("127.0.0.1", None)
    check_bind("0.0.0.0", STRONG)
    with pytest.raises(PresslensError, match="PRESSLENS_TOKEN"):
        check_bind("0.0.0.0", None)
    with pytest.raises(PresslensError):
        check_bind("192.168.0.10", "")


def test_bearer_token_only_in_its_header() -> None:
    assert bearer_ok("s3cret", "Bearer s3cret")
    assert bearer_ok("s3cret", "bearer s3cret")
    assert not bearer_ok("s3cret", "Bearer wrong")
    assert not bearer_ok("s3cret", "Bearer s3cre")
    assert not bearer_ok("s3cret", "Basic s3cret")
    assert not bearer_ok("s3cret", None)
    assert token_matches("s3cret", "s3cret") and not token_matches("s3cret", "s3cret ")


def test_host_header_must_name_this_server() -> None:
    assert host_allowed("127.0.0.1:8000", "127.0.0.1")
    assert host_allowed("localhost:8000", "127.0.0.1")
    assert host_allowed("[::1]:8000", "127.0.0.1")
    assert not host_allowed("evil.example:8000", "127.0.0.1")  # DNS rebinding
    assert not host_allowed(None, "127.0.0.1")
    assert host_allowed("anything:80", "0.0.0.0")
    assert host_allowed("10.0.0.5:8000", "10.0.0.5")
    assert not host_allowed("other:8000", "10.0.0.5")
    assert host_allowed("presslens.lan", "10.0.0.5", ("presslens.lan",))


def test_posts_must_come_from_this_server() -> None:
    host = "127.0.0.1:8000"
    assert same_origin("http://127.0.0.1:8000", None, host)
    assert not same_origin("http://evil.example", None, host)
    assert not same_origin("null", None, host)
    assert same_origin(None, "http://127.0.0.1:8000/analyze", host)
    assert not same_origin(None, "http://evil.example/x", host)
    assert same_origin(None, None, host)  # not a browser's cross-site request


def test_upload_names_are_generated_and_never_paths() -> None:
    assert upload_name(1, "Report 2025.TXT") == "01-report-2025.txt"
    assert upload_name(2, "../../etc/passwd.txt") == "02-passwd.txt"
    assert upload_name(3, "..\\..\\win\\evil.html") == "03-evil.html"
    assert upload_name(4, ".md") == "04-upload.md"
    for name in (upload_name(5, "a/b/../c.json"), upload_name(6, "x\x00y.rss")):
        assert "/" not in name and "\\" not in name and ".." not in name and "\x00" not in name
    for bad in ("evil.exe", "archive.tar.gz", "noext", "", None, "image.png"):
        with pytest.raises(UploadRejected, match="not accepted"):
            check_upload_name(bad)


def test_sizes() -> None:
    assert parse_size("20M") == 20 * 1024 * 1024
    assert parse_size("512k") == 512 * 1024
    assert parse_size("1000") == 1000
    with pytest.raises(argparse.ArgumentTypeError):
        parse_size("lots")
    assert human_size(20 * 1024 * 1024) == "20 MiB"
    assert human_size(100) == "100 bytes"
