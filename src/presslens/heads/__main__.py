"""``python -m presslens.heads train|eval TASK --data DIR [--seed N] [--split S] [--limit N]
[--weights DIR]``: the heads on the shared pass (the claims and stance heads are baselines; the
pipeline runs the fine-tuned models, ``presslens train|eval claims|stance``)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from .model import TASKS


def main(argv: list[str] | None = None) -> int:
    """Train or evaluate one head; prints JSON (training also prints its wall time)."""
    parser = argparse.ArgumentParser(prog="python -m presslens.heads")
    parser.add_argument("command", choices=("train", "eval"))
    parser.add_argument("task", choices=TASKS)
    parser.add_argument("--data", required=True, help="dataset folder")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--split", default=None)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument(
        "--weights",
        type=Path,
        default=None,
        help="folder to write (train) or read (eval) the head; default: the shipped weights",
    )
    args = parser.parse_args(argv)
    from .train import evaluate_head, train_head

    started = time.perf_counter()
    if args.command == "train":
        result = train_head(args.task, args.data, seed=args.seed, out=args.weights)
        result["wall_seconds"] = round(time.perf_counter() - started, 1)
    else:
        result = evaluate_head(
            args.task, args.data, split=args.split, limit=args.limit, where=args.weights
        )
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
