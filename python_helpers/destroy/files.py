"""Local files the project wrote that can hold row-level values.

- reports/validation: the Great Expectations report of a drop (it shows values' shapes
  and the unexpected values of code columns);
- warehouse/snowflake_landing: the checked Parquet copies of a drop, made for the
  Snowflake landing;
- target/ and logs/: dbt's artefacts and logs (a `dbt show` preview is kept in
  run_results.json; a database error in a log can quote a value). They are rebuilt by
  the next dbt command.

The drop folder itself is the partner's: `hi destroy` never touches it. Records of earlier
destructions (reports/destruction) are kept: they are the DPO's.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from python_helpers import PROJECT_DIR
from python_helpers.destroy.duckdb_target import overwrite_and_delete

DESTRUCTION_RECORDS = PROJECT_DIR / "reports" / "destruction"
ROW_LEVEL_FOLDERS = (
    ("reports/validation", "validation report of the drop (value shapes, unexpected values)"),
    ("warehouse/snowflake_landing", "Parquet copies of the drop prepared for Snowflake"),
    ("target", "dbt artefacts (run results can hold previews of rows)"),
    ("logs", "dbt logs (an error message can quote a value)"),
)


@dataclass(frozen=True)
class LocalFiles:
    path: Path
    why: str
    files: int
    bytes: int

    def __str__(self) -> str:
        return f"{self.path} ({self.files:,} files, {self.bytes:,} bytes): {self.why}"


def files_to_remove(project_dir: Path = PROJECT_DIR) -> list[LocalFiles]:
    found = []
    for relative, why in ROW_LEVEL_FOLDERS:
        folder = project_dir / relative
        if folder.exists():
            files = [p for p in folder.rglob("*") if p.is_file()]
            found.append(LocalFiles(folder, why, len(files),
                                    sum(p.stat().st_size for p in files)))
    return found


def remove(found: list[LocalFiles]) -> None:
    for item in found:
        for path in sorted(item.path.rglob("*"), reverse=True):
            if path.is_file() and not path.is_symlink():
                overwrite_and_delete(path)
        shutil.rmtree(item.path, ignore_errors=False)


def relative(path: Path, project_dir: Path = PROJECT_DIR) -> str:
    try:
        return os.path.relpath(path, project_dir)
    except ValueError:
        return str(path)
