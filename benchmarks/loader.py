"""Benchmark deck loading against raw libyaml, and the parsed-deck cache against both.

Prints medians and ratios measured in the same run:

* ``load_decks`` (parse with source positions, checks, pydantic validation) on the
  bundled decks, and on a synthetic large deck, against ``yaml.load(CSafeLoader)``
  of the same text: the floor any YAML-based loader stands on;
* the same load with the garbage collector left on, to show what turning it off buys;
* ``load_decks_cached`` on a warm cache (what every start after the first costs), against
  unpickling the same parsed decks (the cache's format before it became JSON, which runs
  code when read).

    python benchmarks/loader.py [--items 3000] [--repeat 9]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import tempfile
import time
from pathlib import Path
from typing import Callable

import yaml

from prepdeck.core import yaml_source
from prepdeck.core.deck_cache import load_decks_cached
from prepdeck.core.loader import discover, load_decks
from prepdeck.paths import bundled_content_dir


def median_ms(function: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def synthetic_deck(items: int) -> str:
    """A large valid deck: questions with rubrics, the shape that dominates real decks."""
    lines = ["id: synthetic", "title: Synthetic large deck", "questions:"]
    for index in range(items):
        lines += [
            f"  - id: q{index}",
            "    source: benchmark",
            f"    prompt: Why does question {index} matter for batch size and memory?",
            "    model_answer: >-",
            "      A larger batch holds more activations at once, so memory grows with it,",
            "      while the gradient estimate becomes less noisy.",
            "    tags: [batch-size, memory]",
            "    rubric:",
            "      - description: Memory grows with batch size",
            "        keywords: [[memory, ram], [grows, increases, scales]]",
            "        min_hits: 2",
            "      - description: Less noisy gradient",
            "        keywords: [[less noisy, lower variance, smoother]]",
        ]
    return "\n".join(lines) + "\n"


def raw_libyaml(paths: list[Path]) -> Callable[[], object]:
    texts = [path.read_text(encoding="utf-8") for path in paths]
    return lambda: [yaml.load(text, Loader=yaml.CSafeLoader) for text in texts]


def with_gc_enabled(function: Callable[[], object]) -> Callable[[], object]:
    def run() -> object:
        original = gc.disable
        gc.disable = lambda: None  # parse() switches the collector off; keep it on for the comparison
        try:
            return function()
        finally:
            gc.disable = original
    return run


def pickled_cache(paths: list[Path]) -> Callable[[], object]:
    """Reading one pickle per deck file from disk: the old cache format, as a same-run baseline."""
    import pickle

    folder = Path(tempfile.mkdtemp())
    entries = []
    for index, loaded in enumerate(load_decks(paths).decks):
        entry = folder / f"{index}.pickle"
        entry.write_bytes(pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL))
        entries.append(entry)
    return lambda: [pickle.loads(entry.read_bytes()) for entry in entries]


def report(label: str, paths: list[Path], repeat: int) -> None:
    ours = median_ms(lambda: load_decks(paths), repeat)
    raw = median_ms(raw_libyaml(paths), repeat)
    gc_on = median_ms(with_gc_enabled(lambda: load_decks(paths)), repeat)
    with tempfile.TemporaryDirectory() as cache:
        load_decks_cached(paths, Path(cache))
        cached = median_ms(lambda: load_decks_cached(paths, Path(cache)), repeat)
    pickled = median_ms(pickled_cache(paths), repeat)
    print(f"{label}")
    print(f"  raw yaml.load(CSafeLoader)   {raw:8.2f} ms   (baseline)")
    print(f"  prepdeck load_decks          {ours:8.2f} ms   {ours / raw:5.2f}x raw libyaml")
    print(f"  ... with the GC left on      {gc_on:8.2f} ms   {gc_on / ours:5.2f}x slower than GC off")
    print(f"  warm parsed-deck cache       {cached:8.2f} ms   {cached / raw:5.2f}x raw libyaml")
    print(f"  unpickling the same decks    {pickled:8.2f} ms   JSON cache is {cached / pickled:5.2f}x the pickle")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=3000, help="questions in the synthetic deck")
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    assert yaml_source._Loader is yaml.CSafeLoader, "PyYAML was built without libyaml"
    bundled = list(discover([bundled_content_dir()]))
    report(f"bundled decks ({len(bundled)} files, {sum(p.stat().st_size for p in bundled) / 1e3:.0f} kB)",
           bundled, args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "synthetic.yaml"
        big.write_text(synthetic_deck(args.items), encoding="utf-8")
        report(f"synthetic deck ({args.items} questions, {big.stat().st_size / 1e6:.1f} MB)", [big], max(3, args.repeat // 3))


if __name__ == "__main__":
    main()
