"""`hi destroy`: plan, show, remove, record (see the package docstring)."""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from python_helpers import PROJECT_DIR, warehouse_path
from python_helpers.build import run_dbt
from python_helpers.destroy import files as local_files
from python_helpers.destroy.duckdb_target import DuckDBWarehouse
from python_helpers.destroy.plan import PARTNERS, QUARANTINE, Plan, make_plan
from python_helpers.destroy.record import make_record, write
from python_helpers.load.duckdb_target import RAW_SCHEMA

def parsed_manifest(target: str) -> dict:
    """The project's manifest, parsed now. It is parsed outside the project folder (the
    system's temporary folder, one per project and target, so that dbt's partial parsing
    makes a second run quick), and leaves no log: no database is touched."""
    key = hashlib.sha256(f"{PROJECT_DIR}|{target}".encode()).hexdigest()[:12]
    work = Path(tempfile.gettempdir()) / f"hi-destroy-parse-{key}"
    work.mkdir(exist_ok=True)
    env = dict(os.environ, DBT_TARGET=target)
    result = run_dbt(["parse", "--log-path", str(work)], target_path=work, env=env,
                     capture=True)
    if result.returncode != 0:
        raise SystemExit("error: dbt parse failed, so the lineage of what to remove is "
                         "unknown; nothing was removed:\n" + result.stdout[-3000:])
    return json.loads((work / "manifest.json").read_text())


def raw_schema_of(manifest: dict) -> str:
    """The schema the loader lands in (dbt var raw_schema), as the sources name it."""
    schemas = {s["schema"] for s in manifest["sources"].values()
               if s["source_name"] == "loader"}
    return schemas.pop() if len(schemas) == 1 else RAW_SCHEMA


def _warehouse(args, target: str):
    if target == "duckdb":
        return DuckDBWarehouse(warehouse_path(getattr(args, "duckdb", None)))
    from python_helpers.destroy.snowflake_target import SnowflakeWarehouse
    return SnowflakeWarehouse.connect(target)


def show(plan: Plan, found: list, where: str) -> None:
    print(f"target: {where}")
    print(f"remove {len(plan.remove)} relation(s):")
    for r in plan.remove:
        rows = "no data of its own" if r.rows is None else f"{r.rows:,} rows"
        print(f"  {r} ({r.kind}, {rows})")
    for r, feeds, n in plan.delete_rows:
        print(f"  delete {n:,} row(s) of {', '.join(feeds)} from {r}")
    print(f"remove {len(found)} local folder(s):")
    for f in found:
        print(f"  {f}")
    print(f"keep {len(plan.keep)} relation(s):")
    for r, why in plan.keep:
        print(f"  {r}: {why}")


def destroy(args) -> int:
    target = args.target or os.environ.get("DBT_TARGET", "duckdb")
    warehouse = _warehouse(args, target)
    manifest = parsed_manifest(target)
    raw_schema = raw_schema_of(manifest)
    quarantine_rows = 0
    if args.partner:
        quarantine_rows = warehouse.count_rows_of_feeds(raw_schema, QUARANTINE,
                                                        PARTNERS[args.partner])
    plan = make_plan(warehouse.relations(), manifest, raw_schema, everything=args.all,
                     partner=args.partner, quarantine_rows=quarantine_rows)
    found = local_files.files_to_remove()
    show(plan, found, warehouse.describe())
    if args.dry_run:
        print("dry run: nothing was removed")
        return 0
    if plan.is_empty and not found:
        print("nothing to remove: the share's person-level data is already destroyed")
        return 0
    at = datetime.now(timezone.utc)
    actions = warehouse.execute(plan) if not plan.is_empty else []
    local_files.remove(found)
    if found:
        actions.append(f"overwrote and deleted {sum(f.files for f in found):,} local file(s)")
    record = make_record(plan, found, at=at, user=warehouse.user(),
                         target=warehouse.describe(), actions=actions,
                         retention=warehouse.retention(plan, at))
    json_path, md_path = write(record)
    print(f"destruction record: {md_path}\n                    {json_path}")
    return 0
