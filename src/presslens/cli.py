"""The ``presslens`` command: a thin layer over the library.

Exit codes:
    0   success
    1   the run finished, but at least one input (or part of one) was rejected
    2   usage error (bad arguments)
    3   presslens error (store, data or model problem); the message says how to fix it
    130 interrupted (Ctrl-C); the store stays consistent and a rerun resumes
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .corpus.scope import add_scope_options, scope_from_args
from .errors import PresslensError
from .evaluate.registry import EVAL_TASKS, TRAIN_TASKS
from .ingest.sources import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS
from .options import add_report_options
from .terminal import printable, printable_json
from .version import __version__

DEFAULT_OUT = "presslens-out"
DEFAULT_DB = f"{DEFAULT_OUT}/presslens.db"

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def _emit(args: argparse.Namespace, data: Any, text: str) -> None:
    """Print ``data`` as JSON (``--json``) or ``text``, with the inputs' control characters
    shown, never obeyed (see :mod:`presslens.terminal`)."""
    if args.json:
        print(printable_json(json.dumps(data, ensure_ascii=False, indent=2)))
    elif not args.quiet:
        print(printable(text, keep_newlines=True))


def _cmd_analyze(args: argparse.Namespace) -> int:
    from .api import analyze

    bar = None
    if not args.quiet and not args.json and sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(desc="analysing", unit="input", file=sys.stderr)

    def progress(origin: str, n_docs: int) -> None:
        if bar is not None:
            bar.update(1)
            bar.set_postfix_str(printable(Path(origin).name[-30:]))

    from .profile import profiling

    with profiling() as prof:
        result = analyze(
            args.inputs,
            out_dir=args.out,
            db=args.db,
            max_bytes=args.max_bytes,
            max_chars=args.max_chars,
            allow_network=args.allow_network,
            progress=progress,
            actor_files=args.actors or (),
            scope=scope_from_args(args),
            layers=_layers(args.layers),
            full_articles=args.full_articles,
            workers=args.workers,
        )
    if bar is not None:
        bar.close()
    if not args.quiet:
        for rej in result.rejections:
            print(printable(f"rejected: {rej.origin}: {rej.reason}"), file=sys.stderr)
        for warn in result.warnings:
            print(printable(f"warning: {warn.origin}: {warn.reason}"), file=sys.stderr)
    summary = result.summary()
    if args.profile:
        summary["profile"] = prof.to_dict()
        if not args.json:
            print(prof.table(), file=sys.stderr)
    lines = [
        f"{summary['documents']} documents from {summary['inputs_analysed']} inputs "
        f"({summary['inputs_skipped_unchanged']} unchanged, skipped); "
        f"{summary['rejected']} rejected; {summary['reused_passages']} reused passages",
        f"outputs in {Path(args.out).resolve()}:",
        *(f"  {name:10s} {path}" for name, path in summary["outputs"].items()),
        f"  {'store':10s} {summary['db']}",
    ]
    _emit(args, summary, "\n".join(lines))
    return EXIT_REJECTED if result.rejections else EXIT_OK


def _layers(value: str | None) -> list[str] | None:
    if not value:
        return None
    return [v.strip() for v in value.split(",") if v.strip()] or None


def _open_store(args: argparse.Namespace) -> Any:
    from .store import Store

    if not Path(args.db).exists():
        raise PresslensError(
            f"no store at {args.db}; run `presslens analyze INPUT --out DIR` first or pass --db"
        )
    return Store(args.db, readonly=True)


def _cmd_search(args: argparse.Namespace) -> int:
    with _open_store(args) as store:
        hits = store.search(args.query, limit=args.limit)
    data = [
        {"id": h.doc_id, "title": h.title, "snippet": h.snippet, "score": h.score} for h in hits
    ]
    text = "\n".join(f"{h.doc_id}  {h.title or '(untitled)'}\n    {h.snippet}" for h in hits)
    _emit(args, data, text or "no matches")
    return EXIT_OK


def _cmd_show(args: argparse.Namespace) -> int:
    with _open_store(args) as store:
        doc = store.get(args.id)
    data = doc.to_dict()
    if not args.text:
        data["text"] = doc.text[:300] + ("…" if len(doc.text) > 300 else "")
    meta = doc.meta
    text = "\n".join(
        [
            f"{doc.id}  {meta.title or '(untitled)'}",
            f"  authors: {', '.join(meta.authors) or '-'}   published: {meta.published or '-'}",
            f"  outlet: {meta.outlet or '-'}   language: {meta.language or '-'}"
            + (f"   translated from: {meta.translated_from}" if meta.translated_from else ""),
            f"  source: {doc.source.origin}"
            + (f" ({doc.source.locator})" if doc.source.locator else ""),
            f"  parent: {doc.parent_id or '-'}",
            "  layers: " + ", ".join(f"{k} ({len(v)})" for k, v in doc.layers.items()),
            "",
            doc.text if args.text else data["text"],
        ]
    )
    _emit(args, data, text)
    return EXIT_OK


def _corpus(args: argparse.Namespace) -> dict[str, Any]:
    with _open_store(args) as store:
        corpus = store.get_corpus("latest")
    return corpus or {}


def _cmd_actors(args: argparse.Namespace) -> int:
    rows = _corpus(args).get("actors", [])[: args.limit]
    for row in rows:
        row.pop("spans", None)
    text = "\n".join(
        f"{r['mentions']:5d}  {r['name']:<32} {r['id']:<34} "
        + ", ".join(f"{s} ({n})" for s, n in sorted(r["sources"].items(), key=lambda x: -x[1]))
        for r in rows
    )
    _emit(args, rows, text or "no actors (run `presslens analyze` first)")
    return EXIT_OK


def _cmd_speakers(args: argparse.Namespace) -> int:
    rows = _corpus(args).get("speakers", [])[: args.limit]
    text = "\n".join(
        f"{r['quotes']:4d}  {r['name']:<36} quoted by "
        + ", ".join(f"{s} ({n})" for s, n in sorted(r["sources"].items(), key=lambda x: -x[1]))
        for r in rows
    )
    _emit(args, rows, text or "no quotes (run `presslens analyze` first)")
    return EXIT_OK


def _cmd_graphs(args: argparse.Namespace) -> int:
    import re

    from .corpus.graphs import compare_sources, source_graphs, to_graphml, to_json

    with _open_store(args) as store:
        graphs = source_graphs(store.documents())
    if args.compare:
        a, b = args.compare
        missing = [s for s in (a, b) if s not in graphs]
        if missing:
            raise PresslensError(
                f"no graph for source(s) {missing}; sources with events: {sorted(graphs)}"
            )
        result = compare_sources(graphs, a, b)
        print(printable_json(json.dumps(result, indent=2, ensure_ascii=False)))
        return EXIT_OK
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for source, graph in sorted(graphs.items()):
        stem = re.sub(r"[^\w.-]+", "_", source).strip("_") or "source"
        to_graphml(graph, out / f"{stem}.graphml")
        (out / f"{stem}.json").write_text(json.dumps(to_json(graph), ensure_ascii=False))
        written.append({"source": source, "nodes": graph.number_of_nodes(),
                        "edges": graph.number_of_edges(), "graphml": str(out / f"{stem}.graphml"),
                        "json": str(out / f"{stem}.json")})  # fmt: skip
    text = "\n".join(f"{w['source']}: {w['nodes']} actors, {w['edges']} events -> {w['graphml']}"
                     for w in written)  # fmt: skip
    _emit(args, written, text or "no events in the store")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from .export import export_documents

    with _open_store(args) as store:
        paths = export_documents(store.documents(), args.out, args.format)
    _emit(args, [str(p) for p in paths], "\n".join(f"wrote {p}" for p in paths))
    return EXIT_OK


def _options(args: argparse.Namespace, allowed: frozenset[str]) -> str | None:
    """A usage error for ``--weights``/``--baseline`` on a task that has no such option."""
    given = {"weights": args.weights, "baseline": args.baseline}
    wrong = [f"--{name}" for name, value in given.items() if value and name not in allowed]
    if not wrong:
        return None
    has = ", ".join(f"--{o}" for o in sorted(allowed))
    takes = f"it takes {has}" if has else "it reads no model weights"
    return f"{' and '.join(wrong)} does not apply to `{args.command} {args.task}` ({takes})"


def _usage(message: str) -> int:
    print(printable(f"presslens: error: {message}"), file=sys.stderr)
    return EXIT_USAGE


def _cmd_eval(args: argparse.Namespace) -> int:
    task = EVAL_TASKS[args.task]
    if (problem := _options(args, task.options)) is not None:
        return _usage(problem)
    if args.split is not None and not task.has_split:
        return _usage(f"--split does not apply to `eval {args.task}` (its dataset has one split)")
    scores = task.run(
        args.data, split=args.split, limit=args.limit, weights=args.weights, baseline=args.baseline
    )
    print(json.dumps(scores, indent=2))
    return EXIT_OK


def _cmd_train(args: argparse.Namespace) -> int:
    import time

    started = time.perf_counter()
    task = TRAIN_TASKS[args.task]
    if args.recalibrate:
        if args.task != "techniques":
            return _usage("--recalibrate applies to `train techniques` only")
        from .techniques.train import recalibrate

        task.check(args.data)
        result = recalibrate(args.data)
        print(json.dumps(result, indent=2))
        return EXIT_OK
    if (problem := _options(args, task.options)) is not None:
        return _usage(problem)
    result = task.run(args.data, seed=args.seed, weights=args.weights, baseline=args.baseline)
    result["wall_seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(result, indent=2))
    return EXIT_OK


def _cmd_bench(args: argparse.Namespace) -> int:
    if args.task == "techniques":
        from .techniques.bench import bench_techniques

        report = bench_techniques(args.data[0], repeat=args.repeat)
        print(json.dumps(report, indent=2))
        return EXIT_OK
    if args.task == "pipeline":
        from .bench import bench_pipeline

        report = bench_pipeline(args.data)
        if not args.json:
            from .profile import Profile

            prof = Profile({k: v["seconds"] for k, v in report["stages"].items()},
                           {k: v["calls"] for k, v in report["stages"].items()})  # fmt: skip
            print(prof.table(), file=sys.stderr)
        print(json.dumps(report, indent=2))
        return EXIT_OK
    if args.task == "heads":
        from .heads.bench import bench_heads

        print(json.dumps(bench_heads(args.data, repeat=args.repeat), indent=2))
        return EXIT_OK
    from .bench import bench_ingest

    report = bench_ingest(args.data, repeat=args.repeat)
    print(json.dumps(report, indent=2))
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from importlib import resources

    print(resources.files("presslens").joinpath("schema/document.schema.json").read_text())
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="presslens",
        description="What each source says and how it says it.",
        epilog="Exit codes: 0 ok, 1 some input rejected, 2 usage error, 3 error, 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"presslens {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        p.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
        p.add_argument("--json", action="store_true", help="print machine-readable JSON")
        return p

    p = add(
        "analyze", "Ingest inputs, run the pipeline and write documents, corpus and rejections."
    )
    p.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="file, folder, glob, URL or - (stdin)"
    )
    p.add_argument("--out", default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    p.add_argument("--db", default=None, help="store file (default OUT/presslens.db)")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES,
                   help="reject inputs larger than this many bytes (default 20 MiB)")  # fmt: skip
    p.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS,
                   help="reject documents longer than this many characters "
                   f"(default {DEFAULT_MAX_CHARS:,})")  # fmt: skip
    p.add_argument("--allow-network", action="store_true", help="fetch URL inputs")
    add_scope_options(p)
    add_report_options(p)
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="run the pipeline in N processes, one torch thread each")  # fmt: skip
    p.add_argument("--layers", metavar="LAYER,...",
                   help="only these layers and what they need (default: all), e.g. "
                   "sentences,actors,quotes")  # fmt: skip
    p.add_argument("--profile", action="store_true",
                   help="print where the time went, stage by stage (each component, the spaCy "
                   "parse, each encoder, store, corpus views, report)")  # fmt: skip
    p.add_argument("--actors", action="append", metavar="FILE",
                   help="add actors from a YAML/CSV file or a CAMEO/PETRARCH .actors.txt "
                   "dictionary (repeatable)")  # fmt: skip
    p.set_defaults(func=_cmd_analyze)

    p = add("actors", "Who is mentioned: actors with mention counts per source (latest run).")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--limit", type=int, default=30)
    p.set_defaults(func=_cmd_actors)

    p = add("speakers", "Who is quoted, by whom, how often (latest run).")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--limit", type=int, default=30)
    p.set_defaults(func=_cmd_speakers)

    p = add("search", "Full-text search over the stored documents.")
    p.add_argument("query")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--limit", type=int, default=20)
    p.set_defaults(func=_cmd_search)

    p = add("show", "Show one stored document: metadata, layers and text.")
    p.add_argument("id")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--text", action="store_true", help="print the whole text")
    p.set_defaults(func=_cmd_show)

    p = add("export", "Export the stored documents and spans as JSONL, Parquet or CSV.")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--format", choices=("jsonl", "parquet", "csv"), default="jsonl")
    p.add_argument("--out", default=f"{DEFAULT_OUT}/export")
    p.set_defaults(func=_cmd_export)

    def model_options(p: argparse.ArgumentParser, weights: str) -> None:
        p.add_argument("--weights", type=Path, default=None, metavar="DIR", help=weights)
        p.add_argument("--baseline", action="store_true",
                       help="claims, stance: the head on the shared encoder pass (the "
                       "baseline the fine-tuned model replaced), not the fine-tuned "
                       "model")  # fmt: skip

    p = add("eval", "Score a component on a public dataset; prints JSON.")
    p.add_argument("task", choices=tuple(EVAL_TASKS))
    p.add_argument("--data", required=True, help="dataset folder")
    p.add_argument(
        "--split", default=None, help="dataset split, where it has several (default: the task's)"
    )
    p.add_argument("--limit", type=int, default=None, help="score only the first N items")
    model_options(p, "claims, subjectivity, stance: read the model from DIR instead of the "
                  "shipped weights")  # fmt: skip
    p.set_defaults(func=_cmd_eval)

    p = add("train", "Retrain a shipped model from its dataset; prints JSON with the time taken.")
    p.add_argument("task", choices=tuple(TRAIN_TASKS))
    p.add_argument("--data", required=True, help="dataset folder")
    p.add_argument("--seed", type=int, default=13, help="random seed (default 13)")
    model_options(p, "claims, subjectivity, stance: write the model into DIR instead of "
                  "replacing the shipped weights")  # fmt: skip
    p.add_argument(
        "--recalibrate",
        action="store_true",
        help="techniques: keep the trained weights, choose the decoding and refit the "
        "calibration on the held-out training articles (minutes, not an hour)",
    )
    p.set_defaults(func=_cmd_train)

    p = add("bench", "Measure throughput; prints JSON.")
    p.add_argument("task", choices=("ingest", "techniques", "heads", "pipeline"))
    p.add_argument("--data", nargs="+", required=True, help="folders or files to ingest")
    p.add_argument("--repeat", type=int, default=1)
    p.set_defaults(func=_cmd_bench)

    p = add("graphs", "Per-source actor graphs as GraphML + JSON, or compare two sources.")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--out", default=f"{DEFAULT_OUT}/graphs")
    p.add_argument(
        "--compare",
        nargs=2,
        metavar=("SOURCE_A", "SOURCE_B"),
        help="print the edges one source has and the other lacks, and sign changes",
    )
    p.set_defaults(func=_cmd_graphs)

    p = add("schema", "Print the JSON Schema of documents.jsonl records.")
    p.set_defaults(func=_cmd_schema)

    from .web.cli import add_commands

    add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = int(args.func(args))
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # The reader went away (`presslens show ID | head -1`): stop quietly, as `cat` does.
        # Python would flush stdout again at exit and fail once more, so point it at devnull.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except PresslensError as exc:
        print(printable(f"presslens: error: {exc}"), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("presslens: interrupted; rerun the same command to resume", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
