#!/usr/bin/env python3
"""Generate N valid learning items (plus people and a framework) for scale tests.

Deterministic: the same N and seed give byte-identical files.

    python scripts/generate_content.py /tmp/big --items 10000
    python scripts/generate_content.py /tmp/big --items 1000 --seed 7 --with-config
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from datetime import datetime, timedelta
from pathlib import Path

AREAS = ("engineering", "data", "product", "leadership", "ways-of-working", "communication")
WORDS = (
    "kotlin typescript testing review design data model pipeline service platform api cloud "
    "security observability incident coaching feedback hiring facilitation writing speaking "
    "discovery research accessibility experiment metric squad guild chapter roadmap"
).split()
LEVELS = ("intro", "intermediate", "advanced")
FORMATS = ("in-person", "online", "hybrid", "self-paced")
TYPES = (("courses", 0.25), ("academy", 0.25), ("workshops", 0.3), ("hack-week", 0.12), ("paths", 0.08))
PER_AREA = 8


def _competency_ids() -> list[str]:
    return [f"{area}-{n}" for area in AREAS for n in range(1, PER_AREA + 1)]


def _framework(root: Path) -> None:
    lines = ["areas:"]
    for area in AREAS:
        lines += [f"  - id: {area}", f"    name: {area.replace('-', ' ').title()}",
                  f"    description: Generated area {area}.", "    competencies:"]
        for n in range(1, PER_AREA + 1):
            lines += [f"      - id: {area}-{n}", f"        name: {area.title()} skill {n}",
                      f"        description: Generated competency {n} of {area}.",
                      "        levels:", "          intro: Starts.",
                      "          intermediate: Does it alone.", "          advanced: Leads others."]
    (root / "framework" / "competencies.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    careers = ["tracks:"]
    for t, area in enumerate(AREAS[:3]):
        careers += [f"  - id: track-{t + 1}", f"    name: Track {t + 1}",
                    f"    discipline: {area.title()}", "    steps:"]
        for step in range(1, 5):
            level = LEVELS[min(step - 1, 2)]
            expects = ", ".join(f"{area}-{n}: {level}" for n in range(1, step + 2))
            careers += [f"      - step: {step}", f"        title: Step {step}",
                        f"        summary: Generated step {step}.", f"        expects: {{{expects}}}"]
    (root / "framework" / "careers.yml").write_text("\n".join(careers) + "\n", encoding="utf-8")


def _body(rng: random.Random, title: str) -> str:
    sections = []
    for heading in ("What you will learn", "Who it is for", "How it works"):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 80)))
        sections.append(f"## {heading}\n\n{title} covers {text}.\n")
    return "\n".join(sections)


def _session(rng: random.Random, base: datetime, online: bool) -> str:
    start = base + timedelta(days=rng.randint(-200, 900), hours=rng.randint(8, 16))
    lines = [f"  - start: {start:%Y-%m-%dT%H:00}",
             f"    end: {start + timedelta(minutes=90):%Y-%m-%dT%H:%M}"]
    lines.append("    online: https://meet.example.com/s" if online else "    location: Stockholm, room Echo")
    if rng.random() < 0.05:
        lines.append("    status: cancelled")
    return "\n".join(lines)


def generate(root: Path, items: int, seed: int = 0) -> Path:
    """Write `root/content/` with a framework, people and `items` valid items; returns it."""
    rng = random.Random(seed)
    content = root / "content"
    if content.exists():
        shutil.rmtree(content)
    for folder in ("framework", "people", *(t for t, _ in TYPES)):
        (content / folder).mkdir(parents=True)
    _framework(content)
    competencies = _competency_ids()
    people = [f"person-{n:04d}" for n in range(1, max(10, items // 25) + 1)]
    for n, pid in enumerate(people):
        mentoring = ""
        if n % 4 == 0:
            mentoring = (f"mentoring:\n  competencies: [{rng.choice(competencies)}]\n"
                         f"  capacity: 2\n  contact: mailto:{pid}@example.com\n")
        (content / "people" / f"{pid}.md").write_text(
            f"---\nname: Person {n + 1}\ntitle: Engineer\nlocation: Stockholm\n{mentoring}---\n"
            f"Generated person {n + 1}.\n", encoding="utf-8")
    (content / "index.md").write_text("---\ntitle: Greenhouse\n---\nGenerated portal.\n", encoding="utf-8")
    base = datetime(2026, 11, 1)
    made: list[str] = []
    counts = {folder: round(items * share) for folder, share in TYPES}
    counts["workshops"] += items - sum(counts.values())
    for folder, count in counts.items():
        for n in range(1, count + 1):
            slug = f"{folder[:4]}-{n:05d}-{rng.choice(WORDS)}"
            title = f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {n}"
            comps = rng.sample(competencies, rng.randint(1, 3))
            fm = [f"title: {title}",
                  f"summary: A generated {folder} item about {' and '.join(comps)}.",
                  f"competencies: [{', '.join(comps)}]"]
            if folder != "hack-week":
                fm.append(f"level: {rng.choice(LEVELS)}")
            fmt = rng.choice(FORMATS)
            if folder not in ("hack-week", "paths"):
                fm.append(f"format: {fmt}")
            if rng.random() < 0.15:
                fm.append("language: sv")
            fm.append("duration: 90")
            if folder == "academy":
                fm += [f"speakers: [{rng.choice(people)}]", "sessions:", _session(rng, base, fmt == "online")]
            elif folder == "workshops":
                fm.append(f"facilitators: [{rng.choice(people)}]")
                if fmt != "self-paced":
                    fm += ["sessions:", _session(rng, base, fmt == "online")]
            elif folder == "hack-week":
                fm += [f"edition: {rng.choice(('2025-autumn', '2026-autumn'))}",
                       f"team: [{', '.join(rng.sample(people, 2))}]",
                       f"stage: {rng.choice(('idea', 'building', 'shipped'))}",
                       f"looking_for: [{rng.choice(competencies)}]"]
            elif folder == "paths":
                steps = rng.sample([m for m in made if not m.startswith("paths/")], 3)
                fm.append(f"steps: [{', '.join(steps)}]")
            item_id = f"{folder}/{slug}"
            made.append(item_id)
            text = "---\n" + "\n".join(fm) + "\n---\n" + _body(rng, title)
            (content / folder / f"{slug}.md").write_text(text, encoding="utf-8")
    return content


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, help="folder to write content/ into")
    parser.add_argument("--items", type=int, default=1000, help="number of learning items")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--with-config", action="store_true",
                        help="also write an mkdocs.yml inheriting this checkout's")
    args = parser.parse_args(argv)
    content = generate(args.root, args.items, args.seed)
    if args.with_config:
        repo = Path(__file__).resolve().parent.parent
        (args.root / "mkdocs.yml").write_text(
            f"INHERIT: {repo / 'mkdocs.yml'}\ndocs_dir: content\ntheme:\n"
            f"  custom_dir: {repo / 'overrides'}\n", encoding="utf-8")
    print(f"wrote {args.items} items to {content}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
