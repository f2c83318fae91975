"""The README's main job (`hi run`, which `make run` calls) works end to end, and fails
clearly on a drop it cannot use."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from python_helpers import PROJECT_DIR
from python_helpers.build import BUILD_RESULTS
from python_helpers.synth.defects import WARNING_TESTS

HI = [sys.executable, "-m", "python_helpers.cli"]


def _hi(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*HI, *args], cwd=PROJECT_DIR, capture_output=True, text=True,
                          timeout=1800, env=env)


def test_main_command_runs_a_given_drop_to_a_built_warehouse_and_docs(small_drop, tmp_path):
    # the warehouse is chosen by HI_DUCKDB_PATH alone, as the README offers
    db_path = tmp_path / "warehouse.duckdb"
    logs = tmp_path / "logs"  # dbt's log of this run alone
    env = {k: v for k, v in os.environ.items() if k != "DBT_LOG_LEVEL_FILE"}
    result = _hi("run", "--drop", str(small_drop), "--report", str(tmp_path / "validation"),
                 "--reports-dir", str(tmp_path / "reports"),
                 env=dict(env, HI_DUCKDB_PATH=str(db_path), DBT_LOG_PATH=str(logs)))
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-5000:]
    # dbt's colour codes stay out of captured output and out of dbt's log file
    assert "\x1b[" not in result.stdout + result.stderr
    this_run = (logs / "dbt.log").read_text(encoding="utf-8", errors="replace")
    assert "\x1b[" not in this_run
    # a production build: dbt's file log at info, without its per-statement debug lines,
    # and no unit tests (they prove the code; make test runs them)
    assert "Running with dbt=" in this_run and "[debug]" not in this_run
    built = json.loads((PROJECT_DIR / "target" / BUILD_RESULTS).read_text())["results"]
    kinds = {r["unique_id"].split(".")[0] for r in built}
    assert {"model", "test", "snapshot"} <= kinds and "unit_test" not in kinds
    # it ends with the inequality report and the governance pack, and says where they are
    report = Path(result.stdout.split("inequality report:")[-1].split()[0])
    pack = Path(result.stdout.split("governance pack:")[-1].split()[0])
    assert report == tmp_path / "reports" / "inequality_report.html" and report.exists()
    assert pack == tmp_path / "reports" / "governance" / "governance_pack.html" and pack.exists()
    assert (pack.parent / "governance_pack.md").exists()
    assert "received, never used" in result.stdout
    assert f"warehouse (DuckDB): {db_path}" in result.stdout
    assert f"load {small_drop} into {db_path}" in result.stdout
    # the summary tells the planted defects' warnings from new ones
    summary = result.stdout.split("== summary", 1)[1]
    assert "0 quarantined" in summary and "empty feeds: none" in summary
    assert "0 new finding(s)" in summary
    expected = int(summary.split(" warning(s) expected")[0].split()[-1])
    assert expected >= len(WARNING_TESTS)
    docs = Path(result.stdout.split("dbt docs:")[1].split()[0])
    assert docs.exists() and docs.stat().st_size > 100_000
    # the docs page only loads dbt's tracking script when the manifest allows it
    page = docs.read_text(encoding="utf-8")
    assert '"send_anonymous_usage_stats": false' in page
    assert '"send_anonymous_usage_stats": true' not in page
    assert (tmp_path / "validation" / "index.html").exists()


def test_main_command_stops_on_a_drop_missing_a_feed(small_drop, tmp_path):
    drop = tmp_path / "drop"
    shutil.copytree(small_drop, drop)
    (drop / "mseft_waiting_list.csv").unlink()
    result = _hi("run", "--drop", str(drop), "--duckdb", str(tmp_path / "w.duckdb"),
                 "--report", str(tmp_path / "validation"))
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "mseft_waiting_list.csv" in output
    assert "cannot be used" in output
    assert not (tmp_path / "w.duckdb").exists(), "nothing is loaded from an unusable drop"


def test_main_command_says_when_the_drop_folder_does_not_exist(tmp_path):
    result = _hi("run", "--drop", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert "does not exist" in result.stderr
