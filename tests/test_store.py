"""Tests of the embedded store: round trips, resume, crash safety, concurrency, search, errors."""

from __future__ import annotations

import importlib.util
import itertools
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from presslens.errors import StoreError
from presslens.model import Document, Meta, Source, make_span
from presslens.store import (
    APPLICATION_ID,
    MIGRATIONS,
    STORE_SCHEMA_VERSION,
    Migration,
    SearchHit,
    Store,
)


def _load_writer() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "_kill_writer", Path(__file__).with_name("_kill_writer.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


writer = _load_writer()
WRITER = str(Path(__file__).with_name("_kill_writer.py"))
PV = writer.PIPELINE


def doc(doc_id: str, text: str, title: str | None = None, **kwargs: Any) -> Document:
    """A small document with a sentence layer."""
    d = Document(id=doc_id, text=text, meta=Meta(title=title), **kwargs)
    return d.with_layer("sentences", [d.span(0, len(text), "sentence", producer="t.v1")])


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "store.db") as s:
        yield s


# -- hypothesis round trip ----------------------------------------------------------------------
TRICKY = [
    "\r\n",
    "e\u0301",
    "\u0915\u094d\u0937",
    "😀",
    "\U0010fffd",
    "\x00",
    "\ud800",
    "\u200d",
    " ",
]
texts = st.lists(st.one_of(st.text(max_size=8), st.sampled_from(TRICKY)), max_size=12).map("".join)
opt_texts = st.none() | texts
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=6,
)
attrs_st = st.dictionaries(texts, json_values, max_size=3)
ids = st.text(min_size=1, max_size=12)  # no lone surrogates: ids must encode as UTF-8


@st.composite
def documents(draw: st.DrawFn) -> Document:
    text = draw(texts)
    layers: dict[str, list[Any]] = {}
    names = st.sampled_from(["sentences", "entities", "quotes"]) | texts
    for name in draw(st.lists(names, max_size=3, unique=True)):
        spans = []
        for _ in range(draw(st.integers(0, 4))):
            start = draw(st.integers(0, len(text)))
            end = draw(st.integers(start, len(text)))
            spans.append(
                make_span(
                    text,
                    start,
                    end,
                    draw(texts),
                    score=draw(st.none() | st.floats(allow_nan=False, allow_infinity=False)),
                    attrs=draw(attrs_st),
                    producer=draw(texts),
                )
            )
        layers[name] = spans
    related = draw(st.lists(st.fixed_dictionaries({"title": texts, "url": opt_texts}), max_size=2))
    meta = Meta(
        title=draw(opt_texts),
        authors=tuple(draw(st.lists(texts, max_size=3))),
        published=draw(opt_texts),
        outlet=draw(opt_texts),
        url=draw(opt_texts),
        language=draw(opt_texts),
        translated_from=draw(opt_texts),
        related=tuple(related),
        extra=draw(attrs_st),
    )
    rng = draw(st.none() | st.tuples(st.integers(0, 50), st.integers(50, 100)))
    source = Source(
        origin=draw(texts),
        format=draw(st.sampled_from(["txt", "md", "html", "jsonl", "feed"])),
        locator=draw(opt_texts),
        encoding=draw(opt_texts),
        content_hash=draw(opt_texts),
        range=rng,
    )
    doc_id = draw(ids)
    return Document(
        id=doc_id,
        text=text,
        meta=meta,
        source=source,
        parent_id=draw(st.none() | ids.filter(lambda p: p != doc_id)),
        layers={k: tuple(v) for k, v in layers.items()},
    )


_counter = itertools.count()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(original=documents())
def test_roundtrip_property(tmp_path: Path, original: Document) -> None:
    assert Document.from_json(original.to_json()) == original
    with Store(tmp_path / "prop.db") as store:
        content_hash = f"h{next(_counter)}"
        store.put_input(content_hash, original.source.origin, "v1", [original])
        got = store.get(original.id)
        assert got == original
        assert store.docs_for_input(content_hash, "v1") == [original]
        for spans in got.layers.values():
            for s in spans:
                assert 0 <= s.start <= s.end <= len(got.text)
                assert got.text_of(s) == original.text[s.start : s.end]
        rows = list(store.span_rows(doc_id=original.id))
        assert len(rows) == sum(len(v) for v in original.layers.values())


# -- basic behaviour ----------------------------------------------------------------------------
def test_put_get_skip_and_replace(store: Store) -> None:
    a, b = doc("a", "First text."), doc("b", "Second text.")
    assert not store.is_done("h1", "v1")
    store.put_input("h1", "one.txt", "v1", [a, b])
    assert store.is_done("h1", "v1") and not store.is_done("h1", "v2")
    assert store.count() == 2 and store.get("a") == a
    # same bytes, same pipeline: the new documents replace the old ones
    c = doc("c", "Third text.")
    store.put_input("h1", "one.txt", "v1", [c])
    assert [d.id for d in store.documents()] == ["c"]
    # a new pipeline version replaces the input too
    store.put_input("h1", "one.txt", "v2", [a])
    assert store.docs_for_input("h1", "v1") == [] and store.docs_for_input("h1", "v2") == [a]
    assert not store.is_done("h1", "v1")
    assert [r["content_hash"] for r in store.inputs()] == ["h1"]
    assert list(store.span_rows(doc_id="c")) == []
    assert store.search("third") == [] and [h.doc_id for h in store.search("first")] == ["a"]
    assert store.integrity_check() == []


def test_document_taken_over_by_newer_input_removes_old_input(store: Store) -> None:
    store.put_input("old", "page.html", "v1", [doc("p", "Same text."), doc("q", "Only old.")])
    store.put_input("new", "page.html", "v1", [doc("p", "Same text.")])
    assert not store.is_done("old", "v1") and store.is_done("new", "v1")
    assert [d.id for d in store.documents()] == ["p"]


def test_parents_first_and_documents_by_id(store: Store) -> None:
    parent = doc("parent", "One. Two.")
    child = doc("child", "Two.", parent_id="parent")
    store.put_input("h", "x", "v1", [child, parent])
    assert [d.id for d in store.documents()] == ["parent", "child"]
    assert [d.id for d in store.documents(["child", "parent"])] == ["child", "parent"]
    with pytest.raises(StoreError, match="no document with id 'nope'"):
        list(store.documents(["child", "nope"]))


def test_duplicate_ids_in_one_input(store: Store) -> None:
    with pytest.raises(StoreError, match="same id"):
        store.put_input("h", "x", "v1", [doc("a", "x"), doc("a", "y")])
    assert store.count() == 0


def test_get_missing_names_the_fix(store: Store) -> None:
    store.put_input("h", "x", "v1", [doc("d0123456789", "text")])
    with pytest.raises(StoreError, match="presslens search") as err:
        store.get("d0123")
    assert "d0123456789" in str(err.value)


def test_atomic_rolls_back(store: Store) -> None:
    with pytest.raises(RuntimeError), store.atomic():
        store.put_input("h1", "x", "v1", [doc("a", "A.")])
        raise RuntimeError("boom")
    assert store.count() == 0 and not store.is_done("h1", "v1")
    with store.atomic():
        store.put_input("h1", "x", "v1", [doc("a", "A.")])
        with pytest.raises(RuntimeError), store.atomic():
            store.put_input("h2", "y", "v1", [doc("b", "B.")])
            raise RuntimeError("inner")
    assert [d.id for d in store.documents()] == ["a"]


def test_runs_rejections_corpus(store: Store) -> None:
    run = store.begin_run("v1", ["a.txt", "b.txt"])
    store.put_rejection("b.txt", "empty after extraction", run, "hb")
    store.put_rejection("c.txt", "not UTF-8", None)
    store.finish_run(run, "done", {"ok": 1, "rejected": 1})
    assert [r["origin"] for r in store.rejections()] == ["b.txt", "c.txt"]
    assert store.rejections(run) == [
        {**store.rejections()[0], "reason": "empty after extraction", "content_hash": "hb"}
    ]
    [info] = store.runs()
    assert info["status"] == "done" and info["counts"] == {"ok": 1, "rejected": 1}
    assert info["inputs"] == ["a.txt", "b.txt"]
    with pytest.raises(StoreError, match="no run 99"):
        store.finish_run(99, "done", {})
    value = {"passages": [{"docs": ["a", "b"], "text": "même"}], "n": 2}
    store.put_corpus("reuse", value)
    assert store.get_corpus("reuse") == value and store.get_corpus("nothing") is None
    store.put_corpus("reuse", [1])
    assert store.get_corpus("reuse") == [1] and store.corpus_keys() == ["reuse"]
    with pytest.raises(StoreError, match="not JSON-serializable"):
        store.put_corpus("bad", {"x": object()})


def test_search_ranking_snippets_and_bad_queries(store: Store) -> None:
    store.put_input(
        "h",
        "x",
        "v1",
        [
            doc("weak", "A long text about the weather, and once the election.", "Weather"),
            doc("strong", "The election was won. Election night surprised.", "Election results"),
            doc("none", "Nothing relevant here.", "Other"),
        ],
    )
    hits = store.search("election")
    assert [h.doc_id for h in hits] == ["strong", "weak"]
    assert hits[0].score > hits[1].score and isinstance(hits[0], SearchHit)
    assert "[Election]" in hits[0].snippet
    assert "<b>election</b>" in store.search("election", marks=("<b>", "</b>"))[1].snippet
    assert [h.doc_id for h in store.search("elect*", limit=1)] == ["strong"]
    assert store.search("election NOT night")[0].doc_id == "weak"
    # not valid FTS5: searched as plain words instead of failing
    assert [h.doc_id for h in store.search("weather, election")] == ["weak"]
    assert [h.doc_id for h in store.search('"election night')] == ["strong"]
    assert store.search("don't C++ (") == []
    with pytest.raises(StoreError, match="empty"):
        store.search("   ")


# -- opening ------------------------------------------------------------------------------------
def test_open_errors(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 10)
    with pytest.raises(StoreError, match="not a SQLite database"):
        Store(junk)
    with pytest.raises(StoreError, match="is a folder"):
        Store(tmp_path)
    with pytest.raises(StoreError, match="no store at"):
        Store(tmp_path / "missing.db", readonly=True)
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "no" / "dir.db")
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(StoreError, match="not a presslens store"):
        Store(other)


def test_file_settings(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store(path) as s:
        conn = s._c
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 10_000
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert raw.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
            STORE_SCHEMA_VERSION,
        )
    raw.close()
    with Store(path, durable=True) as s:
        assert s._c.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_surrogates_in_text_are_kept_but_not_in_ids(store: Store) -> None:
    d = doc("a", "caf\udce9 and \U0001f600 news", title="t\ud800")
    store.put_input("h", "x\udc80", "v1", [d])
    assert store.get("a") == d
    assert [h.doc_id for h in store.search("news")] == ["a"]
    assert store.inputs()[0]["origin"] == "x\ufffd"
    with pytest.raises(StoreError, match="lone surrogates"):
        store.put_input("h2", "y", "v1", [doc("b\ud800", "B.")])


def test_in_memory_store() -> None:
    with Store(":memory:") as s:
        s.put_input("h", "x", "v1", [doc("a", "Some words.")])
        assert s.count() == 1 and s.search("words")[0].doc_id == "a"
    assert not Path(":memory:").exists()
    with pytest.raises(StoreError, match="in-memory"):
        Store(":memory:", readonly=True)


def test_unknown_schema_major(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = '99.0' WHERE key = 'schema_version'")
    conn.close()
    with pytest.raises(StoreError, match=r"schema version 99\.0.*presslens analyze"):
        Store(path)


def test_readonly_and_closed(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store(path) as s:
        s.put_input("h", "x", "v1", [doc("a", "A.")])
    with Store.open(path, readonly=True) as ro:
        assert ro.get("a").text == "A."
        with pytest.raises(StoreError, match="read-only"):
            ro.put_input("h2", "y", "v1", [doc("b", "B.")])
    with pytest.raises(StoreError, match="closed"):
        ro.count()


# -- concurrency --------------------------------------------------------------------------------
def test_reader_reads_while_writer_writes(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store(path) as w, Store(path, readonly=True) as r:
        w.put_input("h1", "x", "v1", [doc("a", "A.")])
        with w.atomic():
            w.put_input("h2", "y", "v1", [doc("b", "B.")])
            # another connection sees the last commit, without waiting
            assert r.count() == 1 and r.get("a").text == "A." and not r.is_done("h2", "v1")
            # and so does another process
            code = textwrap.dedent(
                f"""
                from presslens.store import Store
                with Store({str(path)!r}, readonly=True, timeout=1) as s:
                    print(s.count(), [d.id for d in s.documents()])
                """
            )
            out = subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, timeout=30
            )
            assert out.returncode == 0, out.stderr
            assert out.stdout.split("\n")[0] == "1 ['a']"
            # a second writer waits for the lock, then gives up with a clear message
            with Store(path, timeout=0.2) as w2, pytest.raises(StoreError, match="another process"):
                w2.put_input("h3", "z", "v1", [doc("c", "C.")])
        assert r.count() == 2


# -- crash safety and resume ---------------------------------------------------------------------
def _expected(n: int) -> list[dict[str, Any]]:
    return [d.to_dict() for i in range(n) for d in writer.build_input(i)[2]]


def _check_consistent(path: Path) -> int:
    """Assert that the store is sound and every stored input is complete; return how many."""
    with Store(path, readonly=True) as s:
        assert s.integrity_check() == []
        done = s.inputs()
        for k, row in enumerate(done):
            content_hash, origin, docs = writer.build_input(k)
            assert row["content_hash"] == content_hash and row["origin"] == origin
            assert s.docs_for_input(content_hash, PV) == docs
        assert s.count() == 3 * len(done)
        assert len(list(s.span_rows())) == sum(
            len(sp)
            for k in range(len(done))
            for d in writer.build_input(k)[2]
            for sp in d.layers.values()
        )
        return len(done)


def _run_writer(path: Path, n: int, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, WRITER, str(path), str(n), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _read_until(proc: subprocess.Popen[str], prefix: str) -> list[str]:
    lines = []
    assert proc.stdout is not None
    for line in proc.stdout:
        lines.append(line.strip())
        if line.startswith(prefix):
            return lines
    raise AssertionError(f"writer ended before {prefix!r}: {proc.stderr and proc.stderr.read()}")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_sigkill_mid_transaction_then_resume(tmp_path: Path) -> None:
    path, n, hold = tmp_path / "killed.db", 30, 12
    proc = _run_writer(path, n, "--hold", str(hold))
    _read_until(proc, f"hold {hold}")  # input 12 is written but not committed
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    assert _check_consistent(path) == hold  # 0..11 complete, 12 absent
    with Store(path, readonly=True) as s:
        assert [r["status"] for r in s.runs()] == ["running"]

    resumed = subprocess.run(
        [sys.executable, WRITER, str(path), str(n)], capture_output=True, text=True, timeout=60
    )
    assert resumed.returncode == 0, resumed.stderr
    assert resumed.stdout.count("skip") == hold and resumed.stdout.count("done") == n - hold

    clean = tmp_path / "clean.db"
    writer.write(str(clean), n)
    with Store(path, readonly=True) as s, Store(clean, readonly=True) as c:
        assert [d.to_dict() for d in s.documents()] == [d.to_dict() for d in c.documents()]
        assert [d.to_dict() for d in s.documents()] == _expected(n)
        assert list(s.span_rows()) == list(c.span_rows())
        assert [r["status"] for r in s.runs()] == ["interrupted", "done"]
    assert _check_consistent(path) == n


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
@pytest.mark.parametrize("delay", [0.0, 0.05, 0.15])
def test_sigkill_at_arbitrary_moment(tmp_path: Path, delay: float) -> None:
    path, n = tmp_path / "killed.db", 2000
    proc = _run_writer(path, n)
    _read_until(proc, "done 5")
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    done = _check_consistent(path)
    assert done >= 6
    # resume a slice in-process: the done inputs are skipped, the rest written as a clean run would
    writer.write(str(path), done + 5)
    assert _check_consistent(path) == done + 5
    with Store(path, readonly=True) as s:
        assert [d.to_dict() for d in s.documents()] == _expected(done + 5)


# -- sentence vectors (a cache kept between runs) -------------------------------------------------
def test_vectors_round_trip_and_first_write_wins(store: Store) -> None:
    assert store.get_vectors("m", ["a"]) == {}  # nothing stored yet: nothing, no error
    store.put_vectors("m", [("a", b"\x01\x02"), ("b", b"\x03")])
    store.put_vectors("m", [("a", b"\xff")])
    store.put_vectors("other", [("a", b"\x09")])
    assert store.get_vectors("m", ["a", "b", "c"]) == {"a": b"\x01\x02", "b": b"\x03"}
    assert store.get_vectors("other", ["a"]) == {"a": b"\x09"}
    keys = [f"k{i}" for i in range(600)]  # more than one query batch
    store.put_vectors("m", [(k, k.encode()) for k in keys])
    assert len(store.get_vectors("m", keys)) == 600


def test_vectors_need_a_writable_store(tmp_path: Path) -> None:
    Store(tmp_path / "s.db").close()
    with Store(tmp_path / "s.db", readonly=True) as ro:
        assert ro.get_vectors("m", ["a"]) == {}
        with pytest.raises(StoreError, match="read-only"):
            ro.put_vectors("m", [("a", b"x")])


# -- migrations -----------------------------------------------------------------------------------
OLD_STORE = Path(__file__).parent / "fixtures" / "store-1.0.sql"


def _old_store(path: Path, *, with_vectors: bool = False) -> Path:
    """A store as presslens 0.1 made it (schema 1.0, no migrations table)."""
    conn = sqlite3.connect(path)
    conn.executescript(OLD_STORE.read_text(encoding="utf-8"))
    if with_vectors:  # made by its first put_vectors, lazily
        conn.execute(
            "CREATE TABLE vectors (model TEXT NOT NULL, key TEXT NOT NULL, "
            "data BLOB NOT NULL, PRIMARY KEY (model, key))"
        )
        conn.execute("INSERT INTO vectors VALUES ('m', 'a', x'0102')")
        conn.commit()
    conn.close()
    return path


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as raw:
        names = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    raw.close()
    return names


def test_an_old_store_is_migrated_on_open(tmp_path: Path) -> None:
    path = _old_store(tmp_path / "old.db")
    assert not {"migrations", "vectors"} & _tables(path)
    with Store(path) as s:
        assert [name for name, _ in s.applied_migrations()] == [m.name for m in MIGRATIONS]
        assert s.is_done("h-old", "v1")  # what it held is still there
        assert s.get_vectors("m", ["a"]) == {}
        s.put_vectors("m", [("a", b"\x01")])
        assert s.get_vectors("m", ["a"]) == {"a": b"\x01"}
        s.put_input("h", "x", "v1", [doc("a", "A.")])
    assert {"migrations", "vectors"} <= _tables(path)
    with sqlite3.connect(path) as raw:
        version = raw.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    raw.close()
    assert version == (STORE_SCHEMA_VERSION,)


def test_migrations_run_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _old_store(tmp_path / "old.db", with_vectors=True)
    calls: list[str] = []

    def counted(conn: sqlite3.Connection) -> None:
        calls.append("0002")
        conn.execute("CREATE TABLE extra (x INTEGER)")  # fails if run twice

    extra = Migration("0002_test_extra", counted)
    monkeypatch.setattr("presslens.store.MIGRATIONS", (*MIGRATIONS, extra))
    with Store(path) as s:
        first = s.applied_migrations()
        assert s.get_vectors("m", ["a"]) == {"a": b"\x01\x02"}  # the lazily made table is kept
    for _ in range(2):
        with Store(path) as s:
            assert s.applied_migrations() == first
    assert calls == ["0002"]
    assert [name for name, _ in first] == ["0001_vectors", "0002_test_extra"]
    # a new store starts with every migration applied
    with Store(tmp_path / "new.db") as s:
        assert [name for name, _ in s.applied_migrations()] == ["0001_vectors", "0002_test_extra"]


def test_a_read_only_open_leaves_an_old_store_as_it_is(tmp_path: Path) -> None:
    path = _old_store(tmp_path / "old.db")
    with Store(path, readonly=True) as ro:
        assert ro.applied_migrations() == [] and ro.get_vectors("m", ["a"]) == {}
        assert ro.is_done("h-old", "v1")
    assert "migrations" not in _tables(path)


def test_a_failing_migration_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _old_store(tmp_path / "old.db")
    broken = Migration("0002_broken", ("CREATE TABLE half (x INTEGER)", "NOT SQL AT ALL"))
    monkeypatch.setattr("presslens.store.MIGRATIONS", (*MIGRATIONS, broken))
    with pytest.raises(StoreError, match="migrating the store"):
        Store(path)
    assert not {"migrations", "vectors", "half"} & _tables(path)


class _FailingRollback:
    """A connection whose ROLLBACK statements fail, as they can on a broken disk."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if sql.startswith("ROLLBACK"):
            raise sqlite3.OperationalError("disk I/O error (simulated)")
        return self._conn.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def test_a_failing_rollback_keeps_the_original_exception(store: Store) -> None:
    real = store._conn
    assert real is not None
    store._conn = _FailingRollback(real)  # type: ignore[assignment]
    try:
        with pytest.raises(RuntimeError, match="the original") as info, store.atomic():
            store._c.execute("INSERT INTO meta VALUES ('k', 'v')")
            raise RuntimeError("the original")
    finally:
        store._conn = real
    assert "rolling back the transaction failed too" in "".join(info.value.__notes__)
    real.execute("ROLLBACK")


def test_a_failing_savepoint_rollback_keeps_the_original_and_undoes_the_whole(
    store: Store,
) -> None:
    real = store._conn
    assert real is not None
    with pytest.raises(StoreError, match="whole transaction was rolled back"), store.atomic():
        store.put_input("h1", "x", "v1", [doc("a", "A.")])
        store._conn = _FailingRollback(real)  # type: ignore[assignment]
        try:
            with pytest.raises(RuntimeError, match="inner") as info, store.atomic():
                raise RuntimeError("inner")
        finally:
            store._conn = real
        assert "rolling back the savepoint failed too" in "".join(info.value.__notes__)
    assert store.count() == 0 and not store.is_done("h1", "v1")
    store.put_input("h2", "y", "v1", [doc("b", "B.")])  # the store goes on working
    assert store.count() == 1
