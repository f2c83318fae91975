"""Check a drop folder exactly as the DuckDB loader does, and write what to land as Parquet.

The engine-independent half of the loader (python_helpers.load.reader: header matching,
reading, quarantine, the un-pseudonymised NHS number check, the `_load_log` row) runs here
on an in-memory DuckDB; its accepted rows and quarantine rows are written to Parquet files,
one per raw table, which are what Snowflake stages and COPYs. Parquet carries every value
exactly as the checked text (null and empty apart, quotes and line breaks untouched), with
no second CSV dialect to agree on.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from python_helpers.load.outcome import ABSENT, FAILED, LOG_COLUMNS, FeedOutcome, refuse_empty
from python_helpers.load.quarantine import QUARANTINE_COLUMNS, sql_literal
from python_helpers.load.reader import SOURCE_ROW, file_sha256, iter_drop, \
    unexpected_csv_files
from python_helpers.load.reference import REFERENCE_TABLES

# Bump when the prepared files change shape: the load id (and stage folder) changes with it.
FORMAT_VERSION = "1"
QUARANTINE = "_quarantine"
LOAD_LOG = "_load_log"
SNOWFLAKE_TYPES = {"VARCHAR": "varchar", "BIGINT": "number(38, 0)", "INTEGER": "number(38, 0)"}


@dataclass(frozen=True)
class RawTable:
    """One raw table to land: its columns and the Parquet file of its rows."""
    identifier: str
    columns: tuple[tuple[str, str], ...]      # (name, DuckDB type)
    file: str | None                          # None: land an empty table
    rows: int
    feed: str | None = None                   # the feed whose quarantine rows it replaces
    quarantine_file: str | None = None
    quarantine_rows: int = 0

    def files(self) -> list[str]:
        return [f for f in (self.file, self.quarantine_file) if f]


@dataclass
class PreparedDrop:
    folder: Path
    load_id: str
    tables: list[RawTable]
    outcomes: list[FeedOutcome]
    unexpected_files: tuple[str, ...] = field(default_factory=tuple)

    def files(self) -> list[str]:
        return [f for t in self.tables for f in t.files()]


def snowflake_type(duckdb_type: str) -> str:
    return SNOWFLAKE_TYPES[duckdb_type]


def _export(con: duckdb.DuckDBPyConnection, select_sql: str, path: Path) -> None:
    con.execute(f"copy ({select_sql}) to {sql_literal(str(path))} (format parquet)")


def prepare_drop(drop_dir: Path | str, folder: Path | str,
                 allow_empty: Collection[str] = ()) -> PreparedDrop:
    """Read and check every file of the drop; write the Parquet files into `folder`.

    A required feed with a header and no records fails, as on DuckDB, unless its raw
    table name is in `allow_empty`."""
    drop = Path(drop_dir)
    if not drop.is_dir():
        raise FileNotFoundError(f"drop folder {drop} does not exist")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.parquet"):
        old.unlink()
    tables: list[RawTable] = []
    outcomes: list[FeedOutcome] = []
    fingerprint = [FORMAT_VERSION]
    with duckdb.connect() as con:
        con.execute("set enable_progress_bar = false")
        for ref in REFERENCE_TABLES:
            file = f"{ref.identifier}.parquet"
            _export(con, ref.select_sql(), folder / file)
            rows = con.execute(f"select count(*) from ({ref.select_sql()})").fetchone()[0]
            tables.append(RawTable(ref.identifier, tuple((c, "VARCHAR") for c in ref.columns),
                                   file, rows))
            fingerprint.append(f"{ref.identifier}:{file_sha256(ref.path)}")
        for outcome, prepared in iter_drop(con, drop):
            outcome = refuse_empty(outcome, allow_empty)
            if outcome.status == FAILED:
                prepared = None
            outcomes.append(outcome)
            fingerprint.append(f"{outcome.feed.identifier}:{outcome.status}:"
                               f"{outcome.file_sha256}")
            if prepared is not None:
                tables.append(_prepare_feed(con, prepared, folder))
            elif outcome.status == ABSENT:
                feed = outcome.feed
                columns = tuple((c.name, "VARCHAR") for c in feed.columns)
                tables.append(RawTable(feed.identifier, columns + ((SOURCE_ROW, "INTEGER"),),
                                       None, 0, feed=feed.identifier))
    load_id = "load_" + hashlib.sha256("\n".join(fingerprint).encode()).hexdigest()[:16]
    result = PreparedDrop(folder, load_id, tables, outcomes, unexpected_csv_files(drop))
    _write_manifest(result)
    return result


def _prepare_feed(con: duckdb.DuckDBPyConnection, prepared, folder: Path) -> RawTable:
    identifier = prepared.feed.identifier
    columns = ", ".join(f'"{c}"' for c in prepared.columns)
    file = f"{identifier}.parquet"
    _export(con, f"select {columns} from {prepared.rows}", folder / file)
    quarantine_file = None
    if prepared.rows_rejected:
        quarantine_file = f"{identifier}{QUARANTINE}.parquet"
        _export(con, f"select * from {prepared.quarantine}", folder / quarantine_file)
    types = tuple((c, "VARCHAR") for c in prepared.columns[:-1]) + ((SOURCE_ROW, "INTEGER"),)
    return RawTable(identifier, types, file, prepared.rows_loaded, identifier,
                    quarantine_file, prepared.rows_rejected)


def _write_manifest(prepared: PreparedDrop) -> None:
    """What was prepared, for the engineer (and the upload to an external stage)."""
    manifest = {
        "load_id": prepared.load_id,
        "tables": [{"identifier": t.identifier, "file": t.file, "rows": t.rows,
                    "quarantine_file": t.quarantine_file,
                    "quarantine_rows": t.quarantine_rows} for t in prepared.tables],
        "load_log": [dict(zip([c for c, _ in LOG_COLUMNS], o.log_row()))
                     for o in prepared.outcomes],
        "quarantine_columns": [c for c, _ in QUARANTINE_COLUMNS],
    }
    (prepared.folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n",
                                                   encoding="utf-8")
