"""`hi objections`: the objection register of the warehouse (DuckDB, or Snowflake with
--target snowflake).

    hi objections status                 how many objections stand (counts only)
    hi objections withdraw FILE          withdraw the (person, reason) objections of FILE

An objection lasts until it is withdrawn: a drop without objections.csv changes nothing.
Withdrawal is an explicit act by the data controller, for instance when a person tells
the Trust they have changed their national data opt-out choice. FILE has the columns of
objections.csv (NHS_NUMBER, Reason) and is read by the loader's own reader, so a
malformed file is refused whole, naming the line and column, and nothing is withdrawn.
The withdrawal takes effect at the next `dbt build` (or `hi build`). Only counts are
printed, never a pseudonym.
"""
from __future__ import annotations

import sys
from pathlib import Path

import duckdb

from python_helpers.load import objection_register
from python_helpers.load.duckdb_target import RAW_SCHEMA
from python_helpers.load.errors import FeedError
from python_helpers.load.reader import read_feed
from python_helpers.registry import load_registry


def _objections_feed():
    return next(f for f in load_registry()
                if f.identifier == objection_register.OBJECTIONS_FEED)


def register_entries(db_path: Path, schema: str = RAW_SCHEMA) -> int:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(objection_register.entries_sql(schema)).fetchone()[0]


def withdraw(file: Path, db_path: Path, schema: str = RAW_SCHEMA) -> tuple[int, int]:
    """Append `withdrawn` events for FILE's rows; returns (rows withdrawn, entries left).

    FeedError when FILE cannot be read as an objections file or holds a malformed record.
    """
    rows, sha = _read_withdrawal(file)
    with duckdb.connect(str(db_path)) as con:
        con.execute(objection_register.create_sql(schema))
        con.execute("create temp table hi_withdrawal (nhs_number varchar, reason varchar)")
        if rows:
            con.executemany("insert into hi_withdrawal values (?, ?)", rows)
        withdrawn = con.execute(objection_register.append_sql(
            schema, "hi_withdrawal", objection_register.WITHDRAWN, sha)).fetchone()[0]
        return withdrawn, con.execute(objection_register.entries_sql(schema)).fetchone()[0]


def _read_withdrawal(file: Path) -> tuple[list[tuple], str]:
    """FILE's (nhs_number, reason) rows, read and checked by the loader's reader."""
    with duckdb.connect() as con:
        prepared = read_feed(con, _objections_feed(), file)
        try:
            if prepared.rows_rejected:
                line, reason = con.execute(
                    f"select line, reason from {prepared.quarantine} order by line limit 1"
                ).fetchone()
                raise FeedError(file.name, f"{prepared.rows_rejected} malformed record(s), "
                                f"the first: {reason}; nothing was withdrawn", line=line)
            rows = con.execute(f"select nhs_number, reason from {prepared.rows}").fetchall()
        finally:
            prepared.release(con)
    return rows, prepared.file_sha256


def withdraw_on_snowflake(file: Path, target: str, schema: str = RAW_SCHEMA,
                          env=None) -> tuple[int, int]:
    """The same withdrawal on Snowflake: FILE's rows go to a loading table of this run,
    then the register's append, then the loading table is dropped."""
    import uuid

    from python_helpers.snowflake.connection import connect
    from python_helpers.snowflake.prepare import snowflake_type

    rows, sha = _read_withdrawal(file)
    conn = connect(target, env)
    try:
        cursor = conn.cursor()
        loading = f"{schema}.objection_withdrawal__{uuid.uuid4().hex[:12]}"
        cursor.execute(objection_register.create_sql(schema, snowflake_type))
        cursor.execute(f"create transient table {loading} (nhs_number varchar, "
                       "reason varchar) data_retention_time_in_days = 0")
        try:
            if rows:
                cursor.executemany(f"insert into {loading} values (%s, %s)", rows)
            cursor.execute(objection_register.append_sql(
                schema, loading, objection_register.WITHDRAWN, sha))
            withdrawn = cursor.fetchone()[0]
        finally:
            cursor.execute(f"drop table if exists {loading}")
        cursor.execute(objection_register.entries_sql(schema))
        return withdrawn, cursor.fetchone()[0]
    finally:
        conn.close()


def main(args) -> int:
    target = getattr(args, "target", None) or "duckdb"
    if target != "duckdb":
        return _main_snowflake(args, target)
    db_path = Path(args.duckdb)
    if not db_path.exists():
        print(f"error: {db_path} does not exist: load a drop first (hi load DROP)",
              file=sys.stderr)
        return 1
    try:
        if args.action == "status":
            print(f"the objection register of {db_path} holds "
                  f"{register_entries(db_path):,} objection(s)")
            return 0
        withdrawn, left = withdraw(Path(args.file), db_path)
    except (FeedError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except duckdb.Error as error:
        print(f"error: cannot use the warehouse {db_path}: {error}", file=sys.stderr)
        return 1
    print(f"{withdrawn:,} objection(s) withdrawn; the register holds {left:,}. "
          "Run `hi build` (or dbt build) to apply the change.")
    return 0


def _main_snowflake(args, target: str) -> int:
    from snowflake.connector.errors import Error

    from python_helpers.snowflake.connection import SettingsError, connect
    try:
        if args.action == "status":
            conn = connect(target)
            try:
                cursor = conn.cursor()
                cursor.execute(objection_register.entries_sql(RAW_SCHEMA))
                print(f"the objection register on {target} holds "
                      f"{cursor.fetchone()[0]:,} objection(s)")
            finally:
                conn.close()
            return 0
        withdrawn, left = withdraw_on_snowflake(Path(args.file), target)
    except (FeedError, FileNotFoundError, SettingsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except Error as error:
        print(f"error: Snowflake refused the change ({error}); nothing was withdrawn "
              "unless the register says so (hi objections status)", file=sys.stderr)
        return 1
    print(f"{withdrawn:,} objection(s) withdrawn; the register holds {left:,}. "
          "Run dbt build to apply the change.")
    return 0
