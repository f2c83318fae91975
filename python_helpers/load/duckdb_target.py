"""Write a prepared drop folder into the `raw` schema of a DuckDB warehouse file.

Each feed that reads cleanly replaces its table and its quarantine rows in one
transaction; a feed that fails leaves its previous table (and quarantine rows) untouched,
and so does a required feed with a header and no records unless `allow_empty` names it.
`_load_log` is rewritten from this load's outcomes. The objections file's rows are appended
to the objection register (objection_register.py), which no load replaces. No table holds a
timestamp, so loading the same folder twice gives identical tables.
"""
from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import duckdb

from python_helpers.load import objection_register
from python_helpers.load.outcome import ABSENT, FAILED, LOG_COLUMNS, FeedOutcome, LoadResult, \
    refuse_empty
from python_helpers.load.quarantine import QUARANTINE_COLUMNS
from python_helpers.load.reader import SOURCE_ROW, FeedRead, PreparedFeed, iter_drop, \
    unexpected_csv_files
from python_helpers.load.reference import REFERENCE_TABLES
from python_helpers.registry import Feed, feed_for_name, load_registry
from python_helpers.settings import RAW_SCHEMA

WRITERS = 2  # feeds landed at a time from what validation read (_land_read)


def load_drop(drop_dir: Path | str, db_path: Path | str, *, schema: str = RAW_SCHEMA,
              allow_empty: Iterable[str] = (),
              read: Mapping[str, FeedRead] | None = None) -> LoadResult:
    """Land every file of `drop_dir` as all-text tables in `schema` of the DuckDB file.

    A required feed whose file has a header and no records fails unless it is named in
    `allow_empty` (by raw table or file name; KeyError for a name the registry lacks).
    `read`: the feeds as validation already read them (by file name), so that `hi run`
    reads each file once; the same reader made them, with the same refusals and the same
    reconciliation against the file, so the tables are those a fresh read gives."""
    started = time.perf_counter()
    allowed = {feed_for_name(name).identifier for name in allow_empty}
    drop = Path(drop_dir)
    if not drop.is_dir():
        raise FileNotFoundError(f"drop folder {drop} does not exist")
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    outcomes: list[FeedOutcome] = []
    with duckdb.connect(str(db_path)) as con:
        con.execute("set enable_progress_bar = false")
        _create_schema(con, schema)
        for ref in REFERENCE_TABLES:
            con.execute(f'create or replace table {schema}."{ref.identifier}" as '
                        + ref.select_sql())
        if read is None:
            for outcome, prepared in iter_drop(con, drop):
                outcomes.append(_land(con, schema, outcome, prepared, allowed))
        else:
            outcomes = _land_read(con, schema, drop, read, allowed)
        _write_log(con, schema, outcomes)
    return LoadResult(tuple(outcomes), db_path, time.perf_counter() - started,
                      unexpected_csv_files(drop))


def _land(con: duckdb.DuckDBPyConnection, schema: str, outcome: FeedOutcome,
          prepared: PreparedFeed | None, allowed: set[str]) -> FeedOutcome:
    """Replace one feed's table and quarantine rows (or keep them, for a failed feed)."""
    outcome = refuse_empty(outcome, allowed)
    if outcome.status == FAILED:
        prepared = None
    if prepared is not None:
        _replace_feed(con, schema, prepared)
    elif outcome.status == ABSENT:
        _replace_with_empty(con, schema, outcome.feed)
    if outcome.feed.identifier == objection_register.OBJECTIONS_FEED:
        outcome = _register_objections(con, schema, outcome, prepared)
    return outcome


def _land_read(con: duckdb.DuckDBPyConnection, schema: str, drop: Path,
               read: Mapping[str, FeedRead], allowed: set[str]) -> list[FeedOutcome]:
    """Land feeds read elsewhere, several at a time: compressing and writing a table is
    mostly one core's work, so each writer thread lands one feed in its own transaction
    on its own cursor, as the one-at-a-time path would (a feed that fails keeps its
    previous table). A feed `read` lacks is read from its file here, first."""
    outcomes: dict[str, FeedOutcome] = {}
    for feed in load_registry():
        if feed.file not in read:
            for outcome, prepared in iter_drop(con, drop, (feed,)):
                outcomes[feed.file] = _land(con, schema, outcome, prepared, allowed)

    def land(feed_read: FeedRead) -> FeedOutcome:
        with con.cursor() as cursor, feed_read.registered(cursor) as prepared:
            return _land(cursor, schema, feed_read.outcome, prepared, allowed)

    given = sorted(read.values(), key=lambda r: -(r.rows.nbytes if r.rows is not None else 0))
    with ThreadPoolExecutor(max_workers=min(WRITERS, os.cpu_count() or 1)) as pool:
        for feed_read, outcome in zip(given, pool.map(land, given)):
            outcomes[feed_read.outcome.file] = outcome
    return [outcomes[feed.file] for feed in load_registry() if feed.file in outcomes]


@contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    con.begin()
    try:
        yield
    except BaseException:
        con.rollback()
        raise
    con.commit()


def _scalar(con: duckdb.DuckDBPyConnection, sql: str):
    """The one value of a query, its result read to the end (an unfinished result blocks
    unregistering the Arrow tables of a feed read elsewhere: reader.iter_read)."""
    return con.execute(sql).fetchall()[0][0]


def _columns_ddl(columns: tuple[tuple[str, str], ...]) -> str:
    return ", ".join(f'"{name}" {sql_type}' for name, sql_type in columns)


def _create_schema(con: duckdb.DuckDBPyConnection, schema: str) -> None:
    con.execute(f"create schema if not exists {schema}")
    con.execute(f"create table if not exists {schema}._quarantine "
                f"({_columns_ddl(QUARANTINE_COLUMNS)})")
    con.execute(objection_register.create_sql(schema))


def _register_objections(con: duckdb.DuckDBPyConnection, schema: str, outcome: FeedOutcome,
                         prepared: PreparedFeed | None) -> FeedOutcome:
    """Append a delivered objections file to the register; say what the register holds."""
    if prepared is None:
        if outcome.status != ABSENT:
            return outcome  # failed: the load fails, the register is unchanged
        entries = _scalar(con, objection_register.entries_sql(schema))
        return dataclasses.replace(outcome,
                                   message=objection_register.absent_message(entries))
    with _transaction(con):
        con.execute(objection_register.append_sql(
            schema, f'{schema}."{prepared.feed.identifier}"', objection_register.OBJECTED,
            prepared.file_sha256))
    entries = _scalar(con, objection_register.entries_sql(schema))
    note = objection_register.recorded_message(entries)
    return dataclasses.replace(
        outcome, message="; ".join(m for m in (outcome.message, note) if m))


def _replace_feed(con: duckdb.DuckDBPyConnection, schema: str, prepared: PreparedFeed) -> None:
    identifier = prepared.feed.identifier
    columns = ", ".join(f'"{c}"' for c in prepared.columns)
    with _transaction(con):
        con.execute(f'create or replace table {schema}."{identifier}" as '
                    f"select {columns} from {prepared.rows}")
        con.execute(f"delete from {schema}._quarantine where feed = ?", [identifier])
        con.execute(f"insert into {schema}._quarantine select * from {prepared.quarantine}")


def _replace_with_empty(con: duckdb.DuckDBPyConnection, schema: str, feed: Feed) -> None:
    """An optional file not in the drop: its table is empty (e.g. no objectors)."""
    columns = tuple((c.name, "VARCHAR") for c in feed.columns) + ((SOURCE_ROW, "INTEGER"),)
    with _transaction(con):
        con.execute(f'create or replace table {schema}."{feed.identifier}" '
                    f"({_columns_ddl(columns)})")
        con.execute(f"delete from {schema}._quarantine where feed = ?", [feed.identifier])


def _write_log(con: duckdb.DuckDBPyConnection, schema: str,
               outcomes: list[FeedOutcome]) -> None:
    placeholders = ", ".join("?" for _ in LOG_COLUMNS)
    with _transaction(con):
        con.execute(f"create or replace table {schema}._load_log ({_columns_ddl(LOG_COLUMNS)})")
        con.executemany(f"insert into {schema}._load_log values ({placeholders})",
                        [o.log_row() for o in outcomes])
        # rewritten in a fixed order so that a reload gives the identical table
        con.execute(f"create or replace table {schema}._quarantine as "
                    f"select * from {schema}._quarantine order by feed, line")
