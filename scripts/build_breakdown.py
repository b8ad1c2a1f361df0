"""Build a site once and print where the wall-clock time went, per plugin event and phase.

    .venv/bin/python scripts/build_breakdown.py path/to/mkdocs.yml [--site-dir DIR]

Every plugin's event method is wrapped with a timer (keeping MkDocs' record of which
plugin runs, which ``File.generated`` reads); page rendering (``_populate_page``:
Markdown, ``_build_page``: templates) is timed without the plugin events inside it.
Used by ``bench_build.py --breakdown``; figures go to docs/performance.md.
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from mkdocs.commands import build as build_module
from mkdocs.config import load_config

#: Wall-clock and CPU seconds (this process only) per label.
spent: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
_inner: list[list[float]] = [[0.0, 0.0]]  # plugin time spent inside the phase being timed


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _timed_event(label: str, method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = _clock()
        try:
            return method(*args, **kwargs)
        finally:
            for n, now in enumerate(_clock()):
                spent[label][n] += now - started[n]
                _inner[-1][n] += now - started[n]

    return timed


def _timed_phase(label: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        _inner.append([0.0, 0.0])
        started = _clock()
        try:
            return function(*args, **kwargs)
        finally:
            inner = _inner.pop()
            for n, now in enumerate(_clock()):
                spent[label][n] += now - started[n] - inner[n]
                _inner[-1][n] += now - started[n]

    return timed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("config")
    parser.add_argument("--site-dir")
    args = parser.parse_args()
    options = {"site_dir": args.site_dir} if args.site_dir else {}
    config = load_config(args.config, **options)
    plugins = config.plugins
    for event, methods in plugins.events.items():
        for position, method in enumerate(methods):
            origin = plugins._event_origins.get(method, "<unknown>")
            wrapped = _timed_event(f"{origin} on_{event}", method)
            methods[position] = wrapped
            plugins._event_origins[wrapped] = origin
    build_module._populate_page = _timed_phase(  # type: ignore[attr-defined]
        "markdown (_populate_page, without plugins)", build_module._populate_page
    )
    build_module._build_page = _timed_phase(  # type: ignore[attr-defined]
        "templates (_build_page, without plugins)", build_module._build_page
    )
    started = _clock()
    plugins.on_startup(command="build", dirty=False)
    build_module.build(config)
    plugins.on_shutdown()
    total = [now - start for now, start in zip(_clock(), started, strict=True)]
    print(f"   wall    cpu   (cpu: this process only)\n{total[0]:7.2f} {total[1]:6.2f}  total")
    for label, (wall, cpu) in sorted(spent.items(), key=lambda kv: -kv[1][0]):
        if wall >= 0.01:
            print(f"{wall:7.2f} {cpu:6.2f}  {label}")
    rest = [total[n] - sum(s[n] for s in spent.values()) for n in (0, 1)]
    print(f"{rest[0]:7.2f} {rest[1]:6.2f}  the rest (MkDocs: files, nav, copying)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
