"""hi bench's arithmetic, on hand-made inputs (the timings themselves are never tested)."""
from __future__ import annotations

import json

import duckdb
import pytest

from python_helpers.bench import summarise
from python_helpers.bench.scan import scan_profile


def _node(kind, name, schema, parents=(), materialized=None):
    node = {"resource_type": kind, "name": name, "alias": name, "schema": schema,
            "depends_on": {"nodes": list(parents)}, "config": {}}
    if materialized:
        node["config"]["materialized"] = materialized
    return node


def test_scan_follows_views_to_their_tables_and_counts_each_read(tmp_path):
    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create schema raw; create schema staging; create schema marts")
    # 100 rows x (8 bytes of integer + 4 characters of text) = 1,200 bytes
    con.execute("create table raw.feed as select range::integer as n, 'abcd' as t "
                "from range(100)")
    con.execute("create view staging.feed_view as select * from raw.feed")
    # 10 rows x 8 bytes = 80 bytes
    con.execute("create table marts.summary as select range::bigint as k from range(10)")
    con.close()
    manifest = {
        "sources": {"source.p.raw.feed": {"resource_type": "source", "name": "feed",
                                          "identifier": "feed", "schema": "raw"}},
        "nodes": {
            "model.p.feed_view": _node("model", "feed_view", "staging",
                                       ["source.p.raw.feed"], "view"),
            "model.p.summary": _node("model", "summary", "marts", ["model.p.feed_view"],
                                     "table"),
            "test.p.not_null_summary": _node("test", "not_null_summary", "dq",
                                             ["model.p.summary"]),
            "test.p.both": _node("test", "both", "dq",
                                 ["model.p.summary", "model.p.feed_view"]),
        },
    }
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    profile = scan_profile(db, tmp_path)
    assert profile["warehouse_bytes"] == 1200 + 80
    # the view reads nothing when created; summary reads the view = the raw table
    assert profile["by_kind"]["model"] == {"nodes": 2, "bytes_read": 1200}
    assert profile["by_kind"]["test"] == {"nodes": 2, "bytes_read": 80 + 80 + 1200}
    assert profile["bytes_read"] == 1200 + 80 + 80 + 1200
    assert profile["heaviest_readers"][0][1] == 1280


def test_summary_ratios_are_each_stage_over_its_floor():
    stages = {name: {"seconds": s, "peak_rss_mib": m} for name, s, m in (
        ("generate", 20, 900), ("validate", 12, 700), ("load", 8, 500),
        ("csv_floor", 4, 300), ("build", 150, 3500), ("sql_floor", 100, 3000),
        ("docs", 30, 600), ("scan", 5, 200))}
    stages["generate"].update(rows=1000, csv_bytes=10**6)
    # the build parsed warm in 3 s; a clone's first parse took 13 s
    stages["build"].update(parse_seconds=3, cold_parse_seconds=13)
    result = summarise(stages)
    assert result["end_to_end_seconds"] == pytest.approx(12 + 8 + 150 + 30)
    assert result["end_to_end_peak_mib"] == 3500
    assert result["validate_load_vs_csv_floor"] == pytest.approx(5.0)
    assert result["build_vs_sql_floor"] == pytest.approx(1.5)
    assert result["first_build_seconds"] == pytest.approx(160)
    assert result["first_build_vs_sql_floor"] == pytest.approx(1.6)


def test_a_test_on_one_column_reads_that_column_only(tmp_path):
    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    # 50 rows x (8 + 8 + 2 characters)
    con.execute("create table main.t as select range::bigint as a, range::double as b, "
                "'xy' as c from range(50)")
    con.close()
    test = _node("test", "not_null_t_c", "dq", ["model.p.t"])
    test["column_name"] = "c"
    manifest = {"sources": {}, "nodes": {"model.p.t": _node("model", "t", "main", []),
                                         "test.p.not_null_t_c": test}}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    profile = scan_profile(db, tmp_path)
    assert profile["warehouse_bytes"] == 50 * 18
    assert profile["by_kind"]["test"]["bytes_read"] == 50 * 2
