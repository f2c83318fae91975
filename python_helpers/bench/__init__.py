"""`hi bench`: time generation, validation and loading of a drop, with peak memory.

Each step runs in its own Python process so that its peak resident memory (ru_maxrss)
is its own. Figures are printed and written to <out>/bench.json; they are measurements
for the closing notes and the README, never pass/fail tests.

    hi bench                  # trust scale (about 400,000 A&E attendances)
    hi bench --scale small
    hi bench --build          # also time dbt build of the loaded drop
"""
from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

STEPS = ("generate", "validate", "load")


def _child(step: str, drop: Path, db_path: Path, scale: str, seed: int) -> None:
    """Runs inside the child process: one step, then print its figures as JSON."""
    t = time.perf_counter()
    if step == "generate":
        from python_helpers.generate import generate_drop
        manifest = generate_drop(drop, scale=scale, seed=seed, progress=False)
        rows = sum(manifest["rows_per_file"].values())
    elif step == "validate":
        from python_helpers.validate import validate_drop
        validate_drop(drop, drop.parent / "validation")
        rows = None
    elif step == "load":
        from python_helpers.load import load_drop
        result = load_drop(drop, db_path)
        rows = result.rows_loaded
    else:
        # dbt runs in its own process: its peak memory is reported as the child's
        from python_helpers.build import build
        if build(db_path, target_path=drop.parent / "target", docs=False, capture=True):
            raise SystemExit("dbt build failed")
        rows = None
    seconds = time.perf_counter() - t
    peak_kib = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                   resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    peak_mib = peak_kib / 1024
    print(json.dumps({"step": step, "seconds": round(seconds, 2),
                      "peak_rss_mib": round(peak_mib, 1), "rows": rows}))


def main(args) -> int:
    out = Path(args.out).resolve()
    drop = out / f"drop-{args.scale}"
    db_path = out / f"bench-{args.scale}.duckdb"
    out.mkdir(parents=True, exist_ok=True)
    if db_path.exists():
        db_path.unlink()
    results = []
    for step in STEPS + (("build",) if args.build else ()):
        code = ("import sys; from pathlib import Path; from python_helpers.bench import _child; "
                f"_child({step!r}, Path({str(drop)!r}), Path({str(db_path)!r}), "
                f"{args.scale!r}, {args.seed})")
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        if proc.returncode != 0:
            sys.stderr.write(proc.stdout + proc.stderr)
            print(f"error: the {step} step failed", file=sys.stderr)
            return 1
        figures = json.loads(proc.stdout.strip().splitlines()[-1])
        results.append(figures)
        rows = f", {figures['rows']:,} rows" if figures["rows"] else ""
        print(f"{step:9s} {figures['seconds']:8.1f} s   peak {figures['peak_rss_mib']:8.0f} MiB{rows}",
              flush=True)
    report = {"scale": args.scale, "seed": args.seed, "cores": os.cpu_count(),
              "python": platform.python_version(), "steps": results}
    (out / "bench.json").write_text(json.dumps(report, indent=2))
    print(f"figures written to {out / 'bench.json'}")
    return 0
