"""sqlfluff (dbt templater, .sqlfluff) lints every model and analysis clean."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from python_helpers import PROJECT_DIR


def test_models_and_analyses_lint_clean(tmp_path):
    sqlfluff = Path(sys.executable).parent / "sqlfluff"
    # the dbt templater opens the profile's DuckDB file: give it a scratch one
    env = dict(os.environ, HI_DUCKDB_PATH=str(tmp_path / "lint.duckdb"))
    result = subprocess.run(
        [str(sqlfluff), "lint", "models", "analyses", "--processes", "2",
         "--disable-progress-bar"],
        cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=1800)
    violations = [line for line in result.stdout.splitlines()
                  if line.startswith(("== [", "L:"))]
    assert result.returncode == 0, "\n".join(violations[:80]) or result.stderr[-3000:]
