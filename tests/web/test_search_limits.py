"""Searches are bounded (length, terms, time through SQLite's progress handler), in the store, the
command line and the web; a query of 2,000 prefix terms is refused at once."""

from __future__ import annotations

import itertools
import random
import string
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from presslens.errors import SearchLimitError, StoreError
from presslens.model import Document, Meta
from presslens.store import Store

BASE = "http://127.0.0.1:8000"


def prefixes(n: int, sep: str = " OR ") -> str:
    """``aaa* OR aab* OR …``: ``n`` prefix terms (the issue's 2,000 make a 16 KB GET)."""
    pairs = ("".join(p) for p in itertools.product(string.ascii_lowercase, repeat=3))
    return sep.join(f"{p}*" for p in itertools.islice(pairs, n))


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store whose index makes a broad prefix search take a while (1,500 articles)."""
    rng = random.Random(7)
    words = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 9))) for _ in range(8000)]
    docs = [
        Document(id=f"d{i:05d}", text=" ".join(rng.choices(words, k=200)), meta=Meta(title=f"T{i}"))
        for i in range(1500)
    ]
    db = tmp_path_factory.mktemp("search-limits") / "presslens.db"
    with Store(db) as store:
        for i in range(0, len(docs), 250):
            store.put_input(f"h{i}", f"in{i}", "v1", docs[i : i + 250])
    return db


@pytest.fixture
def big(big_db: Path) -> Iterator[Store]:
    with Store(big_db, readonly=True) as store:
        yield store


def test_the_issue_query_is_16_kb() -> None:
    assert len(prefixes(2000)) == 15_996 and prefixes(2000).count("*") == 2000


BROAD = " OR ".join(f"{c}*" for c in string.ascii_lowercase)  # 26 terms: allowed, but slow


@pytest.mark.parametrize(
    ("query", "limit", "message"),
    [
        (prefixes(2000), "length", "the limit is 512"),
        ("x" * 513, "length", "513 characters"),
        (prefixes(33), "terms", "33 terms"),
        (" ".join(["word"] * 33), "terms", "33 terms"),
        ('"' + " ".join(["w"] * 40) + '"', "terms", "40 terms"),
    ],
)
def test_too_long_or_too_many_terms_is_refused_at_once(
    big: Store, query: str, limit: str, message: str
) -> None:
    start = time.monotonic()
    with pytest.raises(SearchLimitError) as err:
        big.search(query, limit=1000)
    assert time.monotonic() - start < 0.5
    assert err.value.limit == limit and isinstance(err.value, StoreError)
    assert "narrow the query" in str(err.value) and message in str(err.value)


@pytest.mark.parametrize(
    "query",
    [
        prefixes(32),  # 32 terms: the most allowed
        " AND ".join(["word"] * 32),  # operators are not terms
        "ceasefire NOT truce OR NEAR(a b)",
        "x" * 512,
    ],
)
def test_queries_within_the_bounds_run(big: Store, query: str) -> None:
    assert isinstance(big.search(query, limit=5, time_limit=None), list)


def test_the_bounds_can_be_set_per_call(big: Store) -> None:
    with pytest.raises(SearchLimitError, match="limit is 3"):
        big.search("a b c d", max_terms=3)
    with pytest.raises(SearchLimitError, match="limit is 5"):
        big.search("abcdef", max_chars=5)
    assert big.search(prefixes(40), max_terms=40, max_chars=1000, time_limit=None) is not None


def test_a_search_is_stopped_when_its_time_is_up(big: Store) -> None:
    start = time.monotonic()
    full = big.search(BROAD, limit=1000, time_limit=None)
    full_seconds = time.monotonic() - start
    assert len(full) == 1000
    with pytest.raises(SearchLimitError, match="took more than 0 s") as err:
        big.search(BROAD, limit=1000, time_limit=0)
    assert err.value.limit == "time" and "narrow the query" in str(err.value)
    start = time.monotonic()
    with pytest.raises(SearchLimitError):
        big.search(BROAD, limit=1000, time_limit=full_seconds / 10)
    assert time.monotonic() - start < full_seconds * 0.6 + 0.05
    # the connection is left without the handler: the next searches and reads are not cut short
    assert len(big.search(BROAD, limit=1000, time_limit=None)) == 1000
    assert big.search("zzzzzzzz") == [] and big.get("d00001").id == "d00001"


def test_invalid_fts_syntax_falls_back_within_the_bounds(big: Store) -> None:
    assert big.search("don't C++ (") == []
    with pytest.raises(SearchLimitError, match="terms"):
        big.search("don't " * 40)


def test_the_command_line_reports_the_bound(
    big_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from presslens.cli import main

    assert main(["search", prefixes(2000), "--db", str(big_db)]) != 0
    err = capsys.readouterr().err
    assert "the limit is 512" in err and "narrow the query" in err


def _client(db: Path, **limits: Any) -> Any:
    from starlette.testclient import TestClient

    from presslens.web import Settings, create_app
    from presslens.web.security import ServerLimits

    app = create_app(
        Settings(db=db, upload_dir=db.parent / "uploads", limits=ServerLimits(**limits))
    )
    return TestClient(app, base_url=BASE)


@pytest.mark.parametrize("url", ["/", "/api/search", "/api/documents"])
def test_the_issue_query_is_refused_by_the_web_at_once(big_db: Path, url: str) -> None:
    with _client(big_db) as c:
        start = time.monotonic()
        r = c.get(url, params={"q": prefixes(2000)})  # 24 KB once URL-encoded: over the head limit
        assert r.status_code == 431 and "too large" in r.text
        r = c.get(url, params={"q": prefixes(100)})  # 800 characters
        assert r.status_code == 400
        assert "narrow the query" in r.text and "the limit is 512" in r.text
        r = c.get(url, params={"q": " OR ".join(string.ascii_lowercase + "0123456789")})
        assert r.status_code == 400 and "36 terms" in r.text
        assert time.monotonic() - start < 2


@pytest.mark.parametrize("url", ["/", "/api/search", "/api/documents"])
def test_a_web_search_out_of_time_gets_503(big_db: Path, url: str) -> None:
    with _client(big_db, search_seconds=0.01) as c:
        r = c.get(url, params={"q": BROAD})
        assert r.status_code == 503 and "narrow the query" in r.text
        ok = c.get(url, params={"q": "zzzzzzzz"})
        assert ok.status_code == 200
