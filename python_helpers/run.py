"""`hi run`: the main job, from a drop folder to a built warehouse, its docs, the
inequality report and the governance pack.

Without --drop it first generates a synthetic drop; with --drop it uses a partner drop
folder as delivered (this is how the Trust and the Council run it).
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from python_helpers import PROJECT_DIR
from python_helpers.build import BUILD_RESULTS, build, docs_path
from python_helpers.summary import format_summary

MANIFEST = "truth_manifest.json"  # written by the generator beside a synthetic drop


def _step(name: str) -> float:
    print(f"\n== {name}", flush=True)
    return time.perf_counter()


def main(args) -> int:
    from python_helpers import load, validate
    from python_helpers.synth import generate

    if args.drop:
        drop = Path(args.drop).resolve()
        if not drop.is_dir():
            print(f"error: drop folder {drop} does not exist", file=sys.stderr)
            return 1
    else:
        drop = PROJECT_DIR / "drops" / f"synthetic-{args.scale}-seed{args.seed}"
        t = _step(f"generate a synthetic {args.scale} drop into {drop}")
        generate.generate_drop(drop, scale=args.scale, seed=args.seed, years=args.years,
                               multiplier=args.multiplier, progress=True)
        print(f"generated in {time.perf_counter() - t:.1f} s")

    t = _step(f"validate {drop}")
    # the feeds as validation read them are landed by the load: each file is read once
    result = validate.validate_drop(drop, Path(args.report), echo=True, keep_rows=True)
    print(f"validation report: {result.report_path} ({time.perf_counter() - t:.1f} s)")
    if not result.ok:
        for problem in result.problems():
            print(f"error: {problem}", file=sys.stderr)
        print("error: the drop cannot be used; see the messages above and the report",
              file=sys.stderr)
        return 1

    db_path = Path(args.duckdb).resolve()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    t = _step(f"load {drop} into {db_path}")
    loaded = load.load_drop(drop, db_path, allow_empty=args.allow_empty, read=result.read)
    result.read.clear()  # the rows are in the warehouse now: free them before the build
    print(loaded.summary())
    print(f"loaded in {time.perf_counter() - t:.1f} s")
    if not loaded.ok:
        print("error: some feeds failed to load; see the messages above", file=sys.stderr)
        return 1

    t = _step("dbt build and dbt docs generate")
    code = build(db_path)
    print(f"built in {time.perf_counter() - t:.1f} s")
    _step("summary")
    print(format_summary(loaded, _build_results(), _truth_manifest(drop)))
    if code != 0:
        print("error: dbt build failed; see dbt's output above", file=sys.stderr)
        return code

    t = _step("inequality report and governance pack")
    from python_helpers.report import write_reports
    reports = write_reports(db_path, out_dir=Path(args.reports_dir), echo=True)
    print(f"written in {time.perf_counter() - t:.1f} s")

    print("\nDone.")
    print(f"  warehouse (DuckDB): {db_path}")
    print(f"  inequality report:  {reports.report}")
    print(f"  governance pack:    {reports.pack_html}")
    print(f"                      {reports.pack_markdown} (Markdown, for the DPIA)")
    print(f"  dbt docs:           {docs_path()}")
    print(f"  validation report:  {result.report_path}")
    return 0


def _build_results() -> dict | None:
    path = PROJECT_DIR / "target" / BUILD_RESULTS
    return json.loads(path.read_text()) if path.exists() else None


def _truth_manifest(drop: Path) -> dict | None:
    path = drop / MANIFEST
    return json.loads(path.read_text()) if path.exists() else None
