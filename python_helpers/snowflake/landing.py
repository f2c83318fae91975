"""Land a drop folder in Snowflake: the DuckDB loader's checks, then PUT and COPY INTO.

    hi snowflake-load DROP [--target snowflake|snowflake_emulator] [--stage internal|azure]

1. prepare: every file is read and checked by the loader's engine-independent half (same
   header matching, quarantine, NHS number refusal and `_load_log` rows as on DuckDB) and
   written as Parquet into a local folder (prepare.py);
2. stage: the file format and stage are created if missing; the files go to
   `@<raw>.<stage>/<load id>/`, by PUT for the internal stage, or by the engineer's
   upload to Azure Blob Storage for the external one (the load id is a fingerprint of the
   drop, so a re-run finds the uploaded folder);
3. COPY INTO a loading table per raw table, checked against the prepared row count, then
   the raw table is replaced in one statement; the feed's `_quarantine` rows are replaced
   in one transaction; `_load_log` is rewritten from this load's outcomes.

A feed that fails keeps its previous table and quarantine rows, as on DuckDB. Raw tables
are all text with the registry's normalised column names, then `_source_row`.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

from snowflake.connector.errors import DatabaseError

from python_helpers import PROJECT_DIR
from python_helpers.load.errors import FeedError
from python_helpers.load.outcome import LOG_COLUMNS, FeedOutcome, LoadResult, failed
from python_helpers.load.quarantine import QUARANTINE_COLUMNS
from python_helpers.snowflake.connection import EMULATOR_TARGET, SNOWFLAKE_TARGET, \
    SettingsError, connect, read_settings
from python_helpers.snowflake.prepare import LOAD_LOG, QUARANTINE, PreparedDrop, RawTable, \
    prepare_drop, snowflake_type
from python_helpers.snowflake.stage import FILE_FORMAT, StageConfig, StageError, identifier

DEFAULT_RAW_SCHEMA = "raw"
DEFAULT_WORK = PROJECT_DIR / "warehouse" / "snowflake_landing"
LOADING_SUFFIX = "__loading"
UPLOAD_NEEDED = 3  # exit code: prepared for an external stage, waiting for the upload


class LandingError(Exception):
    pass


class UploadNeeded(LandingError):
    """The external stage does not hold the prepared folder yet."""


def _columns_ddl(columns) -> str:
    # upper-case quoted names are the names Snowflake gives unquoted identifiers, so dbt's
    # unquoted references find them, and a reserved word as a column name still works
    return ", ".join(f'"{name.upper()}" {snowflake_type(sql_type)}'
                     for name, sql_type in columns)


class SnowflakeLanding:
    """The Snowflake half of a load, on an open connection (autocommit)."""

    def __init__(self, conn, database: str, schema: str, stage: StageConfig):
        self.cursor = conn.cursor()
        self.schema = f"{identifier(database, 'database')}.{identifier(schema, 'raw schema')}"
        self.stage = stage

    def execute(self, sql: str, params=None) -> list[tuple]:
        self.cursor.execute(sql, params)
        return self.cursor.fetchall() if self.cursor.description else []

    def table(self, name: str) -> str:
        return f"{self.schema}.{name}"

    def ensure_objects(self) -> None:
        self.execute(f"create schema if not exists {self.schema}")
        for sql in self.stage.create_sql(self.schema):
            self.execute(sql)
        self.execute(f"create table if not exists {self.table(QUARANTINE)} "
                      f"({_columns_ddl(QUARANTINE_COLUMNS)})")

    def location(self, load_id: str, file: str = "") -> str:
        return f"@{self.schema}.{self.stage.name}/{load_id}/{file}"

    def upload(self, prepared: PreparedDrop) -> None:
        if self.stage.is_external:
            self._check_uploaded(prepared)
            return
        for file in prepared.files():
            path = (prepared.folder / file).resolve().as_posix().replace("'", "\\'")
            rows = self.execute(f"put 'file://{path}' {self.location(prepared.load_id)} "
                                "auto_compress = false overwrite = true")
            status = rows[0][6] if rows and len(rows[0]) > 6 else "?"
            if status not in ("UPLOADED", "SKIPPED"):
                raise LandingError(f"PUT of {file} to {self.location(prepared.load_id)} "
                                   f"ended with status {status}")

    def _check_uploaded(self, prepared: PreparedDrop) -> None:
        local = self.stage.local_folder()
        if local is not None:  # the emulator's stand-in for a container
            present = {p.name for p in (local / prepared.load_id).glob("*")}
        else:
            present = {row[0].rsplit("/", 1)[-1]
                       for row in self.execute(f"list {self.location(prepared.load_id)}")}
        missing = [f for f in prepared.files() if f not in present]
        if missing:
            raise UploadNeeded(
                f"the external stage does not hold {len(missing)} of the prepared files "
                f"(first: {missing[0]}). Upload the folder with your own Azure sign-in, "
                f"then run the same command again:\n  "
                + self.stage.upload_hint(prepared.folder, prepared.load_id))

    def copy_into(self, table: str, load_id: str, file: str, expected: int) -> None:
        """COPY one prepared file into `table`; LandingError unless every row arrived."""
        if self.stage.is_external:
            # FILES names the file exactly (the emulator's stand-in for a container
            # needs this form); files stay in the container, which is the Trust's record
            source = f"{self.location(load_id)} files = ('{file}')"
            purge = ""
        else:
            # a path to the file itself (the emulator's internal stage needs this form);
            # a loaded file is purged from the internal stage
            source = self.location(load_id, file)
            purge = " purge = true"
        rows = self.execute(
            f"copy into {table} from {source} "
            f"file_format = (format_name = '{self.schema}.{FILE_FORMAT}') "
            f"match_by_column_name = case_insensitive force = true{purge}")
        # one row per file: file, status, rows_parsed, rows_loaded, ...; a single column
        # when no file matched ("Copy executed with 0 files processed.")
        loaded = sum(int(r[3]) for r in rows if len(r) > 3 and r[1] == "LOADED")
        if loaded != expected:
            said = "; ".join(" ".join(str(v) for v in r[:2]) for r in rows) or "no result"
            raise LandingError(f"COPY INTO {table} from {file} loaded {loaded:,} rows, "
                               f"expected {expected:,} ({said})")

    def land_table(self, raw: RawTable, load_id: str) -> None:
        """Replace one raw table with the prepared rows, keeping it if anything fails."""
        target = self.table(raw.identifier)
        if raw.file is None:
            self.execute(f"create or replace table {target} ({_columns_ddl(raw.columns)})")
        else:
            loading = self.table(raw.identifier + LOADING_SUFFIX)
            self.execute(f"create or replace transient table {loading} "
                         f"({_columns_ddl(raw.columns)})")
            try:
                self.copy_into(loading, load_id, raw.file, raw.rows)
                self.execute(f"create or replace table {target} as select * from {loading}")
            finally:
                self.execute(f"drop table if exists {loading}")
        if raw.feed is not None:
            self._replace_quarantine(raw, load_id)

    def _replace_quarantine(self, raw: RawTable, load_id: str) -> None:
        loading = self.table(QUARANTINE + LOADING_SUFFIX)
        quarantine = self.table(QUARANTINE)
        if raw.quarantine_file:
            self.execute(f"create or replace transient table {loading} "
                         f"({_columns_ddl(QUARANTINE_COLUMNS)})")
            self.copy_into(loading, load_id, raw.quarantine_file, raw.quarantine_rows)
        try:
            self.execute("begin")
            self.execute(f"delete from {quarantine} where feed = %s", (raw.feed,))
            if raw.quarantine_file:
                self.execute(f"insert into {quarantine} select * from {loading}")
            self.execute("commit")
        except BaseException:
            self.execute("rollback")
            raise
        finally:
            if raw.quarantine_file:
                self.execute(f"drop table if exists {loading}")

    def write_log(self, outcomes: list[FeedOutcome]) -> None:
        log = self.table(LOAD_LOG)
        self.execute(f"create or replace table {log} ({_columns_ddl(LOG_COLUMNS)})")
        placeholders = ", ".join("%s" for _ in LOG_COLUMNS)
        self.cursor.executemany(f"insert into {log} values ({placeholders})",
                                [o.log_row() for o in outcomes])


def land_prepared(conn, prepared: PreparedDrop, database: str, schema: str,
                  stage: StageConfig) -> list[FeedOutcome]:
    """Stage and COPY a prepared drop; returns the outcomes as landed."""
    landing = SnowflakeLanding(conn, database, schema, stage)
    landing.ensure_objects()
    landing.upload(prepared)
    outcomes = {o.feed.identifier: o for o in prepared.outcomes}
    for raw in prepared.tables:
        try:
            landing.land_table(raw, prepared.load_id)
        except LandingError as e:
            if raw.feed is None:
                raise
            outcome = outcomes[raw.feed]
            outcomes[raw.feed] = failed(outcome.feed, FeedError(outcome.file, str(e)),
                                        outcome.file_sha256)
    landed = [outcomes[o.feed.identifier] for o in prepared.outcomes]
    landing.write_log(landed)
    return landed


def land_drop(drop_dir: Path | str, *, target: str = SNOWFLAKE_TARGET,
              stage: StageConfig | None = None, raw_schema: str = DEFAULT_RAW_SCHEMA,
              work_dir: Path | str = DEFAULT_WORK, env=None,
              prepare_only: bool = False) -> LoadResult:
    """Check, stage and COPY a drop folder into `<database>.<raw_schema>` of the target."""
    started = time.perf_counter()
    settings = read_settings(target, env)
    stage = stage or StageConfig.from_env(env, emulator=settings.is_emulator)
    prepared = prepare_drop(drop_dir, work_dir)
    where = f"{settings.database}.{raw_schema}"
    if prepare_only:
        return LoadResult(tuple(prepared.outcomes), Path(prepared.folder),
                          time.perf_counter() - started, prepared.unexpected_files)
    conn = connect(target, env)
    try:
        outcomes = land_prepared(conn, prepared, settings.database, raw_schema, stage)
    finally:
        conn.close()
    if not stage.is_external:
        shutil.rmtree(prepared.folder, ignore_errors=True)  # the drop folder is the record
    return LoadResult(tuple(outcomes), where, time.perf_counter() - started,
                      prepared.unexpected_files)


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The command line of `hi snowflake-load` (and of `python -m` this module)."""
    parser.add_argument("drop", help="drop folder")
    parser.add_argument("--target", choices=[SNOWFLAKE_TARGET, EMULATOR_TARGET],
                        help="profile target (default: DBT_TARGET if it is one of these, "
                        "else snowflake)")
    parser.add_argument("--stage", choices=["internal", "azure"],
                        help="where files are staged (default: HI_SNOWFLAKE_STAGE, else "
                        "internal)")
    parser.add_argument("--raw-schema", default=DEFAULT_RAW_SCHEMA,
                        help="schema of the raw tables (the dbt var raw_schema)")
    parser.add_argument("--work", default=str(DEFAULT_WORK),
                        help="local folder for the prepared Parquet files")
    parser.add_argument("--prepare-only", action="store_true",
                        help="check the drop and write the files, send nothing")
    return parser


def _default_target() -> str:
    target = os.environ.get("DBT_TARGET", "")
    return target if target in (SNOWFLAKE_TARGET, EMULATOR_TARGET) else SNOWFLAKE_TARGET


def main(args) -> int:
    """`hi snowflake-load`: print the per-feed table; 1 on failure, 3 awaiting an upload."""
    target = getattr(args, "target", None) or _default_target()
    try:
        settings = read_settings(target)
        stage = StageConfig.from_env(kind=getattr(args, "stage", None),
                                     emulator=settings.is_emulator)
        result = land_drop(args.drop, target=target, stage=stage,
                           raw_schema=getattr(args, "raw_schema", None) or DEFAULT_RAW_SCHEMA,
                           work_dir=getattr(args, "work", None) or DEFAULT_WORK,
                           prepare_only=bool(getattr(args, "prepare_only", False)))
    except (SettingsError, StageError, FileNotFoundError) as e:
        print(f"error: {e}", file=sys.stderr)
        print("hi preflight checks every setting and privilege the load needs.",
              file=sys.stderr)
        return 1
    except UploadNeeded as e:
        print(str(e), file=sys.stderr)
        return UPLOAD_NEEDED
    except (LandingError, DatabaseError) as e:
        print(f"error: {e}", file=sys.stderr)
        print("hi preflight names the setting or GRANT a failing statement needs.",
              file=sys.stderr)
        return 1
    print(result.summary())
    if getattr(args, "prepare_only", False):
        print(f"prepared in {result.db_path} ({result.seconds:.1f} s); nothing was sent")
        return 0 if result.ok else 1
    print(f"warehouse: Snowflake {result.db_path} (target {target}, {stage.kind} stage); "
          f"loaded {result.rows_loaded:,} rows in {result.seconds:.1f} s")
    if not result.ok:
        print(f"error: {len(result.failures)} feed(s) failed to load; their previous "
              "tables, if any, are unchanged", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(add_arguments(argparse.ArgumentParser(
        prog="python -m python_helpers.snowflake.landing",
        description="land a drop folder in Snowflake")).parse_args()))
