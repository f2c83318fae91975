"""Python helpers of the MSE health-inequalities warehouse: generate, validate, load, bench."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent

# The embedded DuckDB warehouse. profiles.example.yml names the same file, relative to the
# project folder, for dbt run by hand; a test keeps the two equal.
DEFAULT_WAREHOUSE = Path("warehouse") / "mse_health_inequalities.duckdb"
WAREHOUSE_ENV = "HI_DUCKDB_PATH"


def warehouse_path(explicit: str | Path | None = None) -> Path:
    """The DuckDB file every command works on: `--duckdb` when given, else the
    HI_DUCKDB_PATH environment variable, else warehouse/mse_health_inequalities.duckdb in
    the project folder. The one place that decides it; dbt is handed the same path."""
    chosen = explicit or os.environ.get(WAREHOUSE_ENV) or PROJECT_DIR / DEFAULT_WAREHOUSE
    return Path(chosen).expanduser().resolve()
