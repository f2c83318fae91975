"""`hi build`: dbt build and dbt docs generate against the warehouse.

dbt runs in a subprocess, from the project folder, with the profile in the project folder
(copied from profiles.example.yml when missing) and the DuckDB file given by
HI_DUCKDB_PATH (an absolute path, so the working directory does not matter). A
subprocess, not dbtRunner in this process: in-process runs keep the DuckDB file locked
afterwards. `build` runs build and docs in one such process (`dbt_session`); `run_dbt`
runs any one dbt command.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from python_helpers import PROJECT_DIR
from python_helpers.dbt_session import BUILD_RESULTS, TIMINGS  # noqa: F401 (re-exported)


def ensure_profile(project_dir: Path = PROJECT_DIR) -> Path:
    """The local profile; copied from the example on first use, never overwritten."""
    profile = project_dir / "profiles.yml"
    if not profile.exists():
        shutil.copyfile(project_dir / "profiles.example.yml", profile)
    return profile


def dbt_env(db_path: Path | str | None = None, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    if db_path is not None:
        env["HI_DUCKDB_PATH"] = str(Path(db_path).resolve())
    env.update(extra)
    return env


def run_dbt(args: list[str], db_path: Path | str | None = None,
            target_path: Path | str | None = None, env: dict | None = None,
            capture: bool = False) -> subprocess.CompletedProcess:
    """Run one dbt command in the project; returns the completed process."""
    ensure_profile()
    dbt = Path(sys.executable).parent / "dbt"
    cmd = [str(dbt), *args, "--project-dir", str(PROJECT_DIR),
           "--profiles-dir", str(PROJECT_DIR)]
    if target_path is not None:
        cmd += ["--target-path", str(target_path)]
    return subprocess.run(
        cmd, cwd=PROJECT_DIR, env=without_colours(env or dbt_env(db_path), capture),
        text=True, capture_output=capture, check=False,
    )


def without_colours(env: dict[str, str], capture: bool) -> dict[str, str]:
    """dbt's colour codes belong on a terminal, not in files: never in logs/dbt.log, and
    not on dbt's output when it is captured or is not a terminal (a redirected `hi run`,
    CI). An explicit DBT_USE_COLORS of the user's wins on a terminal."""
    env = dict(env)
    env["DBT_USE_COLORS_FILE"] = "false"
    if capture or not sys.stdout.isatty():
        env["DBT_USE_COLORS"] = "false"
    return env


def build(db_path: Path | str, target_path: Path | str | None = None,
          docs: bool = True, capture: bool = False, unit_tests: bool = False) -> int:
    """dbt build (seeds, models, snapshots, data tests; dbt's unit tests with
    `unit_tests`), then the static docs site, in one dbt process that parses the project
    once (`dbt_session`). The build's run results are kept as `build_run_results.json`,
    also when the build failed."""
    ensure_profile()
    target = Path(target_path or PROJECT_DIR / "target").resolve()
    cmd = [sys.executable, "-m", "python_helpers.dbt_session", str(target)]
    if not docs:
        cmd.append("--no-docs")
    if unit_tests:
        cmd.append("--unit-tests")
    result = subprocess.run(cmd, cwd=PROJECT_DIR,
                            env=without_colours(dbt_env(db_path), capture),
                            text=True, capture_output=capture, check=False)
    if result.returncode != 0 and capture:
        sys.stderr.write(result.stdout[-20000:] + result.stderr[-5000:])
    return result.returncode


def docs_path(target_path: Path | str | None = None) -> Path:
    return Path(target_path or PROJECT_DIR / "target") / "static_index.html"


def main(args) -> int:
    db_path = Path(args.duckdb).resolve()
    if not db_path.exists():
        print(f"error: {db_path} does not exist: load a drop first (hi load DROP)",
              file=sys.stderr)
        return 1
    code = build(db_path, unit_tests=args.unit_tests)
    if code == 0:
        print(f"warehouse: {db_path}")
        print(f"docs:      {docs_path()}")
        print("the inequality report and the governance pack: hi report")
    return code
