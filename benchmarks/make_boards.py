"""Write N synthetic but realistic board folders (deterministic from a seed), for tests and benchmarks.

Usage: ``python benchmarks/make_boards.py OUT_DIR [--count N] [--seed S] [--courses ROWS]``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the test-data generators live in tests/

from tests.synthetic import write_synthetic_boards


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the board folders into")
    parser.add_argument("--count", type=int, default=150, help="how many boards (default 150)")
    parser.add_argument(
        "--seed", type=int, default=2016, help="the seed; the same seed gives the same boards"
    )
    parser.add_argument(
        "--courses", type=int, default=None, help="training courses per board (for large tables)"
    )
    args = parser.parse_args()
    boards = write_synthetic_boards(args.out, args.count, seed=args.seed, courses=args.courses)
    print(f"wrote {len(boards)} board folders in {args.out}")


if __name__ == "__main__":
    main()
