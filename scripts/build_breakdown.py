"""Build a site once, in this process, and print where the time went: per plugin event,
Markdown, templates and the rest.

    .venv/bin/python scripts/build_breakdown.py path/to/mkdocs.yml [--site-dir DIR]

Public means only. Every plugin event method is wrapped with a timer where MkDocs keeps
them (``config.plugins.events``); a timing plugin of this script marks a page's two
phases from outside: Markdown is the time from the last ``on_page_markdown`` to the first
``on_page_content`` (MkDocs converts the page), templates the time from the last
``on_page_context`` to the first ``on_post_page`` (the theme renders it). Background
jobs' children are not in these figures (``bench_build.py`` counts them). MkDocs does not
know the wrapped methods' plugins, so files generated during this build say
``generated_by='<unknown>'`` (nothing in the build reads more than whether it is set).
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

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.plugins import BasePlugin, event_priority

#: Wall-clock and CPU seconds (this process only) per label.
spent: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])

#: Priorities that run the timer's events before, or after, every plugin's (MkDocs runs
#: an event's methods from the highest priority down; plugins use -100 to 100).
FIRST, LAST = 10**6, -(10**6)


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _add(label: str, started: tuple[float, float]) -> None:
    for n, now in enumerate(_clock()):
        spent[label][n] += now - started[n]


def _timed_event(label: str, method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)  # keeps MkDocs' priority attribute
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = _clock()
        try:
            return method(*args, **kwargs)
        finally:
            _add(label, started)

    return timed


class PhaseTimer(BasePlugin):  # type: ignore[type-arg]
    """Marks each page's Markdown and template phases between the other plugins' events."""

    started = (0.0, 0.0)

    @event_priority(LAST)
    def on_page_markdown(self, markdown: str, **kwargs: Any) -> str:
        self.started = _clock()
        return markdown

    @event_priority(FIRST)
    def on_page_content(self, html: str, **kwargs: Any) -> str:
        _add("markdown (MkDocs converts each page)", self.started)
        return html

    @event_priority(LAST)
    def on_page_context(self, context: Any, **kwargs: Any) -> Any:
        self.started = _clock()
        return context

    @event_priority(FIRST)
    def on_post_page(self, output: str, **kwargs: Any) -> str:
        _add("templates (the theme renders each page)", self.started)
        return output


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("config")
    parser.add_argument("--site-dir")
    args = parser.parse_args()
    options = {"site_dir": args.site_dir} if args.site_dir else {}
    config = load_config(args.config, **options)
    plugins = config.plugins
    names = {id(plugin): name for name, plugin in plugins.items()}
    for event, methods in plugins.events.items():
        for position, method in enumerate(methods):
            owner = names.get(id(getattr(method, "__self__", None)), "<unknown>")
            methods[position] = _timed_event(f"{owner} on_{event}", method)
    plugins["greenhouse-breakdown-timer"] = PhaseTimer()  # after wrapping: not timed itself
    started = _clock()
    plugins.on_startup(command="build", dirty=False)
    build(config)
    plugins.on_shutdown()
    total = [now - start for now, start in zip(_clock(), started, strict=True)]
    print(f"   wall    cpu   (cpu: this process only)\n{total[0]:7.2f} {total[1]:6.2f}  total")
    for label, (wall, cpu) in sorted(spent.items(), key=lambda kv: -kv[1][1]):
        if wall >= 0.01:
            print(f"{wall:7.2f} {cpu:6.2f}  {label}")
    rest = [total[n] - sum(s[n] for s in spent.values()) for n in (0, 1)]
    print(f"{rest[0]:7.2f} {rest[1]:6.2f}  the rest (MkDocs: files, nav, copying, writing)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
