"""`hi destroy` on the embedded DuckDB warehouse.

Dropping a table leaves its data in the file's free blocks until they are reused, so after
the drops the file is rewritten: what is kept is copied into a new file (COPY FROM
DATABASE), the old file is overwritten with zeros and deleted, and the new one takes its
place. An overwrite on a solid-state disk or a copy-on-write file system may not reach
every physical block, and backups of the file are outside the project's reach: the
destruction record says so.
"""
from __future__ import annotations

import getpass
import os
from pathlib import Path

import duckdb

from python_helpers.destroy.plan import Plan, Relation
from python_helpers.load.quarantine import sql_literal

CHUNK = 1 << 20
RETENTION = [
    "DuckDB keeps no history: the dropped relations are gone from the rewritten file, and "
    "the old file was overwritten with zeros before it was deleted.",
    "Outside the project's reach: backups or snapshots of the disk, copies of the file "
    "made by hand, and blocks that a solid-state disk or copy-on-write file system keeps "
    "after an overwrite (the full-disk encryption the protocol asks for covers these).",
]


class DuckDBWarehouse:
    engine = "duckdb"

    def __init__(self, path: Path):
        self.path = path

    @property
    def exists(self) -> bool:
        return self.path.exists()

    def describe(self) -> str:
        return f"DuckDB file {self.path}"

    def user(self) -> str:
        # an embedded database has no users: the operating-system account that ran it
        return f"{getpass.getuser()} (operating-system user; DuckDB has no database users)"

    def retention(self, plan: Plan, at) -> list[str]:
        return RETENTION

    def relations(self) -> list[Relation]:
        if not self.exists:
            return []
        with duckdb.connect(str(self.path), read_only=True) as con:
            listed = con.execute("""
                select table_schema, table_name,
                       case table_type when 'VIEW' then 'view' else 'table' end
                from information_schema.tables
                where table_catalog = current_database()
                order by 1, 2
            """).fetchall()
            # a view holds no data of its own: only tables are counted
            return [Relation(schema, name, kind,
                             _count(con, schema, name) if kind == "table" else None)
                    for schema, name, kind in listed]

    def count_rows_of_feeds(self, schema: str, table: str, feeds: tuple[str, ...]) -> int:
        if not self.exists:
            return 0
        with duckdb.connect(str(self.path), read_only=True) as con:
            try:
                return con.execute(f'select count(*) from "{schema}"."{table}" '
                                   "where list_contains(?, feed)", [list(feeds)]).fetchone()[0]
            except duckdb.CatalogException:
                return 0

    def execute(self, plan: Plan) -> list[str]:
        """Drop and delete as planned, then rewrite the file; returns what was done."""
        done = []
        with duckdb.connect(str(self.path)) as con:
            for relation in plan.remove:
                kind = "view" if relation.kind == "view" else "table"
                con.execute(f'drop {kind} if exists "{relation.schema}"."{relation.name}"')
            for relation, feeds, _ in plan.delete_rows:
                con.execute(f'delete from "{relation.schema}"."{relation.name}" '
                            "where list_contains(?, feed)", [list(feeds)])
            for schema in plan.schemas_emptied:
                con.execute(f'drop schema if exists "{schema}" cascade')
            con.execute("checkpoint")
        done.append(f"dropped {len(plan.remove)} relation(s)")
        self.rewrite()
        done.append("rewrote the DuckDB file so that no freed block keeps dropped data; "
                    "overwrote the old file with zeros before deleting it")
        return done

    def rewrite(self) -> None:
        work = self.path.parent / ".hi-destroy"
        work.mkdir(exist_ok=True)
        fresh = work / self.path.name   # same name, so the catalog keeps its name
        if fresh.exists():
            fresh.unlink()
        with duckdb.connect(str(fresh)) as con:
            con.execute(f"attach {sql_literal(str(self.path))} as hi_destroy_old (read_only)")
            con.execute(f'copy from database hi_destroy_old to "{_catalog(con)}"')
            con.execute("detach hi_destroy_old")
        for old in (self.path, Path(str(self.path) + ".wal")):
            if old.exists():
                overwrite_and_delete(old)
        os.replace(fresh, self.path)
        work.rmdir()


def _catalog(con: duckdb.DuckDBPyConnection) -> str:
    return con.execute("select current_database()").fetchone()[0]


def _count(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> int | None:
    try:
        return con.execute(f'select count(*) from "{schema}"."{name}"').fetchone()[0]
    except duckdb.Error:
        return None  # e.g. a view whose table is gone


def overwrite_and_delete(path: Path) -> None:
    """Overwrite a file's bytes with zeros, flush them to disk, then delete it."""
    size = path.stat().st_size
    with path.open("r+b") as f:
        zeros = bytes(min(CHUNK, size))
        written = 0
        while written < size:
            n = min(CHUNK, size - written)
            f.write(zeros[:n])
            written += n
        f.flush()
        os.fsync(f.fileno())
    path.unlink()
