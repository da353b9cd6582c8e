"""Logging in: wrong tokens are throttled (per address and in all), a token off localhost must be
strong, and sessions live on the server (logout, expiry and restart end them)."""

from __future__ import annotations

import argparse
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from presslens.errors import PresslensError
from presslens.web.security import LoginThrottle, Sessions, check_bind, token_problem

BASE = "http://127.0.0.1:8000"
POST = {"origin": BASE}
TOKEN = "Zq3-vN8rTk_2mWx7pL4c"
AUTH = {"authorization": f"Bearer {TOKEN}"}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make_client(db: Path, client: tuple[str, int] = ("203.0.113.7", 5000), **kw: Any) -> Any:
    from starlette.testclient import TestClient

    from presslens.web import Settings, create_app

    settings = Settings(db=db, host="0.0.0.0", token=TOKEN, upload_dir=db.parent / "up", **kw)
    return TestClient(create_app(settings), base_url=BASE, client=client)


@pytest.fixture
def guarded(db: Path) -> Iterator[Any]:
    with make_client(db) as c:
        yield c


def login(c: Any, token: str = TOKEN) -> Any:
    return c.post(
        "/login", data={"token": token, "next": "/"}, headers=POST, follow_redirects=False
    )


# -- strong tokens ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("token", "why"),
    [
        ("x", "1 characters long"),
        ("secret", "characters long"),
        ("s3cret-token", "12 characters long"),
        ("aaaaaaaaaaaaaaaaaaaaaaaa", "only 1 different"),
        ("abababababababababab", "only 2 different"),
        ("1234567890123456", "too easy to guess"),  # 16 digits: 53 bits
        ("0123456789012345678", "too easy to guess"),
    ],
)
def test_a_weak_token_is_refused_off_localhost(token: str, why: str) -> None:
    assert token_problem(token) is not None and why in str(token_problem(token))
    for host in ("0.0.0.0", "192.168.1.20", "::"):
        with pytest.raises(PresslensError, match="weak token") as err:
            check_bind(host, token)
        assert why in str(err.value) and "secrets.token_urlsafe" in str(err.value)
    check_bind("127.0.0.1", token)  # a token on localhost is the user's own business


@pytest.mark.parametrize(
    "token",
    [
        secrets.token_urlsafe(24),
        secrets.token_hex(16),
        "correct-horse-battery-staple",
        "12345678901234567890",  # 20 digits: 66 bits
        TOKEN,
    ],
)
def test_a_strong_token_is_accepted(token: str) -> None:
    assert token_problem(token) is None
    check_bind("0.0.0.0", token)


def test_the_server_refuses_a_weak_token(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from presslens.web import Settings, create_app
    from presslens.web.cli import add_commands

    with pytest.raises(PresslensError, match="weak token"):
        create_app(Settings(db=db, host="0.0.0.0", token="a"))
    parser = argparse.ArgumentParser()
    add_commands(parser.add_subparsers(dest="command"))
    monkeypatch.setenv("PRESSLENS_TOKEN", "hunter2")
    args = parser.parse_args(["serve", "--host", "0.0.0.0", "--db", str(db)])
    with pytest.raises(PresslensError, match="7 characters long"):
        args.func(args)


# -- throttling ---------------------------------------------------------------------------------
def test_throttle_locks_an_address_after_five_failures_and_backs_off() -> None:
    clock = Clock()
    t = LoginThrottle(clock=clock)
    for _ in range(4):
        assert t.failed("a") == 0
        clock.now += 1
    assert t.failed("a") == 60  # the fifth within a minute
    assert t.retry_after("a") == 60 and t.retry_after("b") == 0
    clock.now += 59
    assert t.retry_after("a") == 1
    clock.now += 1
    assert t.retry_after("a") == 0
    for _ in range(5):
        t.failed("a")
    assert t.retry_after("a") == 120  # doubled
    clock.now += 120
    for _ in range(5):
        t.failed("a")
    assert t.retry_after("a") == 240
    clock.now += 240 + 3601  # an hour without failures: forgiven
    for _ in range(5):
        t.failed("a")
    assert t.retry_after("a") == 60


def test_throttle_forgets_failures_older_than_the_window() -> None:
    clock = Clock()
    t = LoginThrottle(clock=clock)
    for _ in range(20):
        assert t.failed("a") == 0  # four a minute never locks
        clock.now += 16


def test_throttle_locks_everyone_after_many_failures_from_many_addresses() -> None:
    clock = Clock()
    t = LoginThrottle(clock=clock, global_limit=100)
    for i in range(100):
        t.failed(f"10.0.{i // 250}.{i % 250}")
        clock.now += 0.1
    assert t.retry_after("192.0.2.1") > 0  # a fresh address too
    clock.now += 60
    assert t.retry_after("192.0.2.1") == 0


def test_throttle_remembers_a_bounded_number_of_addresses() -> None:
    clock = Clock()
    t = LoginThrottle(clock=clock, max_clients=50, global_limit=10**6)
    for i in range(5000):
        t.failed(f"a{i}")
    assert len(t._clients) <= 50


def test_wrong_logins_get_429_with_retry_after(guarded: Any, db: Path) -> None:
    for _ in range(5):
        r = login(guarded, "wrong")
        assert r.status_code == 401 and "not right" in r.text
    r = login(guarded, "wrong")
    assert r.status_code == 429 and 55 <= int(r.headers["retry-after"]) <= 60
    assert "try again in" in r.text
    r = login(guarded)  # the right token too, while locked out
    assert r.status_code == 429 and "presslens_session" not in r.headers.get("set-cookie", "")
    # the lock-out is per address: another client may log in
    from starlette.testclient import TestClient

    with TestClient(guarded.app, base_url=BASE, client=("198.51.100.4", 6000)) as other:
        assert login(other).status_code == 303


def test_wrong_bearer_tokens_are_throttled_too(guarded: Any) -> None:
    for _ in range(5):
        r = guarded.get("/api/facets", headers={"authorization": "Bearer nope"})
        assert r.status_code == 401
    r = guarded.get("/api/facets", headers=AUTH)
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
    assert login(guarded).status_code == 429  # one count for the form and the header


def test_requests_without_credentials_are_not_counted(guarded: Any) -> None:
    for _ in range(10):
        assert guarded.get("/api/facets").status_code == 401
        guarded.cookies.set("presslens_session", "expired-or-made-up")
        assert guarded.get("/api/facets").status_code == 401
        guarded.cookies.clear()
    assert guarded.get("/api/facets", headers=AUTH).status_code == 200


def test_the_login_form_takes_a_small_body(guarded: Any) -> None:
    r = guarded.post("/login", data={"token": "x" * 9000, "next": "/"}, headers=POST)
    assert r.status_code == 413 and "8 KiB" in r.text


# -- sessions -----------------------------------------------------------------------------------
def test_sessions_expire_idle_and_absolute() -> None:
    clock = Clock()
    s = Sessions(idle=100, absolute=250, clock=clock)
    sid = s.create()
    assert len(sid) >= 40 and s.valid(sid) and not s.valid(sid + "x") and not s.valid(None)
    assert sid not in repr(s._live)  # only its hash is kept
    clock.now += 99
    assert s.valid(sid)  # use keeps it alive...
    clock.now += 99
    assert s.valid(sid)
    clock.now += 53
    assert not s.valid(sid)  # ...but not past its absolute lifetime
    other = s.create()
    clock.now += 101
    assert not s.valid(other)  # idle too long
    third = s.create()
    s.revoke(third)
    assert not s.valid(third)
    s.revoke("unknown")


def test_sessions_are_bounded() -> None:
    s = Sessions(max_sessions=3)
    ids = [s.create() for _ in range(5)]
    assert len(s) == 3 and not s.valid(ids[0]) and s.valid(ids[-1])


def test_the_cookie_is_a_random_session_id_with_safe_flags(guarded: Any) -> None:
    first = login(guarded)
    assert first.status_code == 303
    cookie = first.cookies["presslens_session"]
    flags = first.headers["set-cookie"].lower()
    assert "httponly" in flags and "samesite=strict" in flags and "secure" not in flags
    guarded.cookies.clear()
    again = login(guarded).cookies["presslens_session"]
    assert again != cookie and TOKEN not in cookie  # not derived from the token


def test_the_cookie_is_secure_over_https(db: Path) -> None:
    from starlette.testclient import TestClient

    with make_client(db) as c, TestClient(c.app, base_url="https://127.0.0.1:8000") as tls:
        r = tls.post(
            "/login",
            data={"token": TOKEN, "next": "/"},
            headers={"origin": "https://127.0.0.1:8000"},
            follow_redirects=False,
        )
        assert r.status_code == 303 and "secure" in r.headers["set-cookie"].lower()


def test_logout_ends_the_session_on_the_server(guarded: Any) -> None:
    cookie = login(guarded).cookies["presslens_session"]
    assert guarded.get("/api/facets").status_code == 200
    r = guarded.post("/logout", headers=POST, follow_redirects=False)
    assert r.status_code == 303
    # an old copy of the cookie (another tab, a stolen cookie) no longer works
    guarded.cookies.set("presslens_session", cookie)
    assert guarded.get("/api/facets").status_code == 401
    r = guarded.get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert guarded.get("/api/facets", headers=AUTH).status_code == 200  # the API's bearer works
    # logging out of an ended session still goes to the login page
    again = guarded.post("/logout", headers=POST, follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"] == "/login"


def test_an_expired_session_no_longer_works(guarded: Any) -> None:
    login(guarded)
    assert guarded.get("/api/facets").status_code == 200
    guarded.app.state.sessions.idle = -1.0  # every session has now been idle too long
    assert guarded.get("/api/facets").status_code == 401


def test_a_restart_ends_every_session(db: Path) -> None:
    with make_client(db) as before:
        cookie = login(before).cookies["presslens_session"]
        assert before.get("/api/facets").status_code == 200
    with make_client(db) as after:
        after.cookies.set("presslens_session", cookie)
        assert after.get("/api/facets").status_code == 401
