"""Reference files the loader lands beside the feeds (open data carried in the repo)."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from python_helpers import PROJECT_DIR
from python_helpers.load.quarantine import sql_literal


@dataclass(frozen=True)
class ReferenceTable:
    identifier: str              # raw table name
    path: Path
    columns: tuple[str, ...]     # the file's header, which staging relies on

    def select_sql(self) -> str:
        """SELECT of the whole file as text; raises ValueError if its header changed."""
        with self.path.open(newline="", encoding="utf-8-sig") as f:
            found = tuple(next(csv.reader(f)))
        if found != self.columns:
            raise ValueError(f"{self.path} header is {found}, expected {self.columns}")
        columns = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in self.columns) + "}"
        return (f"select * from read_csv({sql_literal(str(self.path))}, columns = {columns}, "
                "header = true, delim = ',', quote = '\"', auto_detect = false, "
                "strict_mode = true)")


REFERENCE_TABLES = (
    # ONS postcode directory extract (see reference/SOURCES.md): too big for a dbt seed.
    ReferenceTable("ref_postcode_lsoa21", PROJECT_DIR / "reference" / "postcode_lsoa21.csv",
                   ("pcds", "lad24_code", "ward24_code", "lsoa21_code")),
)
