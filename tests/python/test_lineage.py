"""Column-level lineage from compiled SQL (python_helpers.report.lineage), on small
hand-written projects whose answers are known: which source columns reach which model
columns, by value or by deciding the rows, through CTEs, unions, joins and subqueries."""
from __future__ import annotations

from python_helpers.report.lineage import ROWS, VALUE, compute_lineage

DB = "db"


def _project(sources: dict[str, list[str]], models: dict[str, tuple[str, list[str], list[str]]]):
    """sources: name -> columns (schema raw); models: name -> (sql, output columns,
    parents). Returns (manifest, catalog) shaped as dbt writes them."""
    manifest = {"nodes": {}, "sources": {}}
    catalog = {"nodes": {}, "sources": {}}
    for name, cols in sources.items():
        uid = f"source.p.raw.{name}"
        manifest["sources"][uid] = {
            "unique_id": uid, "resource_type": "source", "database": DB, "schema": "raw",
            "identifier": name, "name": name, "source_name": "raw",
            "columns": {c: {"name": c} for c in cols}}
        catalog["sources"][uid] = {"columns": {c: {"name": c, "type": "VARCHAR", "index": i}
                                               for i, c in enumerate(cols)}}
    for name, (sql, cols, parents) in models.items():
        uid = f"model.p.{name}"
        manifest["nodes"][uid] = {
            "unique_id": uid, "resource_type": "model", "database": DB, "schema": "main",
            "alias": name, "name": name, "compiled_code": sql, "config": {},
            "depends_on": {"nodes": [p if "." in p else f"model.p.{p}" for p in parents]},
            "columns": {c: {"name": c} for c in cols}}
        catalog["nodes"][uid] = {"columns": {c: {"name": c, "type": "VARCHAR", "index": i}
                                             for i, c in enumerate(cols)}}
    return manifest, catalog


def _leaves(deps) -> dict[str, str]:
    return {f"{uid.split('.')[-1]}.{col}": kind for (uid, col), kind in deps.items()}


def test_values_and_row_deciders_are_told_apart_through_ctes_and_aggregates():
    manifest, catalog = _project(
        {"s": ["a", "b", "c", "d", "e"]},
        {"stg": ("with src as (select * from db.raw.s) "
                 "select a, b, upper(c) as c2 from src where d = 'x'",
                 ["a", "b", "c2"], ["source.p.raw.s"]),
         "mart": ("select a, count(*) as n, "
                  "sum(case when c2 = 'Y' then 1 else 0 end) as ys "
                  "from db.main.stg group by a", ["a", "n", "ys"], ["stg"])})
    lineage = compute_lineage(manifest, catalog)
    assert lineage.unparsed == {}
    mart = "model.p.mart"
    assert _leaves(lineage.column(mart, "a")) == {"s.a": VALUE, "s.d": ROWS}
    # a count's value is decided by the rows alone: the grouping and the filter
    assert _leaves(lineage.column(mart, "n")) == {"s.a": ROWS, "s.d": ROWS}
    assert _leaves(lineage.column(mart, "ys")) == {"s.c": VALUE, "s.a": ROWS, "s.d": ROWS}
    # b reaches staging only, e nothing at all
    assert "s.b" in _leaves(lineage.column("model.p.stg", "b"))
    reached = {k for c in ("a", "n", "ys") for k in _leaves(lineage.column(mart, c))}
    assert "s.b" not in reached and "s.e" not in reached


def test_unions_map_columns_by_position_and_joins_decide_rows():
    manifest, catalog = _project(
        {"s": ["a", "b", "key"], "t": ["x", "key", "flag"]},
        {"u": ("select a as v from db.raw.s union all select x as v from db.raw.t",
               ["v"], ["source.p.raw.s", "source.p.raw.t"]),
         "j": ("select s.b from db.raw.s as s inner join db.raw.t as t on s.key = t.key "
               "where s.a in (select x from db.raw.t where flag = 'Y')",
               ["b"], ["source.p.raw.s", "source.p.raw.t"])})
    lineage = compute_lineage(manifest, catalog)
    assert _leaves(lineage.column("model.p.u", "v")) == {"s.a": VALUE, "t.x": VALUE}
    assert _leaves(lineage.column("model.p.j", "b")) == {
        "s.b": VALUE, "s.key": ROWS, "t.key": ROWS, "s.a": ROWS, "t.x": ROWS,
        "t.flag": ROWS}


def test_sql_that_cannot_be_parsed_counts_every_column_it_reads_as_used():
    manifest, catalog = _project(
        {"s": ["a", "b"]},
        {"odd": ("select a from db.raw.s where (((", ["a"], ["source.p.raw.s"])})
    lineage = compute_lineage(manifest, catalog)
    assert "model.p.odd" in lineage.unparsed
    assert _leaves(lineage.column("model.p.odd", "a")) == {"s.a": VALUE, "s.b": VALUE}
