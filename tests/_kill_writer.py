"""Helper for the crash-safety tests in ``test_store.py``: writes many inputs into a store.

Run as ``python _kill_writer.py STORE N [--hold K]``. For each ``i < N`` it writes input ``i``
(a compilation parent with two split children, several span layers) unless it is already done,
and prints ``done i`` after each commit (``skip i`` for done ones). With ``--hold K`` it writes
input ``K`` inside an open transaction, prints ``hold K`` and sleeps, so that the test can kill
it with SIGKILL while that input is half written. :func:`build_input` is imported by the tests to
know what a clean run stores.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time

from presslens.model import Document, Meta, Source, document_id, make_span
from presslens.store import Store

PIPELINE = "test-pipeline/1"
WORDS = ("minister", "claims", "économie", "naïve", "señor", "😀", "वार्ता", "crisis", "vote")


def build_input(i: int) -> tuple[str, str, list[Document]]:
    """Input ``i``: its content hash, origin and documents, the same on every call."""
    origin = f"inputs/{i:04d}.html"
    content_hash = hashlib.sha256(f"input-{i}".encode()).hexdigest()
    paras = [
        " ".join(WORDS[(i + k + j) % len(WORDS)] for j in range(12)) + f" ({i}.{k})."
        for k in range(6)
    ]
    first, second = "\n".join(paras[:3]), "\n".join(paras[3:])
    text = first + "\r\n\r\n" + second
    parent_id = document_id(origin, text)
    parent = Document(
        id=parent_id,
        text=text,
        meta=Meta(title=f"Compilation {i}", outlet="Test Outlet", language="en"),
        source=Source(origin=origin, format="html", content_hash=content_hash),
    )
    docs = [parent]
    start = 0
    for k, part in enumerate((first, second)):
        start = text.index(part, start)
        rng = (start, start + len(part))
        child = Document(
            id=document_id(origin, part, f"part {k}"),
            text=part,
            meta=Meta(title=f"Article {i}.{k}", authors=(f"Author {i % 7}",), language="en"),
            source=Source(origin, "html", f"part {k}", "utf-8", content_hash, rng),
            parent_id=parent_id,
        )
        lines = [(m, m + len(line)) for m, line in _offsets(part)]
        sentences = [make_span(part, a, b, "sentence", producer="sentences.v1") for a, b in lines]
        entities = [
            make_span(
                part,
                a,
                a + 8,
                "ACTOR" if n % 2 else "ORG",
                score=0.5 + n / 100,
                attrs={"actor": f"a{n}", "refs": [n, f"s{n}"]},
                producer="entities.v1",
            )
            for n, (a, _b) in enumerate(lines)
        ]
        child = child.with_layer("sentences", sentences).with_layer("entities", entities)
        docs.append(child)
        start = rng[1]
    return content_hash, origin, docs


def _offsets(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def write(path: str, n: int, hold: int | None = None) -> None:
    """Write inputs ``0..n-1`` into the store at ``path``, skipping those already done."""
    with Store(path) as store:
        run_id = store.begin_run(PIPELINE, [build_input(i)[1] for i in range(n)])
        written = skipped = 0
        for i in range(n):
            content_hash, origin, docs = build_input(i)
            if store.is_done(content_hash, PIPELINE):
                skipped += 1
                print(f"skip {i}", flush=True)
                continue
            if i == hold:
                with store.atomic():
                    store.put_input(content_hash, origin, PIPELINE, docs, run_id)
                    print(f"hold {i}", flush=True)
                    time.sleep(60)
            store.put_input(content_hash, origin, PIPELINE, docs, run_id)
            written += 1
            print(f"done {i}", flush=True)
        store.finish_run(run_id, "done", {"written": written, "skipped": skipped})
    print("finished", flush=True)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point (see the module docstring)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("store")
    parser.add_argument("n", type=int)
    parser.add_argument("--hold", type=int, default=None)
    args = parser.parse_args(argv)
    write(args.store, args.n, args.hold)
    return 0


if __name__ == "__main__":
    sys.exit(main())
