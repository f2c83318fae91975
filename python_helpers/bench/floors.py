"""The two floors `hi bench` measures each stage against, in the same run.

(a) csv_floor: DuckDB reads every CSV of the drop into all-text tables, once, in one
    connection: what validation plus load cannot beat (they read the same bytes and
    check them).
(b) sql_floor: the compiled SQL of every model, snapshot and data test of the build,
    executed directly in dependency order in one DuckDB connection, without dbt: what
    `dbt build` cannot beat (dbt adds parsing, compiling, introspection, transactions and
    its own bookkeeping). Seeds are read from their CSVs; unit tests (dbt's own
    fixtures) and hooks are left out.
"""
from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import duckdb

from python_helpers import PROJECT_DIR
from python_helpers.dbt_session import BUILD_RESULTS
from python_helpers.load.quarantine import sql_literal
from python_helpers.registry import load_registry


def csv_floor(drop: Path, db_path: Path) -> dict:
    if db_path.exists():
        db_path.unlink()
    started = time.perf_counter()
    rows = 0
    with duckdb.connect(str(db_path)) as con:
        con.execute("create schema floor")
        for feed in load_registry():
            path = drop / feed.file
            if not path.exists():
                continue
            con.execute(f'create table floor."{feed.identifier}" as select * from read_csv('
                        f"{sql_literal(str(path))}, all_varchar = true, header = true)")
            rows += con.execute(f'select count(*) from floor."{feed.identifier}"'
                                ).fetchone()[0]
    return {"seconds": round(time.perf_counter() - started, 2), "rows": rows}


def _order(manifest: dict, unique_ids: set[str]) -> list[str]:
    """unique_ids in dependency order (parents first)."""
    nodes = manifest["nodes"]
    done: set[str] = set()
    order: list[str] = []

    def visit(uid: str) -> None:
        if uid in done or uid not in unique_ids:
            return
        done.add(uid)
        for parent in nodes[uid]["depends_on"].get("nodes", []):
            visit(parent)
        order.append(uid)

    for uid in sorted(unique_ids):
        visit(uid)
    return order


def _seed_sql(node: dict) -> str:
    path = PROJECT_DIR / node["original_file_path"]
    return (f"create or replace table {node['relation_name']} as select * from "
            f"read_csv({sql_literal(str(path))}, header = true)")


def _statement(node: dict, compiled: str) -> str | None:
    kind = node["resource_type"]
    if kind == "seed":
        return _seed_sql(node)
    if kind == "test":
        return f"select count(*) from (\n{compiled}\n) as failures"
    if kind == "snapshot":
        # a first snapshot: every row current, with dbt's bookkeeping columns
        return (f"create or replace table {node['relation_name']} as select *, "
                "md5(cast(random() as varchar)) as dbt_scd_id, "
                "current_timestamp as dbt_updated_at, current_timestamp as dbt_valid_from, "
                f"cast(null as timestamp) as dbt_valid_to from (\n{compiled}\n) as rows")
    if kind == "model":
        materialized = node["config"].get("materialized")
        if materialized == "ephemeral":
            return None  # inlined into its readers' compiled SQL
        what = "view" if materialized == "view" else "table"
        return f"create or replace {what} {node['relation_name']} as (\n{compiled}\n)"
    return None


def sql_floor(loaded_db: Path, target: Path, work: Path) -> dict:
    """Run the build's compiled SQL on a copy of the warehouse as it was loaded (raw only)."""
    manifest = json.loads((target / "manifest.json").read_text())
    results = json.loads((target / BUILD_RESULTS).read_text())["results"]
    compiled = {r["unique_id"]: r.get("compiled_code") for r in results}
    wanted = {uid for uid in compiled if uid in manifest["nodes"]
              and manifest["nodes"][uid]["resource_type"] in ("model", "snapshot", "test",
                                                              "seed")}
    # the copy keeps the warehouse's catalog name, which the compiled SQL names
    copy = work / "floor" / loaded_db.name
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(loaded_db, copy)
    statements = 0
    started = time.perf_counter()
    with duckdb.connect(str(copy)) as con:
        con.execute("set enable_progress_bar = false")
        schemas = {manifest["nodes"][uid]["schema"] for uid in wanted}
        for schema in sorted(schemas):
            con.execute(f'create schema if not exists "{schema}"')
        for uid in _order(manifest, wanted):
            node = manifest["nodes"][uid]
            sql = _statement(node, compiled.get(uid) or "")
            if sql:
                con.execute(sql)
                statements += 1
    seconds = time.perf_counter() - started
    shutil.rmtree(copy.parent, ignore_errors=True)
    return {"seconds": round(seconds, 2), "statements": statements}
