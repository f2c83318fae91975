"""Split a `dbt build`'s wall-clock time by kind of node, from its run_results.json.

dbt runs nodes on several threads, so adding up execution times would count overlapping
work twice. Instead each kind's time is the length of the union of its nodes' execution
intervals (what a stopwatch watching only that kind would show); what the union of all
kinds leaves of the wall clock is dbt's own time (parsing, compiling, introspection,
scheduling, hooks).
"""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from python_helpers.dbt_session import BUILD_RESULTS

KINDS = {"model": "models", "snapshot": "snapshots", "test": "tests", "seed": "seeds",
         "unit_test": "tests"}


def _interval(result: dict) -> tuple[float, float] | None:
    for timing in result.get("timing", []):
        if timing["name"] == "execute" and timing.get("started_at"):
            start = datetime.fromisoformat(timing["started_at"].replace("Z", "+00:00"))
            end = datetime.fromisoformat(timing["completed_at"].replace("Z", "+00:00"))
            return start.timestamp(), end.timestamp()
    return None


def union_seconds(intervals: list[tuple[float, float]]) -> float:
    total, current_start, current_end = 0.0, None, None
    for start, end in sorted(intervals):
        if current_end is None or start > current_end:
            if current_end is not None:
                total += current_end - current_start
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None:
        total += current_end - current_start
    return total


def split_build(target: Path) -> dict:
    run = json.loads((Path(target) / BUILD_RESULTS).read_text())
    by_kind: dict[str, list] = {}
    timed: list[tuple[str, float]] = []
    for result in run["results"]:
        kind = KINDS.get(result["unique_id"].split(".")[0])
        interval = _interval(result)
        if kind is None or interval is None:
            continue
        by_kind.setdefault(kind, []).append(interval)
        timed.append((result["unique_id"], result.get("execution_time") or 0.0))
    elapsed = run.get("elapsed_time") or 0.0
    everything = union_seconds([i for v in by_kind.values() for i in v])
    slowest = sorted(timed, key=lambda t: -t[1])

    def top(prefixes: tuple[str, ...]) -> list[tuple[str, float]]:
        return [(uid.split(".", 2)[-1], round(t, 2)) for uid, t in slowest
                if uid.startswith(prefixes)][:10]

    return {
        "build_elapsed_seconds": round(elapsed, 2),
        **{f"{kind}_seconds": round(union_seconds(by_kind.get(kind, [])), 2)
           for kind in ("models", "snapshots", "tests", "seeds")},
        "dbt_overhead_seconds": round(max(elapsed - everything, 0.0), 2),
        "slowest_models": top(("model.", "snapshot.")),
        "slowest_tests": top(("test.", "unit_test.")),
    }
