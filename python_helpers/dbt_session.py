"""`dbt build` and then `dbt docs generate` in one dbt process: the project is parsed once.

    python -m python_helpers.dbt_session TARGET_PATH [--no-docs] [--unit-tests]

`hi build`, `hi run` and `hi bench` start this as a subprocess (see `build.build`), so
the DuckDB file is released when it exits (dbt run in-process by a long-lived `hi` would
keep it locked). Inside, dbt runs through `dbtRunner`, which lets the commands share one
manifest:

- the project is parsed once (about 13 s for its ~720 nodes on a 2-core laptop), not
  once per command;
- `dbt docs generate` runs with `--no-compile` on the manifest the build compiled: the
  docs site has the same pages and the compiled SQL of every node the build ran, without
  compiling the ~720 nodes a second time (a separate `dbt docs generate` took about 20 s
  at trust scale; this takes one or two).

Two choices for a production run, each a per-node cost at ~720 nodes (measured on a
trust year, README "Speed and memory"):
- dbt's unit tests are left out (`--exclude-resource-type unit_test`) unless
  `--unit-tests` is given: their inputs are fixed fixtures in the project, so they prove
  the code, not the partner's data, and dbt's guidance is to run them in development and
  CI, not in production builds. `make test` runs them (the test suite's builds pass
  `--unit-tests`), and so does a plain `dbt build`. Saves about 4 s.
- dbt's file log (logs/dbt.log) is kept at `info` unless DBT_LOG_LEVEL_FILE says
  otherwise (`DBT_LOG_LEVEL_FILE=debug` restores every SQL statement and its timing):
  writing some 75,000 debug lines cost about 6 s. The compiled and run SQL of every node
  stays in the target folder.

Exit code as dbt's command line: 0 success, 1 the build had failures, 2 dbt could not
run. The build's run_results.json is copied to `build_run_results.json` (the summary and
the benchmark read it), and the seconds of each step go to `session_timings.json` in the
target folder.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

BUILD_RESULTS = "build_run_results.json"
TIMINGS = "session_timings.json"


def _exit_code(result) -> int:
    if result.success:
        return 0
    return 2 if result.exception is not None else 1


FILE_LOG_LEVEL = "info"


def run(target: Path, project_dir: Path, docs: bool = True, unit_tests: bool = False) -> int:
    started = time.perf_counter()
    # dbt reads its own variable; a user's setting wins (this process ends with the build)
    os.environ.setdefault("DBT_LOG_LEVEL_FILE", FILE_LOG_LEVEL)
    from dbt.cli.main import dbtRunner

    common = ["--project-dir", str(project_dir), "--profiles-dir", str(project_dir),
              "--target-path", str(target)]
    timings: dict[str, float] = {"start_up": time.perf_counter() - started}

    def timed(step: str, runner, args: list[str]):
        t = time.perf_counter()
        result = runner.invoke([*args, *common])
        timings[step] = round(time.perf_counter() - t, 3)
        return result

    parsed = timed("parse", dbtRunner(), ["parse"])
    if not parsed.success:
        _write_timings(target, timings)
        return _exit_code(parsed)
    manifest = parsed.result
    build = ["build"] if unit_tests else ["build", "--exclude-resource-type", "unit_test"]
    built = timed("build", dbtRunner(manifest=manifest), build)
    if (target / "run_results.json").exists():
        shutil.copyfile(target / "run_results.json", target / BUILD_RESULTS)
    code = _exit_code(built)
    if code == 0 and docs:
        code = _exit_code(timed("docs", dbtRunner(manifest=manifest),
                                ["docs", "generate", "--static", "--no-compile"]))
    _write_timings(target, timings)
    return code


def _write_timings(target: Path, timings: dict[str, float]) -> None:
    target.mkdir(parents=True, exist_ok=True)
    (target / TIMINGS).write_text(json.dumps(
        {k: round(v, 3) for k, v in timings.items()}, indent=2) + "\n")


def main(argv: list[str]) -> int:
    from python_helpers import PROJECT_DIR

    if not argv or argv[0].startswith("-"):
        print("usage: python -m python_helpers.dbt_session TARGET_PATH [--no-docs] "
              "[--unit-tests]", file=sys.stderr)
        return 2
    return run(Path(argv[0]).resolve(), PROJECT_DIR, docs="--no-docs" not in argv[1:],
               unit_tests="--unit-tests" in argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
