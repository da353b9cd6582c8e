"""The embedded store: one SQLite file with documents, spans, runs, rejections, corpus results.

No server: the standard library's :mod:`sqlite3` in WAL mode, so readers (the report, the web UI,
``presslens search``) can read while a run writes. Every input is written in one transaction
(:meth:`Store.put_input`), so a run killed at any moment leaves each input either fully present,
with all its documents and spans, or absent; re-running skips inputs already stored under the same
``(content_hash, pipeline_version)``. See ``docs/store.md`` for the tables and the reasoning.

The canonical form of a document is its JSON (:meth:`presslens.model.Document.to_json`) in
``documents.json``; the ``spans`` table and the ``fts`` full-text index are derived copies for
querying, rebuilt whenever an input is written again.
"""

from __future__ import annotations

import json
import os
import re
import socket
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .errors import ModelError, StoreError
from .model import Document

__all__ = [
    "APPLICATION_ID",
    "MIGRATIONS",
    "STORE_SCHEMA_VERSION",
    "Migration",
    "SearchHit",
    "Store",
]

STORE_SCHEMA_VERSION = "1.1"
"""Version of the table layout. Minor bumps only add; a different major cannot be read. 1.0 is
the layout of :data:`_SCHEMA`; 1.1 records its :data:`MIGRATIONS` in the ``migrations`` table."""

APPLICATION_ID = 0x50524C4E
"""``PRAGMA application_id`` of presslens stores (ASCII ``PRLN``), so ``file`` can tell them."""

_SQLITE_MAGIC = b"SQLite format 3\x00"
_SURROGATE = re.compile("[\ud800-\udfff]")
_BATCH = 256
_QUERY_ERROR = re.compile(r"fts5|syntax error|unterminated|no such column|unknown special", re.I)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    id               INTEGER PRIMARY KEY,
    started          TEXT NOT NULL,
    finished         TEXT,
    status           TEXT NOT NULL,
    pipeline_version TEXT NOT NULL,
    inputs           TEXT NOT NULL DEFAULT '[]',
    counts           TEXT NOT NULL DEFAULT '{}',
    pid              INTEGER,
    host             TEXT
);
CREATE TABLE IF NOT EXISTS inputs (
    content_hash     TEXT PRIMARY KEY,
    pipeline_version TEXT NOT NULL,
    origin           TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'done',
    run_id           INTEGER REFERENCES runs(id) ON DELETE SET NULL,
    added            TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    parent_id  TEXT,
    input_hash TEXT NOT NULL REFERENCES inputs(content_hash) ON DELETE CASCADE,
    origin     TEXT,
    title      TEXT,
    published  TEXT,
    language   TEXT,
    outlet     TEXT,
    n_chars    INTEGER NOT NULL,
    json       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_input ON documents(input_hash);
CREATE INDEX IF NOT EXISTS documents_parent ON documents(parent_id);
CREATE TABLE IF NOT EXISTS spans (
    doc_id   TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    layer    TEXT NOT NULL,
    start    INTEGER NOT NULL,
    "end"    INTEGER NOT NULL,
    label    TEXT NOT NULL,
    score    REAL,
    producer TEXT NOT NULL,
    attrs    TEXT
);
CREATE INDEX IF NOT EXISTS spans_doc ON spans(doc_id, layer);
CREATE INDEX IF NOT EXISTS spans_layer ON spans(layer, label);
CREATE TABLE IF NOT EXISTS rejections (
    id           INTEGER PRIMARY KEY,
    run_id       INTEGER REFERENCES runs(id) ON DELETE SET NULL,
    origin       TEXT NOT NULL,
    reason       TEXT NOT NULL,
    content_hash TEXT,
    at           TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS rejections_run ON rejections(run_id);
CREATE TABLE IF NOT EXISTS corpus (
    key     TEXT PRIMARY KEY,
    json    TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    title, text, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS documents_fts_delete AFTER DELETE ON documents BEGIN
    DELETE FROM fts WHERE rowid = old.seq;
END;
"""


@dataclass(frozen=True, slots=True)
class Migration:
    """One named change to the table layout, applied once per store, in the order of
    :data:`MIGRATIONS`, inside the transaction that records it in the ``migrations`` table.

    ``change`` is one SQL statement, several, or a function of the connection (for changes
    that move data). Never rename or reorder an applied migration: add a new one.
    """

    name: str
    change: str | tuple[str, ...] | Callable[[sqlite3.Connection], None]

    def apply(self, conn: sqlite3.Connection) -> None:
        if callable(self.change):
            self.change(conn)
            return
        for statement in (self.change,) if isinstance(self.change, str) else self.change:
            conn.execute(statement)


MIGRATIONS: tuple[Migration, ...] = (
    # A cache of sentence vectors (keyed by encoder and text hash; see put_vectors). Stores of
    # presslens 0.1 created it on first use, hence IF NOT EXISTS.
    Migration(
        "0001_vectors",
        "CREATE TABLE IF NOT EXISTS vectors (model TEXT NOT NULL, key TEXT NOT NULL, "
        "data BLOB NOT NULL, PRIMARY KEY (model, key))",
    ),
)
"""The migrations since the 1.0 layout, in order; add one at the end (docs/store.md)."""

_BASE_VERSION = "1.0"
"""The version of the :data:`_SCHEMA` layout, before any migration."""

_MIGRATIONS_TABLE = (
    "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
)


def _version(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.split("."))
    except ValueError:
        return (0,)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One full-text match: ``score`` is the negated bm25 rank, so higher is better."""

    doc_id: str
    title: str | None
    snippet: str
    score: float


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _safe(value: Any) -> str | None:
    """``value`` with lone surrogates (not encodable as UTF-8) replaced by U+FFFD.

    One code point for one, so offsets into the text stay valid. Used for the derived columns
    only; the canonical JSON keeps surrogates exactly (as ``\\udXXX`` escapes).
    """
    if value is None:
        return None
    value = str(value)
    if not _SURROGATE.search(value):
        return value
    return _SURROGATE.sub("\ufffd", value)


def _dumps(value: Any, *, allow_nan: bool = False) -> str:
    """Compact JSON, non-ASCII kept as is unless the text holds lone surrogates (then escaped)."""
    raw = json.dumps(value, ensure_ascii=False, allow_nan=allow_nan, separators=(",", ":"))
    if _SURROGATE.search(raw):
        raw = json.dumps(value, ensure_ascii=True, allow_nan=allow_nan, separators=(",", ":"))
    return raw


def _doc_json(doc: Document) -> str:
    raw = doc.to_json()
    return raw if not _SURROGATE.search(raw) else json.dumps(doc.to_dict(), ensure_ascii=True)


def _phrase_query(query: str) -> str:
    """Each whitespace-separated word as an FTS5 string: punctuation loses its query meaning."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in query.split())


def _parents_first(docs: Sequence[Document]) -> list[Document]:
    """``docs`` in their given order, except that a child given before its parent moves to just
    after it. Documents caught in a parent cycle (the model allows them) go last, in order."""
    ids = {d.id for d in docs}
    placed: set[str] = set()
    waiting: dict[str, list[Document]] = {}  # parent id -> children given before it
    out: list[Document] = []

    def place(doc: Document) -> None:
        stack = [doc]
        while stack:
            d = stack.pop()
            out.append(d)
            placed.add(d.id)
            stack.extend(reversed(waiting.pop(d.id, [])))

    for d in docs:
        if d.parent_id in ids and d.parent_id not in placed:
            waiting.setdefault(d.parent_id, []).append(d)
        else:
            place(d)
    rest = {id(d) for kids in waiting.values() for d in kids}
    out.extend(d for d in docs if id(d) in rest)
    return out


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


class Store:
    """A presslens store in one SQLite file (created on first open unless ``readonly``).

    ``timeout`` is how many seconds a write waits for another writer before giving up; readers
    never wait for writers (WAL). ``durable=True`` makes every commit survive a power loss
    (``synchronous=FULL``) at the cost of an fsync per input; the default survives any crash of
    the process, which is what resuming relies on. Use as a context manager or call
    :meth:`close`. A store object belongs to one thread. ``":memory:"`` gives a private
    in-memory store that vanishes on close (for tests and one-off analyses).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        readonly: bool = False,
        timeout: float = 10.0,
        durable: bool = False,
    ) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self.timeout = timeout
        self._conn: sqlite3.Connection | None = None
        self._savepoints = 0
        self._needs_rollback = False
        memory = str(path) == ":memory:"
        if memory and readonly:
            raise StoreError("an in-memory store cannot be opened read-only; give a file path")
        if not memory:
            self._check_path()
        try:
            if readonly:
                uri = f"{self.path.resolve().as_uri()}?mode=ro"
                conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
            else:
                conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise self._translate(exc, "opening the store") from exc
        self._conn = conn
        try:
            self._setup(durable)
        except BaseException:
            conn.close()
            self._conn = None
            raise

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, readonly: bool = False) -> Store:
        """Open (or create) the store at ``path``."""
        return cls(path, readonly=readonly)

    # -- opening ------------------------------------------------------------------------------
    def _check_path(self) -> None:
        path = self.path
        if path.is_dir():
            raise StoreError(
                f"{path} is a folder; give the path of a store file, e.g. {path / 'presslens.db'}"
            )
        if not path.exists():
            if self.readonly:
                raise StoreError(
                    f"there is no store at {path}; write one first with "
                    f"`presslens analyze INPUT --db {path}`, or check the path"
                )
            if not path.parent.is_dir():
                raise StoreError(
                    f"cannot create the store {path}: the folder {path.parent} does not exist; "
                    "create it first"
                )
            return
        try:
            with path.open("rb") as fh:
                head = fh.read(len(_SQLITE_MAGIC))
        except OSError as exc:
            raise StoreError(f"cannot read the store {path}: {exc}; check permissions") from exc
        if head and head != _SQLITE_MAGIC:
            raise StoreError(
                f"{path} is not a presslens store (not a SQLite database file); "
                "give the path of a store, or a new path to create one"
            )

    def _setup(self, durable: bool) -> None:
        conn = self._c
        with self._guard("opening the store"):
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            if not self.readonly:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute(f"PRAGMA synchronous = {'FULL' if durable else 'NORMAL'}")
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "meta" not in tables:
            if tables or self.readonly:
                raise StoreError(
                    f"{self.path} is a SQLite database but not a presslens store (it has no "
                    "'meta' table); give the path of a store, or a new path to create one"
                )
            self._create_schema()
            self._migrate()
            return
        with self._guard("reading the store's schema version"):
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        version = row[0] if row else "?"
        if version.split(".")[0] != STORE_SCHEMA_VERSION.split(".")[0]:
            raise StoreError(
                f"the store {self.path} has schema version {version}, but this presslens reads "
                f"store schema {STORE_SCHEMA_VERSION.split('.')[0]}.x. Open it with the presslens "
                "version that wrote it, or rebuild it: run `presslens analyze INPUT --db "
                "NEW_PATH` on the same inputs"
            )
        self._migrate()

    def _create_schema(self) -> None:
        self._writable()
        conn = self._c
        # executescript() commits any open transaction first, so the script carries its own;
        # BEGIN IMMEDIATE makes two processes creating the same store take turns.
        script = (
            f"BEGIN IMMEDIATE; PRAGMA application_id = {APPLICATION_ID};{_SCHEMA}"
            "INSERT OR IGNORE INTO meta(key, value) VALUES "
            f"('schema_version', '{_BASE_VERSION}'), ('created', '{_now()}'); COMMIT;"
        )
        try:
            with self._guard("creating the store"):
                conn.executescript(script)
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")

    def applied_migrations(self) -> list[tuple[str, str]]:
        """``(name, applied_at)`` of the migrations this store has, in the order applied."""
        with self._guard("reading the store's migrations"):
            if not self._has_table("migrations"):
                return []
            rows = self._c.execute("SELECT name, applied_at FROM migrations ORDER BY rowid")
            return [(r[0], r[1]) for r in rows]

    def _pending(self) -> list[Migration]:
        done = {name for name, _ in self.applied_migrations()}
        return [m for m in MIGRATIONS if m.name not in done]

    def _migrate(self) -> None:
        """Apply the missing :data:`MIGRATIONS`, all in one transaction (a store opened
        read-only is left as it is; its readers cope with what is missing)."""
        if self.readonly or not self._pending():
            return
        conn = self._c
        with self.atomic(), self._guard("migrating the store to the current layout"):
            conn.execute(_MIGRATIONS_TABLE)
            for migration in self._pending():  # again: another process may have migrated
                migration.apply(conn)
                conn.execute(
                    "INSERT INTO migrations(name, applied_at) VALUES (?, ?)",
                    (migration.name, _now()),
                )
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is None or _version(row[0]) < _version(STORE_SCHEMA_VERSION):
                conn.execute(
                    "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)",
                    (STORE_SCHEMA_VERSION,),
                )

    def _has_table(self, name: str) -> bool:
        row = self._c.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        return row is not None

    # -- plumbing -----------------------------------------------------------------------------
    @property
    def _c(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"the store {self.path} is closed; open it again with Store.open()")
        return self._conn

    def _translate(self, exc: Exception, action: str) -> StoreError:
        """A :class:`StoreError` for a foreign exception, saying how to fix it."""
        msg = str(exc)
        low = msg.lower()
        where = f"the store {self.path}"
        if isinstance(exc, UnicodeEncodeError):
            fix = "a value holds lone surrogates that UTF-8 cannot encode; clean the value"
        elif "locked" in low or "busy" in low:
            fix = (
                f"another process is writing to it (waited {self.timeout:g} s); wait for the "
                "other run to finish, or open the store with a longer timeout"
            )
        elif "readonly" in low or "read-only" in low:
            fix = "it is read-only; open it without readonly=True and check file permissions"
        elif "not a database" in low:
            fix = "it is not a SQLite database; give the path of a store or a new path"
        elif "malformed" in low or "corrupt" in low:
            fix = (
                "the file is damaged; check it with `sqlite3 PATH 'PRAGMA integrity_check'` "
                "and rebuild it by running `presslens analyze` into a new store"
            )
        elif "disk is full" in low or "disk i/o" in low:
            fix = (
                "the disk is full or failing; free some space and run again (done inputs are kept)"
            )
        elif "unable to open" in low:
            fix = "check that its folder exists and that you may write there"
        else:
            fix = "this is likely a bug in presslens; please report it with this message"
        return StoreError(f"{action} failed for {where}: {msg}: {fix}")

    @contextmanager
    def _guard(self, action: str) -> Iterator[None]:
        try:
            yield
        except (sqlite3.Error, UnicodeEncodeError) as exc:
            raise self._translate(exc, action) from exc

    def _writable(self) -> None:
        if self.readonly:
            raise StoreError(
                f"the store {self.path} was opened read-only; "
                "open it without readonly=True to write"
            )

    def _load(self, doc_id: str, raw: str) -> Document:
        try:
            return Document.from_json(raw)
        except ModelError as exc:
            raise StoreError(
                f"document {doc_id} in the store {self.path} is unreadable: {exc}"
            ) from exc

    def close(self) -> None:
        """Close the connection (idempotent). Open transactions are rolled back."""
        if self._conn is None:
            return
        conn, self._conn = self._conn, None
        try:
            if not self.readonly:
                conn.execute("PRAGMA optimize")
        except sqlite3.Error:
            pass
        finally:
            conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "readonly" if self.readonly else "rw"
        return f"Store({str(self.path)!r}, {mode}{', closed' if self._conn is None else ''})"

    # -- transactions -------------------------------------------------------------------------
    @contextmanager
    def atomic(self) -> Iterator[None]:
        """One transaction: everything written inside commits together or not at all.

        The outermost block takes the write lock at once (``BEGIN IMMEDIATE``), so it waits up
        to ``timeout`` for another writer instead of failing halfway; nested blocks are
        savepoints that roll back alone when their body raises.

        A failing rollback never hides the exception that caused it (as in Django's and
        sqlite-utils' ``atomic()``): the original exception propagates, with a note saying the
        rollback failed too. When a savepoint cannot be rolled back, the outermost block rolls
        the whole transaction back instead of committing it.
        """
        self._writable()
        conn = self._c
        if conn.in_transaction:
            self._savepoints += 1
            name = f"presslens_{self._savepoints}"
            with self._guard("starting a savepoint"):
                conn.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException as exc:
                try:
                    conn.execute(f"ROLLBACK TO {name}")
                    conn.execute(f"RELEASE {name}")
                except sqlite3.Error as failed:
                    self._needs_rollback = True
                    exc.add_note(f"presslens: rolling back the savepoint failed too: {failed}")
                raise
            else:
                with self._guard("releasing a savepoint"):
                    conn.execute(f"RELEASE {name}")
            finally:
                self._savepoints -= 1
            return
        with self._guard("starting a write transaction"):
            conn.execute("BEGIN IMMEDIATE")
        self._needs_rollback = False
        try:
            yield
            if self._needs_rollback:
                raise StoreError(
                    f"a nested write to the store {self.path} failed and could not be undone "
                    "alone, so the whole transaction was rolled back; run the command again"
                )
            with self._guard("committing"):
                conn.execute("COMMIT")
        except BaseException as exc:
            try:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            except sqlite3.Error as failed:
                exc.add_note(f"presslens: rolling back the transaction failed too: {failed}")
            raise
        finally:
            self._needs_rollback = False

    # -- runs ---------------------------------------------------------------------------------
    def begin_run(self, pipeline_version: str, inputs: Sequence[str]) -> int:
        """Record the start of a run over ``inputs`` and return its id.

        Runs of this host still marked ``running`` whose process is gone (killed, crashed) are
        marked ``interrupted`` first.
        """
        host = socket.gethostname()
        with self.atomic(), self._guard("starting a run"):
            conn = self._c
            if sys.platform != "win32":
                stale = conn.execute(
                    "SELECT id, pid FROM runs WHERE status = 'running' AND host = ?", (host,)
                ).fetchall()
                for run_id, pid in stale:
                    if pid is None or not _pid_alive(int(pid)):
                        conn.execute(
                            "UPDATE runs SET status = 'interrupted' WHERE id = ?", (run_id,)
                        )
            cur = conn.execute(
                "INSERT INTO runs(started, status, pipeline_version, inputs, counts, pid, host) "
                "VALUES (?, 'running', ?, ?, ?, ?, ?)",
                (
                    _now(),
                    pipeline_version,
                    _dumps([_safe(str(i)) for i in inputs]),
                    _dumps({"inputs": len(inputs)}),
                    os.getpid(),
                    host,
                ),
            )
            assert cur.lastrowid is not None
            return int(cur.lastrowid)

    def finish_run(self, run_id: int, status: str, counts: Mapping[str, int]) -> None:
        """Mark run ``run_id`` finished with ``status`` (``done``, ``failed``, ...) and counts."""
        if not status:
            raise StoreError("finish_run needs a status, e.g. 'done' or 'failed'")
        with self.atomic(), self._guard("finishing a run"):
            cur = self._c.execute(
                "UPDATE runs SET finished = ?, status = ?, counts = ? WHERE id = ?",
                (_now(), status, _dumps({str(k): int(v) for k, v in counts.items()}), run_id),
            )
            if cur.rowcount == 0:
                raise StoreError(f"there is no run {run_id} in {self.path}; use begin_run's id")

    def runs(self) -> list[dict[str, Any]]:
        """All runs, oldest first, with ``inputs`` and ``counts`` decoded."""
        with self._guard("listing runs"):
            rows = self._c.execute(
                "SELECT id, started, finished, status, pipeline_version, inputs, counts, pid, host "
                "FROM runs ORDER BY id"
            ).fetchall()
        keys = ("id", "started", "finished", "status", "pipeline_version")
        return [
            {
                **dict(zip(keys, row[:5], strict=True)),
                "inputs": json.loads(row[5]),
                "counts": json.loads(row[6]),
                "pid": row[7],
                "host": row[8],
            }
            for row in rows
        ]

    # -- inputs and documents -----------------------------------------------------------------
    def is_done(self, content_hash: str, pipeline_version: str) -> bool:
        """Whether the input with these bytes is stored, complete, under this pipeline version."""
        with self._guard("looking up an input"):
            row = self._c.execute(
                "SELECT 1 FROM inputs WHERE content_hash = ? AND pipeline_version = ? "
                "AND status = 'done'",
                (content_hash, pipeline_version),
            ).fetchone()
        return row is not None

    def put_input(
        self,
        content_hash: str,
        origin: str,
        pipeline_version: str,
        docs: Sequence[Document],
        run_id: int | None = None,
    ) -> None:
        """Store one input and all its documents in one transaction.

        An input is identified by ``content_hash``: whatever was stored for those bytes before
        (under any pipeline version) is replaced. A document id already stored under another
        input means that input was an earlier version of the same source (ids derive from
        origin and text); that earlier input is removed whole, so no input is ever left half
        present. Parents are written before their children.
        """
        ordered = _parents_first(list(docs))
        ids = [d.id for d in ordered]
        if len(set(ids)) != len(ids):
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            raise StoreError(
                f"input {origin} yields several documents with the same id {dupes}; "
                "ids must be unique (give split articles distinct locators)"
            )
        for doc_id in ids:
            if _SURROGATE.search(doc_id):
                raise StoreError(
                    f"document id {doc_id!r} holds lone surrogates, which cannot be stored; "
                    "make ids with presslens.model.document_id"
                )
        doc_rows = [
            (
                d.id,
                d.parent_id,
                content_hash,
                _safe(d.source.origin),
                _safe(d.meta.title),
                _safe(d.meta.published),
                _safe(d.meta.language),
                _safe(d.meta.outlet),
                len(d.text),
                _doc_json(d),
            )
            for d in ordered
        ]
        fts_texts = [(_safe(d.meta.title) or "", _safe(d.text) or "") for d in ordered]
        span_rows = [
            (
                d.id,
                _safe(layer),
                s.start,
                s.end,
                _safe(s.label),
                s.score,
                _safe(s.producer),
                _dumps(s.to_dict()["attrs"], allow_nan=True) if s.attrs else None,
            )
            for d in ordered
            for layer, spans in d.layers.items()
            for s in spans
        ]
        with self.atomic(), self._guard(f"writing input {origin}"):
            conn = self._c
            conn.execute("DELETE FROM inputs WHERE content_hash = ?", (content_hash,))
            owners: set[str] = set()
            for doc_id in ids:  # one indexed lookup each: json_each() would cut ids at a NUL
                row = conn.execute(
                    "SELECT input_hash FROM documents WHERE id = ?", (doc_id,)
                ).fetchone()
                if row is not None:
                    owners.add(row[0])
            conn.executemany(
                "DELETE FROM inputs WHERE content_hash = ?", [(h,) for h in sorted(owners)]
            )
            conn.execute(
                "INSERT INTO inputs(content_hash, pipeline_version, origin, status, run_id, added) "
                "VALUES (?, ?, ?, 'done', ?, ?)",
                (content_hash, pipeline_version, _safe(origin), run_id, _now()),
            )
            for row, (title, text) in zip(doc_rows, fts_texts, strict=True):
                cur = conn.execute(
                    "INSERT INTO documents(id, parent_id, input_hash, origin, title, published, "
                    "language, outlet, n_chars, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    row,
                )
                conn.execute(
                    "INSERT INTO fts(rowid, title, text) VALUES (?, ?, ?)",
                    (cur.lastrowid, title, text),
                )
            conn.executemany(
                'INSERT INTO spans(doc_id, layer, start, "end", label, score, producer, attrs) '
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                span_rows,
            )

    def remove_input(self, content_hash: str) -> bool:
        """Remove an input with its documents; ``False`` when it was not stored."""
        with self.atomic(), self._guard("removing an input"):
            cur = self._c.execute("DELETE FROM inputs WHERE content_hash = ?", (content_hash,))
            return cur.rowcount > 0

    def inputs(self) -> list[dict[str, Any]]:
        """All stored inputs (oldest first) with their document counts."""
        with self._guard("listing inputs"):
            rows = self._c.execute(
                "SELECT i.content_hash, i.pipeline_version, i.origin, i.status, i.run_id, i.added, "
                "(SELECT count(*) FROM documents d WHERE d.input_hash = i.content_hash) "
                "FROM inputs i ORDER BY i.rowid"
            ).fetchall()
        keys = ("content_hash", "pipeline_version", "origin", "status", "run_id", "added", "n_docs")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def docs_for_input(self, content_hash: str, pipeline_version: str) -> list[Document]:
        """The documents stored for an input under this pipeline version (parents first)."""
        with self._guard("reading an input's documents"):
            rows = self._c.execute(
                "SELECT d.id, d.json FROM documents d JOIN inputs i "
                "ON d.input_hash = i.content_hash "
                "WHERE i.content_hash = ? AND i.pipeline_version = ? ORDER BY d.seq",
                (content_hash, pipeline_version),
            ).fetchall()
        return [self._load(doc_id, raw) for doc_id, raw in rows]

    def get(self, doc_id: str) -> Document:
        """The document with id ``doc_id``; :class:`StoreError` when there is none."""
        with self._guard(f"reading document {doc_id}"):
            row = self._c.execute("SELECT json FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                near = [
                    r[0]
                    for r in self._c.execute(
                        "SELECT id FROM documents WHERE substr(id, 1, length(?)) = ? LIMIT 3",
                        (doc_id, doc_id),
                    )
                ]
        if row is None:
            hint = f" (ids starting so: {', '.join(near)})" if near else ""
            raise StoreError(
                f"no document with id {doc_id!r} in {self.path}{hint}; list ids with "
                "`presslens search QUERY` or export the store with `presslens export`"
            )
        return self._load(doc_id, row[0])

    def documents(self, ids: Iterable[str] | None = None) -> Iterator[Document]:
        """All documents in insertion order (parents before children), or those of ``ids``.

        With ``ids`` the documents come in the order given, and a missing id raises
        :class:`StoreError` like :meth:`get`. Streams; safe on stores larger than memory.
        """
        if ids is not None:
            for doc_id in ids:
                yield self.get(doc_id)
            return
        with self._guard("reading documents"):
            cur = self._c.execute("SELECT id, json FROM documents ORDER BY seq")
            while batch := cur.fetchmany(_BATCH):
                for doc_id, raw in batch:
                    yield self._load(doc_id, raw)

    def count(self) -> int:
        """How many documents the store holds."""
        with self._guard("counting documents"):
            return int(self._c.execute("SELECT count(*) FROM documents").fetchone()[0])

    def span_rows(
        self, layer: str | None = None, label: str | None = None, doc_id: str | None = None
    ) -> Iterator[dict[str, Any]]:
        """Span rows (``doc_id, layer, start, end, label, score, producer, attrs``) matching all
        of the given filters, in storage order; ``attrs`` decoded."""
        clauses, params = [], []
        for column, value in (("layer", layer), ("label", label), ("doc_id", doc_id)):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        keys = ("doc_id", "layer", "start", "end", "label", "score", "producer")
        with self._guard("reading spans"):
            cur = self._c.execute(
                'SELECT doc_id, layer, start, "end", label, score, producer, attrs FROM spans'
                f"{where} ORDER BY rowid",
                params,
            )
            while batch := cur.fetchmany(_BATCH):
                for row in batch:
                    out = dict(zip(keys, row[:7], strict=True))
                    out["attrs"] = json.loads(row[7]) if row[7] else {}
                    yield out

    # -- rejections ---------------------------------------------------------------------------
    def put_rejection(
        self,
        origin: str,
        reason: str,
        run_id: int | None = None,
        content_hash: str | None = None,
    ) -> None:
        """Record that ``origin`` was rejected and why."""
        with self.atomic(), self._guard("recording a rejection"):
            self._c.execute(
                "INSERT INTO rejections(run_id, origin, reason, content_hash, at) "
                "VALUES (?, ?, ?, ?, ?)",
                (run_id, _safe(origin), _safe(reason), content_hash, _now()),
            )

    def rejections(self, run_id: int | None = None) -> list[dict[str, Any]]:
        """Rejections in the order recorded, all or those of one run."""
        sql = "SELECT run_id, origin, reason, content_hash, at FROM rejections"
        params: tuple[Any, ...] = ()
        if run_id is not None:
            sql += " WHERE run_id = ?"
            params = (run_id,)
        with self._guard("listing rejections"):
            rows = self._c.execute(sql + " ORDER BY id", params).fetchall()
        keys = ("run_id", "origin", "reason", "content_hash", "at")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    # -- search -------------------------------------------------------------------------------
    def search(
        self,
        query: str,
        limit: int = 20,
        *,
        marks: tuple[str, str] = ("[", "]"),
        max_chars: int = 512,
        max_terms: int = 32,
        time_limit: float | None = 10.0,
    ) -> list[SearchHit]:
        """Full-text search over titles and texts, best first (bm25, title weighted double).

        ``query`` uses FTS5 syntax (``AND``/``OR``/``NOT``, ``"phrases"``, ``prefix*``,
        ``NEAR(a b)``, ``title:word``). A query that is not valid FTS5 (``don't``, ``C++``,
        an unclosed quote) is searched as its plain words instead, all of them required. The
        snippet marks each match with ``marks``.

        A search is bounded, so that no query keeps a core busy for long: at most ``max_chars``
        characters and ``max_terms`` words (``AND``/``OR``/``NOT``/``NEAR`` do not count), and at
        most ``time_limit`` seconds of SQLite work (checked through the connection's progress
        handler; ``None`` for no limit). Over a bound it raises
        :class:`~presslens.errors.SearchLimitError`, whose message says how to narrow the query.
        """
        import time

        from .errors import SearchLimitError

        if not query.strip():
            raise StoreError("the search query is empty; give one or more words")
        if len(query) > max_chars:
            raise SearchLimitError(
                "length",
                f"the search query is {len(query)} characters long; the limit is {max_chars}: "
                "narrow the query to a few words or phrases",
            )
        terms = [w for w in re.findall(r"\w+", query) if w not in ("AND", "OR", "NOT", "NEAR")]
        if len(terms) > max_terms:
            raise SearchLimitError(
                "terms",
                f"the search query has {len(terms)} terms; the limit is {max_terms}: narrow "
                "the query (fewer words and fewer OR alternatives)",
            )
        sql = (
            "SELECT d.id, d.title, snippet(fts, -1, ?, ?, '…', 16), bm25(fts, 2.0, 1.0) AS rank "
            "FROM fts JOIN documents d ON d.seq = fts.rowid "
            "WHERE fts MATCH ? ORDER BY rank LIMIT ?"
        )
        conn = self._c
        deadline = None if time_limit is None else time.monotonic() + time_limit
        timed_out = False

        def progress() -> int:
            nonlocal timed_out
            if deadline is not None and time.monotonic() > deadline:
                timed_out = True
                return 1  # non-zero: SQLite interrupts the statement
            return 0

        def too_slow() -> SearchLimitError:
            shown = query if len(query) <= 60 else query[:57] + "..."
            return SearchLimitError(
                "time",
                f"the search for {shown!r} took more than {time_limit:g} s and was stopped: "
                "narrow the query (add words, use longer prefixes than 'a*', fewer OR "
                "alternatives)",
            )

        if deadline is not None:
            conn.set_progress_handler(progress, 100)
        try:
            rows = conn.execute(sql, (marks[0], marks[1], _safe(query), limit)).fetchall()
        except sqlite3.OperationalError as exc:
            if timed_out:
                raise too_slow() from exc
            if not _QUERY_ERROR.search(str(exc)):
                raise self._translate(exc, f"searching for {query!r}") from exc
            try:
                rows = conn.execute(
                    sql, (marks[0], marks[1], _phrase_query(_safe(query) or ""), limit)
                ).fetchall()
            except sqlite3.Error as exc2:
                if timed_out:
                    raise too_slow() from exc2
                raise StoreError(
                    f"cannot search for {query!r}: {exc2}; use plain words, or FTS5 syntax "
                    '(word AND other, "a phrase", prefix*)'
                ) from exc2
        except sqlite3.Error as exc:
            if timed_out:
                raise too_slow() from exc
            raise self._translate(exc, f"searching for {query!r}") from exc
        finally:
            if deadline is not None:
                conn.set_progress_handler(None, 0)
        return [
            SearchHit(doc_id, title, snippet, -float(rank)) for doc_id, title, snippet, rank in rows
        ]

    # -- corpus-level results -----------------------------------------------------------------
    def put_corpus(self, key: str, value: Any) -> None:
        """Store a corpus-level result (any JSON value; tuples come back as lists)."""
        try:
            raw = _dumps(value)
        except (TypeError, ValueError) as exc:
            raise StoreError(
                f"corpus result {key!r} is not JSON-serializable ({exc}); convert it to "
                "dicts, lists, strings and finite numbers first"
            ) from exc
        with self.atomic(), self._guard(f"writing corpus result {key}"):
            self._c.execute(
                "INSERT INTO corpus(key, json, updated) VALUES (?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET json = excluded.json, updated = excluded.updated",
                (key, raw, _now()),
            )

    def get_corpus(self, key: str) -> Any | None:
        """The corpus-level result stored under ``key``, or ``None``."""
        with self._guard(f"reading corpus result {key}"):
            row = self._c.execute("SELECT json FROM corpus WHERE key = ?", (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    def corpus_keys(self) -> list[str]:
        """Keys of all stored corpus-level results, sorted."""
        with self._guard("listing corpus results"):
            return [r[0] for r in self._c.execute("SELECT key FROM corpus ORDER BY key")]

    # -- sentence vectors ---------------------------------------------------------------------
    # A cache, not data: rows are keyed by the encoder and a hash of the text, so a rerun does not
    # encode again what an earlier run encoded. The table is migration 0001_vectors; a store
    # from before it, opened read-only, lacks it (and reads no vectors). Deleting its rows loses
    # nothing but time.

    def get_vectors(self, model: str, keys: Sequence[str]) -> dict[str, bytes]:
        """The stored vectors of ``model`` for those of ``keys`` that have one."""
        found: dict[str, bytes] = {}
        with self._guard("reading sentence vectors"):
            if not self._has_table("vectors"):
                return found
            for i in range(0, len(keys), _BATCH):
                chunk = list(keys[i : i + _BATCH])
                marks = ",".join("?" * len(chunk))
                rows = self._c.execute(
                    f"SELECT key, data FROM vectors WHERE model = ? AND key IN ({marks})",
                    [model, *chunk],
                )
                found.update((k, bytes(v)) for k, v in rows)
        return found

    def put_vectors(self, model: str, items: Sequence[tuple[str, bytes]]) -> None:
        """Keep vectors of ``model`` by key (existing keys are left as they are)."""
        if not items:
            return
        with self.atomic(), self._guard("writing sentence vectors"):
            self._c.executemany(
                "INSERT OR IGNORE INTO vectors(model, key, data) VALUES (?, ?, ?)",
                [(model, k, v) for k, v in items],
            )

    # -- maintenance --------------------------------------------------------------------------
    def integrity_check(self) -> list[str]:
        """Problems found by SQLite's integrity and foreign-key checks (empty when sound)."""
        with self._guard("checking integrity"):
            problems = [r[0] for r in self._c.execute("PRAGMA integrity_check") if r[0] != "ok"]
            problems += [f"foreign key: {r}" for r in self._c.execute("PRAGMA foreign_key_check")]
        return problems
