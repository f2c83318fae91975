"""A drop file as the loader reads it, turned into the DataFrame that GX validates.

Validation reads each file with the loader's own reader (`python_helpers.load`, DuckDB's
CSV reader under the drop-folder contract), so a file validation calls usable is a file
`hi load` lands and the messages for a file that cannot be used are the load's, naming
file, line and column. Records the loader quarantines (wrong number of fields, broken
quoting, damaged UTF-8) are counted here; the rest are validated.

Values are trimmed and '' becomes null, as staging sees them. The frame's index is the
raw table's `_source_row` (the record's number among data records), so a reported row is
the row an engineer finds in `raw.<feed>` and in staging.
"""
from __future__ import annotations

import mmap
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from python_helpers.load import PreparedFeed
from python_helpers.load.reader import SOURCE_ROW

MAX_QUARANTINE_EXAMPLES = 5


@dataclass
class RawFeed:
    frame: pd.DataFrame        # index: _source_row; columns: raw-table names (all text)
    present: set[str]          # registry column names (all of them: the loader refuses less)
    extras: dict[str, str]     # raw-table name -> header, for columns the registry lacks
    loose_headers: list[tuple[str, str]] = field(default_factory=list)  # (file, registry)
    rows_rejected: int = 0     # records the loader quarantines
    quarantined: list[tuple[int, str | None, str]] = field(default_factory=list)
    truncated: bool = False    # the last record is malformed and the file ends without EOL


def _clean(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Trim; '' and white space only become null. The if_else is the slow part, so it
    runs only on columns that need it."""
    trimmed = pc.utf8_trim_whitespace(column)
    blank = pc.equal(trimmed, "")
    if not pc.any(blank).as_py():
        return trimmed
    return pc.if_else(blank, pa.scalar(None, pa.string()), trimmed)


def raw_feed(con: duckdb.DuckDBPyConnection, prepared: PreparedFeed, path: Path,
             table: pa.Table) -> RawFeed:
    """The prepared feed's rows (`table`: `select * from prepared.rows`, as Arrow) as a
    pandas DataFrame with what the report needs."""
    names = [n for n in table.column_names if n != SOURCE_ROW]
    frame = pa.table([_clean(table.column(n).cast(pa.string())) for n in names],
                     names=names).to_pandas()
    frame.index = table.column(SOURCE_ROW).to_numpy()

    header = prepared.header
    registry_fields = [f for f in header.fields if f.column is not None]
    quarantined = con.execute(
        f"select line, column_name, reason from {prepared.quarantine} order by line limit ?",
        [MAX_QUARANTINE_EXAMPLES]).fetchall()
    last = next(iter(con.execute(f"select raw_record from {prepared.quarantine} "
                                 "order by line desc limit 1").fetchall()), None)
    return RawFeed(
        frame=frame,
        present={f.column.name for f in registry_fields},
        extras={f.name: f.header for f in header.extras},
        loose_headers=[(f.header, f.column.header) for f in registry_fields
                       if f.header != f.column.header.strip()],
        rows_rejected=prepared.rows_rejected,
        quarantined=[(int(line), column, reason) for line, column, reason in quarantined],
        truncated=_looks_truncated(path, last[0] if last else None),
    )


def _looks_truncated(path: Path, last_quarantined: str | None) -> bool:
    """The file's last line has no line break and is the last quarantined record: was the
    file cut off in transfer?"""
    if last_quarantined is None:
        return False
    with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
        if data[-1:] == b"\n":
            return False
        last_line = data[data.rfind(b"\n") + 1:].decode("utf-8", "replace")
    return last_line.strip() == last_quarantined.strip()
