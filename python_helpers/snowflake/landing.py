"""Land a drop folder in Snowflake: the DuckDB loader's checks, then PUT and COPY INTO.

    hi snowflake-load DROP [--target snowflake|snowflake_emulator] [--stage internal|azure]

1. prepare: every file is read and checked by the loader's engine-independent half (same
   header matching, quarantine, NHS number refusal and `_load_log` rows as on DuckDB) and
   written as Parquet into a local folder (prepare.py);
2. stage: the file format and stage are created if missing; for the internal stage each
   raw table's files go by PUT to `@<raw>.<stage>/<load id>/<run id>/`, a folder of this
   run alone; for Azure Blob Storage the engineer uploads the prepared folder to
   `<load id>/` (the load id is a fingerprint of the drop, so a re-run finds it);
3. per raw table: COPY INTO loading tables named for this run (the rows, and the
   quarantine rows), each checked against the prepared row count; only when both arrived
   is the raw table replaced (one statement) and the feed's `_quarantine` rows replaced
   (one transaction);
4. `_load_log` is rewritten from this load's outcomes, whatever happened to each feed;
5. the internal stage's folder of this run is removed (REMOVE), whether the load
   succeeded or failed.

Consistency is per feed, as on DuckDB: a feed whose PUT or COPY fails (a database error
included, e.g. a COPY that aborts) fails alone and keeps its previous table and
quarantine rows; the other feeds land. A whole-load rollback is not offered: Snowflake
commits every CREATE at once, so it could only be emulated. Two loads that overlap use
different loading tables and stage folders, so neither reads or removes the other's.

Raw tables hold person-level rows and are rebuilt from the drop folder on every load, so
the raw schema's tables (the feeds, `_quarantine`, `_load_log`) are TRANSIENT with
DATA_RETENTION_TIME_IN_DAYS = 0: no Time Travel and no Fail-safe copy keeps a replaced
version, or an objector's rows, after the next load. Raw tables are all text with the
registry's normalised column names, then `_source_row`.
"""
from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import time
import re
import uuid
from dataclasses import replace
from pathlib import Path

from snowflake.connector.errors import Error

from python_helpers import PROJECT_DIR
from python_helpers.load import objection_register
from python_helpers.load.cli import allow_empty_argument
from python_helpers.load.errors import FeedError
from python_helpers.load.outcome import ABSENT, LOADED, LOG_COLUMNS, FeedOutcome, LoadResult, \
    failed
from python_helpers.load.quarantine import QUARANTINE_COLUMNS
from python_helpers.snowflake.connection import EMULATOR_TARGET, SNOWFLAKE_TARGET, \
    SettingsError, connect, read_settings
from python_helpers.snowflake.prepare import LOAD_LOG, QUARANTINE, PreparedDrop, RawTable, \
    prepare_drop, snowflake_type
from python_helpers.settings import RAW_SCHEMA
from python_helpers.snowflake.stage import FILE_FORMAT, StageConfig, StageError, identifier

DEFAULT_RAW_SCHEMA = RAW_SCHEMA  # the dbt var raw_schema
DEFAULT_WORK = PROJECT_DIR / "warehouse" / "snowflake_landing"
LOADING_SUFFIX = "__loading"
UPLOAD_NEEDED = 3  # exit code: prepared for an external stage, waiting for the upload
# Every table the loader creates in the raw schema: no Fail-safe (transient) and no Time
# Travel, so nothing replaced or deleted outlives the statement that replaced it.
RAW_TABLE_KIND = "transient"
RAW_TABLE_OPTIONS = "data_retention_time_in_days = 0"
EMULATOR_SKIPPED = "emulator skipped: "
RUN_ID = re.compile(r"^[A-Za-z0-9_]{1,32}$")
# The objection register cannot be rebuilt from a drop: permanent, one day of Time Travel.
REGISTER_RETENTION_DAYS = 1

log = logging.getLogger(__name__)


class LandingError(Exception):
    pass


class UploadNeeded(LandingError):
    """The external stage does not hold the prepared folder yet."""


def _columns_ddl(columns) -> str:
    # upper-case quoted names are the names Snowflake gives unquoted identifiers, so dbt's
    # unquoted references find them, and a reserved word as a column name still works
    return ", ".join(f'"{name.upper()}" {snowflake_type(sql_type)}'
                     for name, sql_type in columns)


def new_run_id() -> str:
    """Names this run's loading tables and stage folder apart from any other run's."""
    return uuid.uuid4().hex[:12]


class SnowflakeLanding:
    """The Snowflake half of a load, on an open connection (autocommit)."""

    def __init__(self, conn, database: str, schema: str, stage: StageConfig, *,
                 run_id: str | None = None, emulator: bool = False):
        self.cursor = conn.cursor()
        self.schema = f"{identifier(database, 'database')}.{identifier(schema, 'raw schema')}"
        self.stage = stage
        self.run_id = run_id or new_run_id()
        if not RUN_ID.match(self.run_id):  # it ends table names and names a folder
            raise LandingError(f"run id {self.run_id!r}: letters, digits and _ only")
        self.emulator = emulator
        self.leftovers: list[str] = []  # what this run could not clean up, with the fix

    def execute(self, sql: str, params=None) -> list[tuple]:
        self.cursor.execute(sql, params)
        return self.cursor.fetchall() if self.cursor.description else []

    def table(self, name: str) -> str:
        return f"{self.schema}.{name}"

    def loading_table(self, name: str) -> str:
        return self.table(f"{name}{LOADING_SUFFIX}_{self.run_id}")

    def create_table(self, name: str, columns=None, select_from: str | None = None) -> str:
        """CREATE OR REPLACE one of the raw schema's tables, transient without Time Travel."""
        body = f"({_columns_ddl(columns)}) " if columns is not None else ""
        sql = f"create or replace {RAW_TABLE_KIND} table {name} {body}{RAW_TABLE_OPTIONS}"
        if select_from is not None:
            sql += f" as select * from {select_from}"
        self.execute(sql)
        return name

    def drop_quietly(self, name: str) -> None:
        """Drop a loading table; a failure is reported at the end, never hides the cause."""
        try:
            self.execute(f"drop table if exists {name}")
        except Error as e:
            self.leftovers.append(f"drop table {name} ({e})")

    def ensure_objects(self) -> None:
        self.execute(f"create schema if not exists {self.schema}")
        for sql in self.stage.create_sql(self.schema):
            self.execute(sql)
        quarantine = self.table(QUARANTINE)
        self.execute(f"create {RAW_TABLE_KIND} table if not exists {quarantine} "
                     f"({_columns_ddl(QUARANTINE_COLUMNS)}) {RAW_TABLE_OPTIONS}")
        if not self._is_transient_without_time_travel(QUARANTINE):
            # landed before the raw tables were transient: rebuild it so, keeping its rows
            copy = self.create_table(self.loading_table(QUARANTINE), select_from=quarantine)
            try:
                self.create_table(quarantine, select_from=copy)
            finally:
                self.drop_quietly(copy)

    def _is_transient_without_time_travel(self, name: str) -> bool:
        rows = self.execute(f"show tables like '{name.upper()}' in schema {self.schema}")
        columns = [c[0].lower() for c in self.cursor.description or ()]
        for row in rows:
            found = dict(zip(columns, row))
            if str(found.get("name", "")).upper() == name.upper():
                return (str(found.get("kind", "")).upper() == "TRANSIENT"
                        and str(found.get("retention_time", "")) == "0")
        return False

    def folder(self, load_id: str) -> str:
        """Where this run's files are: its own folder on the internal stage; on an
        external stage, the folder the engineer uploaded."""
        return load_id if self.stage.is_external else f"{load_id}/{self.run_id}"

    def location(self, load_id: str, file: str = "") -> str:
        return f"@{self.schema}.{self.stage.name}/{self.folder(load_id)}/{file}"

    def check_uploaded(self, prepared: PreparedDrop) -> None:
        """External stage: every prepared file is in the container, or UploadNeeded."""
        if not self.stage.is_external:
            return
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

    def put(self, prepared: PreparedDrop, file: str) -> None:
        """Internal stage: send one prepared file to this run's folder."""
        if self.stage.is_external:
            return
        path = (prepared.folder / file).resolve().as_posix().replace("'", "\\'")
        rows = self.execute(f"put 'file://{path}' {self.location(prepared.load_id)} "
                            "auto_compress = false overwrite = true")
        status = rows[0][6] if rows and len(rows[0]) > 6 else "?"
        if status not in ("UPLOADED", "SKIPPED"):
            raise LandingError(f"PUT of {file} to {self.location(prepared.load_id)} "
                               f"ended with status {status}")

    def copy_into(self, table: str, load_id: str, file: str, expected: int) -> None:
        """COPY one staged file into `table`; LandingError unless every row arrived."""
        if self.stage.is_external:
            # FILES names the file exactly (the emulator's stand-in for a container
            # needs this form); files stay in the container, which is the Trust's record
            source = f"{self.location(load_id)} files = ('{file}')"
            purge = ""
        else:
            # a path to the file itself (the emulator's internal stage needs this form);
            # a loaded file is purged at once, and the run's folder removed at the end
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

    def _stage_rows(self, prepared: PreparedDrop, loading: str, columns, file: str,
                    rows: int) -> None:
        self.create_table(loading, columns)
        self.put(prepared, file)
        self.copy_into(loading, prepared.load_id, file, rows)

    def land_table(self, raw: RawTable, prepared: PreparedDrop) -> None:
        """Replace one raw table (and its feed's quarantine rows) with the prepared rows.

        Everything that can fail on the data (PUT, COPY, the row counts) happens in this
        run's loading tables first; the raw table and `_quarantine` are touched only when
        all of it arrived, so a failure keeps the previous table and quarantine rows."""
        rows = self.loading_table(raw.identifier) if raw.file else None
        quarantine_rows = (self.loading_table(raw.identifier + QUARANTINE)
                           if raw.quarantine_file else None)
        try:
            if rows:
                self._stage_rows(prepared, rows, raw.columns, raw.file, raw.rows)
            if quarantine_rows:
                self._stage_rows(prepared, quarantine_rows, QUARANTINE_COLUMNS,
                                 raw.quarantine_file, raw.quarantine_rows)
            target = self.table(raw.identifier)
            if rows:
                self.create_table(target, select_from=rows)
            else:
                self.create_table(target, raw.columns)  # an absent optional file: empty
            if raw.feed is not None:
                try:
                    self._replace_quarantine(raw.feed, quarantine_rows)
                except Error as e:
                    raise LandingError(
                        f"{target} holds this drop's rows, but the feed's _quarantine "
                        f"rows could not be replaced ({e}): load the drop again") from e
        finally:
            for name in (rows, quarantine_rows):
                if name:
                    self.drop_quietly(name)

    def _replace_quarantine(self, feed: str, loading: str | None) -> None:
        quarantine = self.table(QUARANTINE)
        try:
            self.execute("begin")
            self.execute(f"delete from {quarantine} where feed = %s", (feed,))
            if loading:
                self.execute(f"insert into {quarantine} select * from {loading}")
            self.execute("commit")
        except BaseException:
            self.execute("rollback")
            raise

    def write_log(self, outcomes: list[FeedOutcome]) -> None:
        """Replace `_load_log` with this load's outcomes, in one statement."""
        loading = self.create_table(self.loading_table(LOAD_LOG), LOG_COLUMNS)
        try:
            placeholders = ", ".join("%s" for _ in LOG_COLUMNS)
            self.cursor.executemany(f"insert into {loading} values ({placeholders})",
                                    [o.log_row() for o in outcomes])
            self.create_table(self.table(LOAD_LOG), select_from=loading)
        finally:
            self.drop_quietly(loading)

    def register_objections(self, outcome: FeedOutcome) -> FeedOutcome:
        """Append a landed objections file to the objection register (or say the register
        is unchanged when the drop has none). The register is the one raw table that is
        not rebuilt from the drop, so it is permanent, with one day of Time Travel
        (docs/snowflake.md states what Fail-safe keeps)."""
        self.execute(objection_register.create_sql(self.schema, snowflake_type)
                     + f" data_retention_time_in_days = {REGISTER_RETENTION_DAYS}")
        if outcome.status == LOADED:
            self.execute(objection_register.append_sql(
                self.schema, self.table(objection_register.OBJECTIONS_FEED),
                objection_register.OBJECTED, outcome.file_sha256))
            entries = self.execute(objection_register.entries_sql(self.schema))[0][0]
            note = objection_register.recorded_message(entries)
            return replace(outcome, message="; ".join(
                m for m in (outcome.message, note) if m))
        if outcome.status == ABSENT:
            entries = self.execute(objection_register.entries_sql(self.schema))[0][0]
            return replace(outcome, message=objection_register.absent_message(entries))
        return outcome  # failed: the load fails, the register is unchanged

    def remove_statement(self, load_id: str) -> str | None:
        """The REMOVE of this run's stage folder; None for an external stage, whose files
        stay in the container (the Trust's record, under its own retention rules)."""
        return None if self.stage.is_external else f"remove {self.location(load_id)}"

    def clean_stage(self, load_id: str) -> None:
        sql = self.remove_statement(load_id)
        if sql is None:
            return
        if self.emulator:
            # the emulator has no REMOVE (it answers a syntax error); COPY's purge has
            # removed every file it loaded, only a file whose COPY failed stays there
            log.info(EMULATOR_SKIPPED + sql)
            return
        try:
            self.execute(sql)
        except Error as e:
            self.leftovers.append(f"{sql} ({e})")


def land_prepared(conn, prepared: PreparedDrop, database: str, schema: str,
                  stage: StageConfig, *, run_id: str | None = None,
                  emulator: bool = False) -> list[FeedOutcome]:
    """Stage and COPY a prepared drop; returns the outcomes as landed.

    A feed that fails (PUT, COPY, a database error) keeps its previous table and is
    `failed` in the outcomes and in `_load_log`, which is written for every load. Raises
    LandingError after writing the log when a reference table failed or this run could
    not clean up after itself (a stage folder or loading table left: the message says
    which, and how to remove it)."""
    landing = SnowflakeLanding(conn, database, schema, stage, run_id=run_id,
                               emulator=emulator)
    landing.ensure_objects()
    landing.check_uploaded(prepared)
    outcomes = {o.feed.identifier: o for o in prepared.outcomes}
    problems: list[str] = []
    try:
        for raw in prepared.tables:
            try:
                landing.land_table(raw, prepared)
            except (LandingError, Error) as e:
                if raw.feed is None:
                    problems.append(f"{raw.identifier} (reference data) was not replaced: "
                                    f"{e}")
                    continue
                outcome = outcomes[raw.feed]
                outcomes[raw.feed] = failed(outcome.feed, FeedError(outcome.file, str(e)),
                                            outcome.file_sha256)
        objections = outcomes.get(objection_register.OBJECTIONS_FEED)
        if objections is not None:
            outcomes[objections.feed.identifier] = landing.register_objections(objections)
        landed = [outcomes[o.feed.identifier] for o in prepared.outcomes]
        landing.write_log(landed)
    finally:
        landing.clean_stage(prepared.load_id)
    problems += [f"left behind, remove it: {what}" for what in landing.leftovers]
    if problems:
        raise LandingError("the feeds landed as _load_log says, but: " + "; ".join(problems))
    return landed


def land_drop(drop_dir: Path | str, *, target: str = SNOWFLAKE_TARGET,
              stage: StageConfig | None = None, raw_schema: str = DEFAULT_RAW_SCHEMA,
              work_dir: Path | str = DEFAULT_WORK, env=None,
              prepare_only: bool = False, allow_empty=()) -> LoadResult:
    """Check, stage and COPY a drop folder into `<database>.<raw_schema>` of the target.
    `allow_empty`: raw table names of required feeds that may arrive with no records."""
    started = time.perf_counter()
    settings = read_settings(target, env)
    stage = stage or StageConfig.from_env(env, emulator=settings.is_emulator)
    prepared = prepare_drop(drop_dir, work_dir, allow_empty)
    where = f"{settings.database}.{raw_schema}"
    if prepare_only:
        return LoadResult(tuple(prepared.outcomes), Path(prepared.folder),
                          time.perf_counter() - started, prepared.unexpected_files)
    conn = connect(target, env)
    try:
        outcomes = land_prepared(conn, prepared, settings.database, raw_schema, stage,
                                 emulator=settings.is_emulator)
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
    allow_empty_argument(parser)
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
                           prepare_only=bool(getattr(args, "prepare_only", False)),
                           allow_empty=getattr(args, "allow_empty", None) or ())
    except (SettingsError, StageError, FileNotFoundError) as e:
        print(f"error: {e}", file=sys.stderr)
        print("hi preflight checks every setting and privilege the load needs.",
              file=sys.stderr)
        return 1
    except UploadNeeded as e:
        print(str(e), file=sys.stderr)
        return UPLOAD_NEEDED
    except (LandingError, Error) as e:
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
