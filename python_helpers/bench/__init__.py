"""`hi bench`: how long each stage takes and how much memory it needs, against its floor.

    hi bench                      # one trust year: generate, validate, load, build, docs
    hi bench --years 1 3 5        # the same for each size, and how each stage grows
    hi bench --scale small        # a quick look

Stages, each in its own process so that its peak resident memory (the process and its
children together, sampled; ru_maxrss where larger) is its own: generate (not part of the
end-to-end figure: a partner drop arrives made), validate and load (one process, as in
`hi run`, where the load lands what validation read; timed and sampled apart), dbt build
(as `hi run` builds: dbt's unit tests left to `make test`; split into models, snapshots
and tests from dbt's run results: the wall-clock time covered by each kind's executions;
timed after a `dbt parse` in the fresh target folder, so the build parses as every
build after a clone's first does, and the cold parse is reported beside it), docs
(written by the build's own dbt process, as `hi run` does, and timed inside it), and
then (outside the end-to-end figure) scan: the statements and bytes the build reads, the
input of the Snowflake estimate (scan.py). Floors, measured in the same run (floors.py):
(a) DuckDB reading every CSV into all-text tables, the floor for validate + load; (b) the
build's compiled SQL run directly in one DuckDB connection, the floor for dbt build.
Printed as a table with each stage's ratio to its floor, the slowest ten models and
tests, and written to <out>/bench.json. Figures are measurements for the README and
closing notes, never pass/fail tests.
"""
from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

STAGES = ("generate", "validate", "load", "csv_floor", "build", "sql_floor", "docs", "scan")
# Stages run as processes of their own. Validate and load share one, as in `hi run` (the
# load lands the feeds validation read: each file is read once), each timed and sampled
# apart inside it; docs is measured inside the build's process (see child).
VALIDATE_LOAD = "validate_load"
RUN = ("generate", VALIDATE_LOAD, "csv_floor", "build", "sql_floor", "scan")


class TreeMemory:
    """Peak resident memory of this process and all its descendants together, sampled
    from /proc every 0.2 s: ru_maxrss only knows the largest single process, and a stage
    may run several at once (validation runs a worker per core). Linux only; elsewhere
    it reports 0 and ru_maxrss stands alone."""

    def __init__(self, interval: float = 0.2) -> None:
        self._peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, args=(interval,), daemon=True)
        if Path("/proc/self/stat").exists():
            self._thread.start()

    def _watch(self, interval: float) -> None:
        while not self._stop.is_set():
            self._peak_kib = max(self._peak_kib, _tree_rss_kib(os.getpid()))
            self._stop.wait(interval)

    def peak_mib(self) -> float:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        return round(self._peak_kib / 1024, 1)


PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024 if hasattr(os, "sysconf") else 4


def _tree_rss_kib(root: int) -> int:
    """Resident memory (KiB) of `root` and its descendants, from /proc. The tree is walked
    through each thread's `children` list and each process read from its one-line
    `statm`: a sampler that read every process of the machine five times a second took
    about a core-second of a 14 s stage from the stage it measured."""
    total, seen, frontier = 0, set(), [root]
    while frontier:
        pid = frontier.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            with open(f"/proc/{pid}/statm") as statm:
                total += int(statm.read().split()[1]) * PAGE_KIB
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as children:
                    frontier.extend(int(child) for child in children.read().split())
        except (OSError, ValueError):
            continue  # the process or thread ended meanwhile
    return total


def _peak_mib() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


def child(stage: str, work: Path, scale: str, seed: int, years: float | None) -> None:
    """Runs inside the child process: one stage, then its figures as one JSON line."""
    drop, db_path, target = work / "drop", work / "bench.duckdb", work / "target"
    started = time.perf_counter()
    extra: dict = {}
    sampler = TreeMemory()
    if stage == "generate":
        from python_helpers.synth.generate import generate_drop
        if drop.exists():
            shutil.rmtree(drop)
        manifest = generate_drop(drop, scale=scale, seed=seed, years=years, progress=False)
        extra["rows"] = sum(manifest["rows_per_file"].values())
        extra["csv_bytes"] = sum(p.stat().st_size for p in drop.glob("*.csv"))
    elif stage == VALIDATE_LOAD:
        # as `hi run`: the import of the validation (Great Expectations) is its cost
        from python_helpers.validate import validate_drop
        validated = validate_drop(drop, work / "validation", keep_rows=True)
        if not validated.ok:
            raise SystemExit("validation found the drop unusable")
        extra["validate"] = {"stage": "validate",
                             "seconds": round(time.perf_counter() - started, 2),
                             "peak_rss_mib": max(_peak_mib(), sampler.peak_mib())}
        load_started, sampler = time.perf_counter(), TreeMemory()
        from python_helpers.load import load_drop
        for old in (db_path, Path(f"{db_path}.wal")):
            if old.exists():
                old.unlink()
        result = load_drop(drop, db_path, read=validated.read)
        extra["load"] = {"stage": "load", "rows": result.rows_loaded,
                         "seconds": round(time.perf_counter() - load_started, 2),
                         "peak_rss_mib": sampler.peak_mib()}
        shutil.copyfile(db_path, work / "loaded.duckdb")  # the floor's starting point
    elif stage == "csv_floor":
        from python_helpers.bench.floors import csv_floor
        extra.update(csv_floor(drop, work / "csv_floor.duckdb"))
        (work / "csv_floor.duckdb").unlink()
    elif stage == "build":
        from python_helpers.bench.split import split_build
        from python_helpers.build import TIMINGS, build, run_dbt
        # A fresh target folder, then `dbt parse` as a clone's first command: dbt parses
        # the whole project (cold) and keeps its parse cache in the folder. The build
        # that follows parses as every later build of a user does (only what changed),
        # so every size and every run measures the same two things.
        shutil.rmtree(target, ignore_errors=True)
        cold = time.perf_counter()
        if run_dbt(["parse"], db_path, target_path=target, capture=True).returncode != 0:
            raise SystemExit("dbt parse failed")
        extra["cold_parse_seconds"] = round(time.perf_counter() - cold, 2)
        started = time.perf_counter()  # the build stage's time starts here
        if build(db_path, target, docs=True, capture=True) != 0:
            raise SystemExit("dbt build or dbt docs generate failed")
        extra.update(split_build(target))
        # one dbt process builds and then writes the docs (dbt_session): its docs step
        # is the docs stage, the rest (start-up, parse, build) the build stage
        timings = json.loads((target / TIMINGS).read_text())
        extra["docs_seconds"] = timings["docs"]
        # the build's own dbt start-up and (warm) parse
        extra["parse_seconds"] = round(timings["start_up"] + timings["parse"], 2)
    elif stage == "sql_floor":
        from python_helpers.bench.floors import sql_floor
        loaded = work / "floor_src" / db_path.name
        loaded.parent.mkdir(exist_ok=True)
        shutil.move(work / "loaded.duckdb", loaded)
        extra.update(sql_floor(loaded, target, work))
        shutil.rmtree(loaded.parent)
    elif stage == "scan":
        from python_helpers.bench.scan import scan_profile
        extra.update(scan_profile(db_path, target))
    else:
        raise AssertionError(stage)
    seconds = time.perf_counter() - started - extra.get("docs_seconds", 0.0)
    figures = {"stage": stage, "seconds": round(seconds, 2),
               "peak_rss_mib": max(_peak_mib(), sampler.peak_mib()), **extra}
    print(json.dumps(figures))


def _run_stage(stage: str, work: Path, args, years: float | None) -> dict:
    code = ("import sys; from pathlib import Path; from python_helpers.bench import child; "
            f"child({stage!r}, Path({str(work)!r}), {args.scale!r}, {args.seed}, {years!r})")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-5000:] + proc.stderr[-5000:])
        raise SystemExit(f"error: the {stage} stage failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def measure(work: Path, args, years: float | None) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    stages = {}
    for stage in RUN:
        print(f"  {stage} ...", end="", flush=True)
        stages[stage] = _run_stage(stage, work, args, years)
        print(f" {stages[stage]['seconds']:.1f} s", flush=True)
        if stage == VALIDATE_LOAD:
            both = stages.pop(stage)
            stages["validate"], stages["load"] = both["validate"], both["load"]
            print(f"    of which validate {both['validate']['seconds']:.1f} s, "
                  f"load {both['load']['seconds']:.1f} s", flush=True)
        if stage == "build":
            built = stages["build"]
            stages["docs"] = {"stage": "docs", "seconds": built["docs_seconds"],
                              "peak_rss_mib": built["peak_rss_mib"]}
            print(f"  docs (in the build's dbt process) ... {built['docs_seconds']:.1f} s",
                  flush=True)
    return summarise({name: stages[name] for name in STAGES})


def summarise(stages: dict) -> dict:
    s = {k: v["seconds"] for k, v in stages.items()}
    peak = {k: v["peak_rss_mib"] for k, v in stages.items()}
    end_to_end = s["validate"] + s["load"] + s["build"] + s["docs"]
    build = stages["build"]
    first_build = s["build"] - build["parse_seconds"] + build["cold_parse_seconds"]
    return {
        "stages": stages,
        "rows": stages["generate"].get("rows"),
        "csv_bytes": stages["generate"].get("csv_bytes"),
        "end_to_end_seconds": round(end_to_end, 1),
        "end_to_end_peak_mib": max(peak[k] for k in ("validate", "load", "build", "docs")),
        "validate_load_vs_csv_floor": round((s["validate"] + s["load"]) / s["csv_floor"], 2),
        "build_vs_sql_floor": round(s["build"] / s["sql_floor"], 2),
        # a clone's first build parses cold: its build with the cold parse's time in
        # place of the warm one (dbt parse and the build's parse each start dbt)
        "first_build_seconds": round(first_build, 1),
        "first_build_vs_sql_floor": round(first_build / s["sql_floor"], 2),
    }


def format_table(label: str, result: dict) -> str:
    st = result["stages"]
    floors = {"validate": "csv_floor", "load": "csv_floor", "build": "sql_floor"}
    lines = [f"{label}: {result['rows']:,} rows, {result['csv_bytes'] / 1e6:,.0f} MB of CSV",
             f"{'stage':10s} {'seconds':>9s} {'peak MiB':>9s}  against its floor"]
    for name in STAGES:
        f = st[name]
        note = ""
        if name in floors:
            note = f"{f['seconds'] / st[floors[name]]['seconds']:.2f} x {floors[name]}"
        lines.append(f"{name:10s} {f['seconds']:9.1f} {f['peak_rss_mib']:9.0f}  {note}")
    b = st["build"]
    lines.append(f"build split (wall-clock covered): dbt start-up and parse "
                 f"{b['parse_seconds']:.1f} s (a clone's first, cold: "
                 f"{b['cold_parse_seconds']:.1f} s), models {b['models_seconds']:.1f} s, "
                 f"snapshots {b['snapshots_seconds']:.1f} s, tests {b['tests_seconds']:.1f} s, "
                 f"dbt's own time {b['dbt_overhead_seconds']:.1f} s")
    lines.append(f"end to end (validate + load + build + docs): "
                 f"{result['end_to_end_seconds']:.1f} s, peak {result['end_to_end_peak_mib']:.0f}"
                 f" MiB; validate + load = {result['validate_load_vs_csv_floor']:.2f} x floor (a);"
                 f" build = {result['build_vs_sql_floor']:.2f} x floor (b), a clone's first"
                 f" build (cold parse) {result['first_build_seconds']:.1f} s ="
                 f" {result['first_build_vs_sql_floor']:.2f} x floor (b)")
    scan = st["scan"]
    lines.append(f"reads of the build (Snowflake estimate, scan.py): {scan['nodes']} models, "
                 f"snapshots and tests reading {scan['bytes_read'] / 1e9:.1f} GB uncompressed "
                 f"(warehouse {scan['warehouse_bytes'] / 1e9:.2f} GB)")
    lines.append("slowest models: " + ", ".join(f"{n} {t:.1f}s" for n, t in b["slowest_models"]))
    lines.append("slowest tests:  " + ", ".join(f"{n} {t:.1f}s" for n, t in b["slowest_tests"]))
    return "\n".join(lines)


def growth(results: dict[str, dict]) -> list[str]:
    """Each stage's time per year of data, relative to the smallest size measured."""
    sizes = sorted(results, key=float)
    if len(sizes) < 2:
        return []
    base = sizes[0]
    lines = ["growth (seconds per year of data, relative to the first size):"]
    for stage in STAGES:
        per_year = [results[y]["stages"][stage]["seconds"] / float(y) for y in sizes]
        lines.append(f"  {stage:10s} " + "  ".join(
            f"{y}y {v / (per_year[0] or 1):.2f}" for y, v in zip(sizes, per_year)))
    del base
    return lines


def main(args) -> int:
    out = Path(args.out).resolve()
    sizes = args.years or [None]
    report = {"scale": args.scale, "seed": args.seed, "cores": os.cpu_count(),
              "python": platform.python_version(), "machine": platform.machine(),
              "duckdb_settings": _profile_settings(), "results": {}}
    for years in sizes:
        label = f"{args.scale} x {years:g} year(s)" if years else args.scale
        print(f"== {label}", flush=True)
        work = out / (f"years-{years:g}" if years else args.scale)
        result = measure(work, args, years)
        report["results"][f"{years:g}" if years else "1"] = result
        print(format_table(label, result), flush=True)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    for line in growth(report["results"]):
        print(line)
    (out / "bench.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"figures written to {out / 'bench.json'}")
    return 0


def _profile_settings() -> dict:
    """The DuckDB profile's threads, config options and settings the build ran with
    (from profiles.yml)."""
    import yaml

    from python_helpers import PROJECT_DIR
    path = PROJECT_DIR / "profiles.yml"
    if not path.exists():
        path = PROJECT_DIR / "profiles.example.yml"
    output = yaml.safe_load(path.read_text())["mse_health_inequalities"]["outputs"]["duckdb"]
    return {"threads": output.get("threads"),
            "config_options": output.get("config_options", {}),
            "settings": output.get("settings", {})}
