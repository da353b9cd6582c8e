"""Set a pinned quality floor in tests/quality_floors.json (the one quality gate).

    python tests/update_floors.py TASK METRIC VALUE [--measured X] [--lower]
    python tests/update_floors.py TASK METRIC VALUE --command "presslens eval ..." --data GLOB ...

Raising a floor needs nothing more; lowering one (or raising a ceiling) is refused unless
``--lower`` is given. The digest of the floor's data files (under ../shared/data) is computed
again, so the floor records the data it was measured on. Exit codes: 0 done, 2 refused.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import quality_gate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python tests/update_floors.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("task", help="the task, as in `presslens eval TASK`")
    parser.add_argument("metric", help="a dotted path into its scores, e.g. speech.overlap.f1")
    parser.add_argument("value", type=float, help="the new floor")
    parser.add_argument(
        "--lower",
        action="store_true",
        help="allow a lower floor (a higher ceiling) than the pinned one",
    )
    parser.add_argument(
        "--measured",
        type=float,
        default=None,
        help="what the command measured (kept beside the floor)",
    )
    parser.add_argument("--command", default=None, help="a new task: the command that measures")
    parser.add_argument(
        "--data",
        nargs="+",
        default=None,
        metavar="GLOB",
        help="a new task: its data files, globs under ../shared/data",
    )
    parser.add_argument("--ceiling", action="store_true", help="a new entry bounds from above")
    parser.add_argument(
        "--file",
        type=Path,
        default=quality_gate.FLOORS_FILE,
        help="the floors file (default tests/quality_floors.json)",
    )
    parser.add_argument(
        "--shared-data",
        type=Path,
        default=quality_gate.DATA,
        help="where the datasets are (default ../shared/data)",
    )
    args = parser.parse_args(argv)
    try:
        floor = quality_gate.update(
            args.task,
            args.metric,
            args.value,
            lower=args.lower,
            measured=args.measured,
            command=args.command,
            data=args.data,
            ceiling=args.ceiling,
            path=args.file,
            root=args.shared_data,
        )
    except (quality_gate.RefusedError, FileNotFoundError) as exc:
        print(f"update_floors: {exc}", file=sys.stderr)
        return 2
    print(f"{floor.task} {floor.metric}: {floor.value} (data digest {floor.digest})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
