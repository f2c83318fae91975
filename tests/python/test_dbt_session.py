"""`hi build`'s one dbt process: build, then the docs from the build's own manifest."""
from __future__ import annotations

import json

import duckdb

from python_helpers.build import BUILD_RESULTS, TIMINGS, build


def test_the_docs_come_from_the_builds_parse_with_its_compiled_sql(small_warehouse):
    target = small_warehouse["target"]
    timings = json.loads((target / TIMINGS).read_text())
    assert set(timings) == {"start_up", "parse", "build", "docs"}
    manifest = json.loads((target / "manifest.json").read_text())
    models = [n for n in manifest["nodes"].values() if n["resource_type"] == "model"]
    assert models and all(n.get("compiled_code") for n in models)
    # the static docs page carries the compiled SQL of what the build ran, not only the
    # source SQL (docs generate ran without compiling, on the build's manifest)
    page = (target / "static_index.html").read_text(encoding="utf-8")
    mart = next(n for n in models if n["name"] == "rq2_multiple_disadvantage")
    assert json.dumps(mart["compiled_code"])[1:200] in page
    assert json.loads((target / "catalog.json").read_text())["nodes"]
    results = json.loads((target / BUILD_RESULTS).read_text())
    assert results["args"]["which"] == "build"


def test_the_test_suites_build_runs_dbts_unit_tests_and_they_pass(small_warehouse):
    # production builds (hi build, hi run) leave them out; every `make test` runs them
    target = small_warehouse["target"]
    manifest = json.loads((target / "manifest.json").read_text())
    results = json.loads((target / BUILD_RESULTS).read_text())["results"]
    ran = {r["unique_id"]: r["status"] for r in results
           if r["unique_id"].startswith("unit_test.")}
    assert len(manifest["unit_tests"]) >= 20
    assert ran == {uid: "pass" for uid in manifest["unit_tests"]}


def test_a_failed_build_returns_1_keeps_its_results_and_writes_no_docs(tmp_path):
    # an empty warehouse: the seeds load, the staging models find no raw tables
    db_path = tmp_path / "empty.duckdb"
    duckdb.connect(str(db_path)).close()
    target = tmp_path / "target"
    assert build(db_path, target_path=target, capture=True) == 1
    timings = json.loads((target / TIMINGS).read_text())
    assert "build" in timings and "docs" not in timings
    results = json.loads((target / BUILD_RESULTS).read_text())
    assert any(r["status"] == "error" for r in results["results"])
    assert not (target / "static_index.html").exists()
