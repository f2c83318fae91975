"""The shape of the build's reads, for the Snowflake estimate (docs/snowflake.md, "What a
build costs").

Snowflake bills a warehouse by the second while it runs; what a build needs from it is
roughly how many statements it sends and how many bytes they read. Both are measured here
on the DuckDB build of the same drop: every model, snapshot and data test of the build's
manifest is one node; a node reads each relation it depends on once (views are followed to
the tables they read, so a view costs what its tables cost). A relation's bytes are its
rows times its columns' widths: 8 bytes for numbers, dates and booleans, the average length
of a sample for text. A data test on one column (not_null, unique, accepted_values ...)
reads that column only; every other node is taken to read every column of its inputs.
Uncompressed and mostly whole tables: an upper bound on what Snowflake, which stores
columns compressed and reads only those a query names, would scan.
"""
from __future__ import annotations

import json
from pathlib import Path

import duckdb

FIXED_WIDTH = 8  # bytes of a number, date, timestamp or boolean, uncompressed
SAMPLE_ROWS = 2000


def relation_bytes(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], dict]:
    """Rows and estimated bytes per row of each column, for every table of the warehouse,
    by (schema, name), lower case."""
    sizes = {}
    tables = con.execute("select schema_name, table_name, estimated_size from duckdb_tables() "
                         "where not internal").fetchall()
    for schema, table, rows in tables:
        columns = con.execute(
            "select column_name, data_type from duckdb_columns() "
            "where schema_name = ? and table_name = ?", [schema, table]).fetchall()
        widths = {name.lower(): float(FIXED_WIDTH) for name, _ in columns}
        text = [name for name, kind in columns if kind.upper().startswith("VARCHAR")]
        if text and rows:
            lengths = ", ".join(f'avg(length("{c}"))' for c in text)
            averages = con.execute(
                f'select {lengths} from "{schema}"."{table}" '
                f"using sample {SAMPLE_ROWS} rows").fetchone()
            widths.update({c.lower(): float(a or 0) for c, a in zip(text, averages)})
        sizes[(schema.lower(), table.lower())] = {"rows": float(rows or 0), "widths": widths}
    return sizes


def _bytes(size: dict, column: str | None = None) -> float:
    widths = size["widths"]
    if column and column.lower() in widths:
        return size["rows"] * widths[column.lower()]
    return size["rows"] * sum(widths.values())


def _relation(node: dict) -> tuple[str, str] | None:
    name = node.get("alias") or node.get("identifier") or node.get("name")
    return (str(node.get("schema", "")).lower(), str(name).lower()) if name else None


def scan_profile(db_path: Path, target: Path) -> dict:
    """Statements and bytes read by the build, in total and by kind of node."""
    manifest = json.loads((target / "manifest.json").read_text())
    nodes = {**manifest["nodes"], **manifest["sources"]}
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        sizes = relation_bytes(con)
    finally:
        con.close()

    def reads(uid: str, column: str | None = None, seen: frozenset = frozenset()) -> float:
        """Bytes a node reads when it reads uid (one column of it, if named): a table's
        own, a view's tables' (all their columns: a view may compute the one from many)."""
        node = nodes.get(uid)
        if node is None or uid in seen:
            return 0.0
        relation = _relation(node)
        if relation in sizes:
            return _bytes(sizes[relation], column)
        parents = node.get("depends_on", {}).get("nodes", [])
        return sum(reads(p, None, seen | {uid}) for p in parents)

    by_kind: dict[str, dict] = {}
    heaviest = []
    for uid, node in manifest["nodes"].items():
        kind = node["resource_type"]
        if kind not in ("model", "snapshot", "test", "seed"):
            continue
        if kind == "model" and node.get("config", {}).get("materialized") == "view":
            read = 0.0  # creating a view reads nothing; its readers pay for it
        elif kind == "seed":
            read = 0.0  # a seed is written from a file, not read from the warehouse
        else:
            parents = node.get("depends_on", {}).get("nodes", [])
            # a test on one column of one model reads that column; others read all
            column = node.get("column_name") if kind == "test" and len(parents) == 1 \
                else None
            read = sum(reads(p, column) for p in parents)
        entry = by_kind.setdefault(kind, {"nodes": 0, "bytes_read": 0.0})
        entry["nodes"] += 1
        entry["bytes_read"] += read
        heaviest.append((node["name"], read))
    heaviest.sort(key=lambda item: -item[1])
    return {
        "nodes": sum(v["nodes"] for v in by_kind.values()),
        "bytes_read": round(sum(v["bytes_read"] for v in by_kind.values())),
        "by_kind": {k: {"nodes": v["nodes"], "bytes_read": round(v["bytes_read"])}
                    for k, v in sorted(by_kind.items())},
        "warehouse_bytes": round(sum(_bytes(size) for size in sizes.values())),
        "heaviest_readers": [[n, round(b)] for n, b in heaviest[:10]],
    }
