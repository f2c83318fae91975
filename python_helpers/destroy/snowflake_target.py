"""`hi destroy` on Snowflake (or the local emulator).

Before a table is dropped its Time Travel retention is set to 0 days, so the dropped
version cannot be recovered by UNDROP or a time-travel query. A transient table (the raw,
staging and intermediate layers, data quality) has no Fail-safe; a permanent table (the
snapshots, the research-question marts) is held by Snowflake's Fail-safe for 7 days after
it is dropped, recoverable by Snowflake support only, then purged: the record gives the
date. The landing stage's files are removed (REMOVE) before the stage goes with its
schema. Privileges: the role that owns the project's schemas (SNOWFLAKE_ROLE) owns every
object here, which is all DROP, ALTER ... SET DATA_RETENTION_TIME_IN_DAYS and REMOVE need
(`hi preflight` checks ownership).
"""
from __future__ import annotations

from datetime import datetime, timedelta

from python_helpers.destroy.plan import Plan, Relation
from python_helpers.snowflake.connection import connect, read_settings
from python_helpers.snowflake.stage import STAGE_NAMES, identifier

FAIL_SAFE_DAYS = 7


class SnowflakeWarehouse:
    engine = "snowflake"

    def __init__(self, conn, settings):
        self.conn = conn
        self.settings = settings
        self.database = identifier(settings.database, "SNOWFLAKE_DATABASE")
        self._permanent: set[tuple[str, str]] = set()

    @classmethod
    def connect(cls, target: str) -> SnowflakeWarehouse:
        settings = read_settings(target)
        return cls(connect(target), settings)

    def _query(self, sql: str, params=None) -> list[tuple]:
        cursor = self.conn.cursor()
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []

    def describe(self) -> str:
        where = "local Snowflake emulator" if self.settings.is_emulator \
            else f"Snowflake account {self.settings.account}"
        return f"{where}, database {self.database}"

    def user(self) -> str:
        return f"{self._query('select current_user()')[0][0]} (Snowflake user)"

    def relations(self) -> list[Relation]:
        listed = self._query(f"""
            select table_schema, table_name, table_type
            from {self.database}.information_schema.tables
            where table_schema <> 'INFORMATION_SCHEMA'
            order by 1, 2
        """)
        self._permanent = self._permanent_tables()
        relations = []
        for schema, name, kind in listed:
            kind = "view" if "VIEW" in kind.upper() else "table"
            relations.append(Relation(schema, name, kind, self._count(schema, name)
                                      if kind == "table" else None))
        return relations

    def _permanent_tables(self) -> set[tuple[str, str]]:
        try:
            rows = self._query(f"""
                select table_schema, table_name
                from {self.database}.information_schema.tables
                where is_transient = 'NO' and table_type = 'BASE TABLE'
            """)
        except Exception:  # the emulator has no is_transient column
            return set()
        return {(s.lower(), n.lower()) for s, n in rows}

    def _count(self, schema: str, name: str) -> int | None:
        try:
            return self._query(f"select count(*) from {self.database}.{schema}.{name}")[0][0]
        except Exception:
            return None

    def count_rows_of_feeds(self, schema: str, table: str, feeds: tuple[str, ...]) -> int:
        placeholders = ", ".join("%s" for _ in feeds)
        try:
            return self._query(f"select count(*) from {self.database}.{schema}.{table} "
                               f"where feed in ({placeholders})", list(feeds))[0][0]
        except Exception:
            return 0

    def execute(self, plan: Plan) -> list[str]:
        done = []
        for relation in plan.remove:
            name = f"{self.database}.{relation.schema}.{relation.name}"
            if relation.kind == "view":
                self._query(f"drop view if exists {name}")
                continue
            self._zero_retention(f"alter table if exists {name} "
                                 "set data_retention_time_in_days = 0")
            self._query(f"drop table if exists {name}")
        for relation, feeds, _ in plan.delete_rows:
            placeholders = ", ".join("%s" for _ in feeds)
            self._query(f"delete from {self.database}.{relation.schema}.{relation.name} "
                        f"where feed in ({placeholders})", list(feeds))
        for schema in plan.schemas_emptied:
            for stage in STAGE_NAMES.values():
                self._remove_stage_files(schema, stage, done)
            self._zero_retention(f"alter schema if exists {self.database}.{schema} "
                                 "set data_retention_time_in_days = 0")
            self._query(f"drop schema if exists {self.database}.{schema} cascade")
        done.insert(0, f"set Time Travel retention to 0 days and dropped "
                       f"{len(plan.remove)} object(s)")
        return done

    def _zero_retention(self, sql: str) -> None:
        if self.settings.is_emulator:
            return  # the emulator keeps no Time Travel and has no such parameter
        self._query(sql)

    def _remove_stage_files(self, schema: str, stage: str, done: list[str]) -> None:
        location = f"@{self.database}.{schema}.{stage}"
        try:
            files = self._query(f"list {location}")
        except Exception:
            return  # no such stage
        if self.settings.is_emulator:
            # the emulator has no REMOVE; its stage goes with the schema
            done.append(f"emulator: {len(files)} staged file(s) of {location} dropped "
                        "with the schema (it has no REMOVE)")
            return
        self._query(f"remove {location}")
        done.append(f"removed {len(files)} staged file(s) from {location}")

    def retention(self, plan: Plan, at: datetime) -> list[str]:
        permanent = [r for r in plan.remove if r.kind == "table"
                     and (r.schema.lower(), r.name.lower()) in self._permanent]
        lines = ["Time Travel: none; each dropped table's retention was set to 0 days "
                 "before it was dropped, so it cannot be undropped or queried back."]
        if self.settings.is_emulator:
            lines.append("Local emulator: no Time Travel or Fail-safe exists.")
            return lines
        if permanent:
            until = (at + timedelta(days=FAIL_SAFE_DAYS)).isoformat(timespec="seconds")
            lines.append(
                f"Fail-safe: {len(permanent)} permanent table(s) ("
                + ", ".join(str(r) for r in permanent)
                + f") are held by Snowflake's Fail-safe until {until} (7 days), "
                "recoverable by Snowflake support only, then purged by Snowflake.")
        lines.append("Transient tables (raw, staging, intermediate, data quality) have no "
                     "Fail-safe: nothing of them remains.")
        return lines
