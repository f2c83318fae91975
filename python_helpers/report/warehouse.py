"""Reading the built warehouse for the report and the governance pack: a read-only
DuckDB connection, tables that may not exist yet, and the dbt vars that set the rules
(disclosure threshold and rounding base, completeness threshold, catchment threshold)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from python_helpers.settings import project_vars




class Warehouse:
    """A read-only view of the DuckDB warehouse file."""

    def __init__(self, db_path: Path | str):
        self.path = Path(db_path).resolve()
        if not self.path.exists():
            raise FileNotFoundError(f"{self.path} does not exist: run `hi run` (or load and "
                                    "build) first")
        self.con = duckdb.connect(str(self.path), read_only=True)
        self._tables = {(s.lower(), t.lower()) for s, t in self.con.execute(
            "select table_schema, table_name from information_schema.tables").fetchall()}

    def has(self, schema: str, table: str) -> bool:
        return (schema.lower(), table.lower()) in self._tables

    def table(self, schema: str, table: str) -> pd.DataFrame | None:
        if not self.has(schema, table):
            return None
        return self.df(f'select * from "{schema}"."{table}"')

    def df(self, sql: str, params: list | None = None) -> pd.DataFrame:
        return self.con.execute(sql, params or []).df()

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Warehouse":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@dataclass(frozen=True)
class DisclosureRule:
    """The research-question marts' rule (macros/disclosure), for the few figures the report
    takes from tables that are not disclosure-controlled (linkage by district): a count
    from 1 to `threshold` is withheld, any other rounded to the nearest `base` (halves away
    from zero), zero stays zero."""
    threshold: int
    base: int

    @classmethod
    def from_project(cls) -> "DisclosureRule":
        v = project_vars()
        return cls(int(v["disclosure_threshold"]), int(v["disclosure_rounding_base"]))

    def publish(self, count) -> int | None:
        if count is None or pd.isna(count):
            return None
        count = int(count)
        if 1 <= count <= self.threshold:
            return None
        return int((count + self.base / 2) // self.base * self.base)

    def describe(self) -> str:
        return (f"counts from 1 to {self.threshold} are suppressed and every other count is "
                f"rounded to the nearest {self.base}; percentages are computed from the "
                "rounded counts")
