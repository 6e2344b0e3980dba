"""Benchmark how commands grow with the number of items, against raw libyaml in the same run.

For each size (10k, 100k and, with ``--sizes``, 1M items), writes decks of up to 10,000
free-text questions each, then runs in fresh processes and prints wall time, peak memory
and the ratio to a baseline process that only reads the same files with
``yaml.load(CSafeLoader)``:

* ``prepdeck check`` and ``prepdeck list`` (targets on 100k items: at most 1.3x raw libyaml;
  on 1M items check under 2 GB);
* the TUI's home screen with a warm deck cache (target: under 3 s on 100k items), timed
  from the start of the process to the first frame of the home screen, headless.

Linear growth shows as a steady ratio from one size to the next.

    python benchmarks/scale.py [--sizes 10000 100000 1000000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PER_FILE = 10_000  # 130,000 YAML values a file: within the loader's 250,000-value limit

RAW = """
import resource, sys, yaml
for name in sys.argv[1:]:
    with open(name, encoding="utf-8") as handle:
        yaml.load(handle.read(), Loader=yaml.CSafeLoader)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""

COMMAND = """
import os, resource, sys
from prepdeck.cli import main
code = main(sys.argv[1:])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""

TUI_HOME = """
import asyncio, resource, sys, time
from datetime import timezone
from pathlib import Path
started = time.perf_counter()
from prepdeck.core.clock import system_clock
from prepdeck.core.deck_cache import load_decks_cached
from prepdeck.store import Store
from prepdeck.tui.app import PrepdeckApp
from prepdeck.tui.prefs import PrefsFile
from prepdeck.tui.screens.home import HomeScreen
from prepdeck.tui.services import Services

folder, cache, db = map(Path, sys.argv[1:4])

async def run():
    from prepdeck.commands.common import keep_for_the_process

    decks = keep_for_the_process(load_decks_cached([folder], cache))
    services = Services(decks=decks, store=Store.open(db), clock=system_clock, seed=1, tz=timezone.utc,
                        environ={}, prefs=PrefsFile(None), reload_decks=None, log_dir=db.parent / "logs")
    app = PrepdeckApp(services, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, HomeScreen):
            if app.services.decks is not None and app.services.decks.diagnostics:
                raise SystemExit(f"the decks have errors: {app.services.decks.diagnostics[0].format()}")
            if time.perf_counter() - started > 300:
                raise SystemExit("no home screen after 300 s")
            await pilot.pause(0.01)
        await pilot.pause()
        print(f"home {time.perf_counter() - started:.3f}", file=sys.stderr)
        app.exit()

asyncio.run(run())
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def write_decks(folder: Path, items: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, start in enumerate(range(0, items, PER_FILE)):
        lines = [f"id: scale-{number}", f"title: Scale deck {number}", "questions:"]
        for index in range(start, min(items, start + PER_FILE)):
            lines += [f"  - id: s{index}",
                      "    source: benchmark",
                      f"    prompt: Why does question {index} depend on the batch size?",
                      "    model_answer: A larger batch holds more activations at once, so memory grows with it.",
                      "    tags: [batch-size, memory]"]
        path = folder / f"deck-{number:03d}.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def run(code: str, *args: str, cwd: Path) -> tuple[float, float, str]:
    """Wall seconds, peak MB and stderr of ``python -c code args`` in a fresh process (which must succeed)."""
    env = {**os.environ, "PREPDECK_HOME": str(cwd / "home")}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{args[:2]} failed ({done.returncode}): {done.stderr[-2000:]}")
    lines = done.stderr.strip().splitlines()
    peak_kb = int(lines[-1]) if lines and lines[-1].isdigit() else 0
    return took, peak_kb / 1024, done.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--no-tui", action="store_true", help="skip the TUI home screen measurement")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        previous = None
        for size in args.sizes:
            folder = root / f"decks-{size}"
            paths = write_decks(folder, size)
            megabytes = sum(p.stat().st_size for p in paths) / 1e6
            raw, raw_mb, _ = run(RAW, *map(str, paths), cwd=root)
            print(f"{size:,} items in {len(paths)} file(s), {megabytes:.0f} MB")
            print(f"  raw yaml.load(CSafeLoader)  {raw:7.2f} s  {raw_mb:6.0f} MB   (baseline)")
            results = {}
            for name in ("check", "list"):
                took, mb, err = run(COMMAND, name, str(folder), cwd=root)
                results[name] = took
                print(f"  prepdeck {name:<19} {took:7.2f} s  {mb:6.0f} MB   {took / raw:5.2f}x raw")
            if not args.no_tui:
                cache, db = root / f"cache-{size}", root / f"db-{size}" / "p.sqlite3"
                db.parent.mkdir()
                run(TUI_HOME, str(folder), str(cache), str(db), cwd=root)  # fills the cache
                took, mb, err = run(TUI_HOME, str(folder), str(cache), str(db), cwd=root)
                home = next((float(line.split()[1]) for line in err.splitlines() if line.startswith("home ")), None)
                shown = f"{home:7.2f} s" if home is not None else "  failed"
                print(f"  TUI home screen, warm cache {shown}  {mb:6.0f} MB   (target < 3 s on 100k)")
            if previous is not None:
                old_size, old = previous
                growth = size / old_size
                print(f"  growth x{growth:g} in items: check x{results['check'] / old['check']:.1f}, "
                      f"list x{results['list'] / old['list']:.1f}")
            previous = (size, results)


if __name__ == "__main__":
    main()
