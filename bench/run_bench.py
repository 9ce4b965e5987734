#!/usr/bin/env python3
"""Batch benchmark: extraction chars/s, end-to-end articles/s, peak RSS, 1 -> 2 worker speed-up, cold start.

    python bench/run_bench.py                       # 1k and 20k articles (slow: minutes)
    python bench/run_bench.py --sizes 1000 --rules rules --keep /tmp/fc-bench

Every end-to-end figure is a real ``python -m factcheck check DIR`` in a subprocess (extraction,
checking, writing every default report and the result cache) over articles none of which is cached,
with what every run after the first has cached: the reference-data validation (GX is not imported)
and the extractor's built vocabularies.
Each is run ``--repeat`` times and the median shown (the machine this was written on varies by
10-20 % between identical runs).  Peak RSS is measured two ways: the largest single process
(``getrusage(RUSAGE_CHILDREN)`` in a fresh wrapper process) and the whole process tree summed
(sampled with psutil every 50 ms), the largest of the repeats.

With two or more sizes, the steady-state table divides the larger run's extra articles by its extra
wall time: the fixed costs of a run (starting Python, importing pandas and pint, compiling the
extractor's vocabularies in each worker, writing the overview) cancel out, leaving the rate at which
a running batch checks articles, and the speed-up of that rate from 1 to N workers.  What is left of
the small run's wall time is its fixed cost.

Cold start is a one-article run with the reference-data and result caches warm (so GX is not
imported), best and median of seven.  Figures are printed, never asserted: targets live in the
README, not in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

_WRAPPER = """
import json, resource, subprocess, sys, time
t = time.perf_counter()
rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
wall = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": rc, "wall": wall, "maxrss_kb": ru.ru_maxrss, "cpu": ru.ru_utime + ru.ru_stime}))
"""


def factcheck_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "factcheck", "check", *args]


def _with_bytecode() -> dict[str, str]:
    """The environment without ``PYTHONDONTWRITEBYTECODE`` (set in some sandboxes): an installed
    package has its ``.pyc`` files, and recompiling factcheck's sources on every start (~0.1 s) is
    not what users see."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measured(cmd: list[str]) -> dict[str, float]:
    """Run ``cmd`` under a wrapper that reports wall time, CPU time and the largest child's peak RSS;
    sample the summed RSS of the whole tree meanwhile."""
    import psutil

    proc = psutil.Popen([sys.executable, "-c", _WRAPPER, *cmd], stdout=subprocess.PIPE, cwd=ROOT, env=_with_bytecode())
    peak_tree = 0
    while proc.poll() is None:
        try:
            tree = [proc, *proc.children(recursive=True)]
            peak_tree = max(peak_tree, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)
    out = json.loads(proc.stdout.read().decode().strip().splitlines()[-1]) if proc.stdout else {}
    out["peak_tree_mb"] = peak_tree / 2**20
    out["maxrss_mb"] = out.pop("maxrss_kb") / 1024
    return out


def extraction_rate(corpus: Path, sample: int) -> float:
    """Characters per second of extraction alone (segments + mentions + claims frame), one process."""
    sys.path.insert(0, str(ROOT))
    from factcheck.claims import build_claims
    from factcheck.extract import extract_segments, split_segments
    from factcheck.io import discover, read_article
    from factcheck.models import Document

    docs = [d for d in (read_article(i) for i in discover([corpus])) if isinstance(d, Document)][:sample]
    d0 = docs[0]
    build_claims(d0, extract_segments(d0.body, split_segments(d0.body, forced=d0.language), d0.date))
    t = time.perf_counter()
    for d in docs:
        build_claims(d, extract_segments(d.body, split_segments(d.body, forced=d.language), d.date))
    return sum(len(d.body) for d in docs) / (time.perf_counter() - t)


def corpus_for(base: Path, n: int, seed: int, share: float = generate.FIGURE_SHARE) -> Path:
    out = base / f"corpus-{n}-{seed}-{share:g}"
    if not (out / ".done").exists():
        shutil.rmtree(out, ignore_errors=True)
        generate.generate(out, n, seed=seed, size=3000, figure_share=share)
        (out / ".done").write_text("ok")
    return out


def reference_cache(base: Path, corpus: Path, rules: str) -> Path:
    """A cache folder holding what a first run leaves besides the article results: the reference-data
    validation (GX ran once, before any timing) and the built vocabularies."""
    gx = base / "gx-cache"
    if not gx.is_dir():
        one = next(iter(sorted(corpus.rglob("*.md"))))
        cmd = factcheck_cmd(str(one), "--rules", rules, "-o", str(base / "gx-out"), "--cache-dir", str(gx), "-q")
        subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, check=False)
        shutil.rmtree(gx / "results-v1", ignore_errors=True)
    return gx


def end_to_end(
    corpus: Path, base: Path, rules: str, workers: int, repeat: int = 1, extra: tuple[str, ...] = ()
) -> dict[str, float]:
    """A daily run over new articles: the reference data is unchanged (its validation cached, GX not
    imported), the vocabularies were built by an earlier run, and no article is cached yet; every
    article is extracted, checked, written to every default report and to the result cache.

    Run ``repeat`` times: the wall and CPU times are the median run's, peak RSS the largest seen.
    Before each run the previous run's files are removed and the disk is synced, so that no run
    pays for another's deletions.
    """
    out = base / f"out-{corpus.name}-{workers}"
    cache = base / f"cache-{corpus.name}-{workers}"
    runs = []
    for _ in range(repeat):
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        shutil.copytree(reference_cache(base, corpus, rules), cache)
        os.sync()
        cmd = factcheck_cmd(
            str(corpus), "--rules", rules, "-o", str(out), "--cache-dir", str(cache), "--workers", str(workers),
            "--fail-on", "none", "-q", *extra,
        )  # fmt: skip
        runs.append(measured(cmd))
    runs.sort(key=lambda r: r["wall"])
    median = dict(runs[len(runs) // 2])
    median["maxrss_mb"] = max(r["maxrss_mb"] for r in runs)
    median["peak_tree_mb"] = max(r["peak_tree_mb"] for r in runs)
    median["walls"] = [round(r["wall"], 2) for r in runs]  # type: ignore[assignment]
    return median


def steady_state(small: dict[str, float], large: dict[str, float], n_small: int, n_large: int) -> float:
    """Articles/s once running: the extra articles of the large run over its extra wall time.

    The fixed costs (starting Python, imports, compiling the vocabularies, the overview) are the same
    in both runs and cancel out.
    """
    return (n_large - n_small) / (large["wall"] - small["wall"])


def cold_start(base: Path, corpus: Path, rules: str, runs: int = 7) -> dict[str, float]:
    """Wall time (best and median of ``runs``) of ``factcheck check one-article.md`` with the caches
    warm, and with only the reference-data (GX) cache and the vocabularies warm (the article itself
    not cached).
    """
    one = next(iter(sorted(corpus.rglob("*.md"))))
    cache, out = base / "cold-cache", base / "cold-out"
    cmd = factcheck_cmd(str(one), "--rules", rules, "-o", str(out), "--cache-dir", str(cache), "-q")
    env = _with_bytecode()
    for _ in range(2):  # warm both caches and write the bytecode
        subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, check=False, env=env)

    def wall() -> float:
        t = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, check=False, env=env)
        return time.perf_counter() - t

    warm = sorted(wall() for _ in range(runs))
    uncached = []
    for _ in range(runs):
        shutil.rmtree(cache / "results-v1", ignore_errors=True)
        uncached.append(wall())
    uncached.sort()
    return {
        "warm_best": warm[0],
        "warm_median": warm[runs // 2],
        "uncached_best": uncached[0],
        "uncached_median": uncached[runs // 2],
    }


def claims_in(out: Path) -> int:
    """The run's claim count, from the summary near the top of its report.json."""
    with (out / "report.json").open(encoding="utf-8") as fh:
        head = fh.read(1 << 16)
    return int(head.split('"summary"', 1)[1].split('"claims": ', 1)[1].split(",", 1)[0])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,20000", help="corpus sizes (comma-separated)")
    ap.add_argument("--rules", default=str(ROOT / "rules"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2, help="the parallel run's worker count")
    ap.add_argument("--sample", type=int, default=200, help="articles for the extraction rate")
    ap.add_argument(
        "--dense-sizes",
        default="1000",
        help="corpus sizes also run at the dense claim density (figure share 0.2); '' for none",
    )
    ap.add_argument("--repeat", type=int, default=3, help="runs per end-to-end figure (the median is shown)")
    ap.add_argument("--keep", type=Path, help="work folder to keep (default: a temporary one)")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)
    base = args.keep or Path(tempfile.mkdtemp(prefix="fc-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    runs = [(n, generate.FIGURE_SHARE) for n in sizes]
    runs += [(int(s), generate.DENSE_FIGURE_SHARE) for s in args.dense_sizes.split(",") if s.strip()]
    rows: list[dict[str, object]] = []
    walls: dict[tuple[int, float], tuple[dict[str, float], dict[str, float]]] = {}
    cores = os.cpu_count() or 1
    for n, share in runs:
        corpus = corpus_for(base, n, args.seed, share)
        chars = extraction_rate(corpus, min(args.sample, n))
        one = end_to_end(corpus, base, args.rules, 1, args.repeat)
        par = end_to_end(corpus, base, args.rules, args.workers, args.repeat)
        walls[(n, share)] = (one, par)
        claims = claims_in(base / f"out-{corpus.name}-1")
        rows.append(
            {
                "articles": n,
                "claims_per_article": round(claims / n, 1),
                "extract_chars_s": round(chars),
                "e2e_1w_art_s": round(n / one["wall"], 1),
                f"e2e_{args.workers}w_art_s": round(n / par["wall"], 1),
                "per_core_art_s": round(n / par["wall"] / min(args.workers, cores), 1),
                "speedup": round(one["wall"] / par["wall"], 2),
                "peak_rss_1w_mb": round(one["maxrss_mb"], 1),
                "peak_rss_proc_mb": round(par["maxrss_mb"], 1),
                "peak_rss_tree_mb": round(par["peak_tree_mb"], 1),
                "walls_s": (one["walls"], par["walls"]),
                "rc": (one["rc"], par["rc"]),
            }
        )
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    cold = cold_start(base, corpus_for(base, min(sizes), args.seed), args.rules)
    print(f"\nfactcheck batch benchmark ({cores} cores, {args.workers} workers, ~3 KB articles)\n")
    keys = list(rows[0])
    print("| " + " | ".join(keys) + " |")
    print("|" + "---|" * len(keys))
    for r in rows:
        print("| " + " | ".join(str(r[k]) for k in keys) + " |")
    if len(sizes) > 1:
        first, last = rows[0], rows[len(sizes) - 1]
        for key, what in (("peak_rss_1w_mb", "1 worker"), ("peak_rss_proc_mb", f"{args.workers} workers")):
            growth = 100 * (float(last[key]) / float(first[key]) - 1)  # type: ignore[arg-type]
            print(
                f"peak RSS, largest process, {what}: {first[key]} MB at {first['articles']} articles, "
                f"{last[key]} MB at {last['articles']} ({growth:+.1f} %)"
            )
    steady: list[dict[str, object]] = []
    for share in sorted({sh for _, sh in runs}):
        ns = sorted(n for n, sh in runs if sh == share)
        if len(ns) < 2:
            continue
        (one_s, par_s), (one_l, par_l) = walls[(ns[0], share)], walls[(ns[-1], share)]
        r1 = steady_state(one_s, one_l, ns[0], ns[-1])
        r2 = steady_state(par_s, par_l, ns[0], ns[-1])
        steady.append(
            {
                "claim_density": "dense" if share == generate.DENSE_FIGURE_SHARE else "default",
                "from_to": f"{ns[0]}->{ns[-1]}",
                "1w_art_s": round(r1, 1),
                f"{args.workers}w_art_s": round(r2, 1),
                "per_core_art_s": round(r2 / min(args.workers, cores), 1),
                "speedup": round(r2 / r1, 2),
                "fixed_1w_s": round(one_s["wall"] - ns[0] / r1, 2),
                f"fixed_{args.workers}w_s": round(par_s["wall"] - ns[0] / r2, 2),
            }
        )
    if steady:
        print("\nsteady state (the larger run's extra articles over its extra wall time; fixed = the rest)\n")
        skeys = list(steady[0])
        print("| " + " | ".join(skeys) + " |")
        print("|" + "---|" * len(skeys))
        for r in steady:
            print("| " + " | ".join(str(r[k]) for k in skeys) + " |")
    print(
        f"cold start, one article: caches warm {cold['warm_best']:.2f} s best, {cold['warm_median']:.2f} s median; "
        f"only the reference cache warm {cold['uncached_best']:.2f} s best, {cold['uncached_median']:.2f} s median"
    )
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "steady_state": steady, "cold_start": cold}, indent=1))
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
