#!/usr/bin/env python3
"""Benchmark: `greenhouse validate` against the raw parse of the same front matter.

Generates N items (default 10,000), then in the same run measures, best of --repeat:
  baseline  python-frontmatter's `frontmatter.load` of every Markdown file (parse only)
  validate  the full model: read, parse, check every field and every reference
and prints throughput and the ratio (goal: validate at most 2x the raw parse).
CPU time is the figure compared (the machine may be busy); wall time is shown too.

    .venv/bin/python scripts/bench_validate.py --items 10000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import frontmatter

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_content import generate  # noqa: E402

from greenhouse.model import Settings, content_files, load_content  # noqa: E402


def best_of(repeat: int, run: Callable[[], object]) -> tuple[float, float]:
    """The lowest (cpu, wall) seconds over `repeat` runs."""
    cpu, wall = [], []
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        run()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return min(cpu), min(wall)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        print(f"generating {args.items} items ...", file=sys.stderr)
        content = generate(Path(tmp), args.items)
        files = [f for f, rel in content_files(content) if "/" in rel]

        def baseline() -> None:
            for file in files:
                frontmatter.load(file)

        def validate() -> None:
            result = load_content(content, Settings())
            assert result.ok, result.problems[:3]

        print("measuring raw parse ...", file=sys.stderr)
        base_cpu, base_wall = best_of(args.repeat, baseline)
        print("measuring validate ...", file=sys.stderr)
        val_cpu, val_wall = best_of(args.repeat, validate)
    n = len(files)
    print(f"files: {n} (items and people)")
    print(f"raw parse (python-frontmatter): {base_cpu:6.2f} s cpu  {base_wall:6.2f} s wall  "
          f"{n / base_cpu:8.0f} files/s")
    print(f"greenhouse validate:            {val_cpu:6.2f} s cpu  {val_wall:6.2f} s wall  "
          f"{n / val_cpu:8.0f} files/s")
    ratio = val_cpu / base_cpu
    print(f"ratio validate / raw parse: {ratio:.2f}x (goal <= 2.00x): {'met' if ratio <= 2 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
