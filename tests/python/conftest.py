"""Shared fixtures: one small synthetic drop and one warehouse built from it per session.

Tests that only read use these; tests that change files or tables make their own copies.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

SMALL_SEED = 2022


@pytest.fixture(scope="session")
def small_drop(tmp_path_factory) -> Path:
    from python_helpers.synth.generate import generate_drop

    drop = tmp_path_factory.mktemp("small") / "drop"
    generate_drop(drop, scale="small", seed=SMALL_SEED)
    return drop


@pytest.fixture(scope="session")
def small_manifest(small_drop) -> dict:
    return json.loads((small_drop / "truth_manifest.json").read_text())


@pytest.fixture(scope="session")
def small_warehouse(small_drop, tmp_path_factory) -> dict:
    """Load the small drop and dbt build it; returns paths of the warehouse and target."""
    from python_helpers.build import build
    from python_helpers.load import load_drop

    work = tmp_path_factory.mktemp("warehouse")
    db_path = work / "small.duckdb"
    result = load_drop(small_drop, db_path)
    assert result.ok, result.summary()
    target = work / "target"
    # with dbt's unit tests: every `make test` runs them (production builds leave them out)
    code = build(db_path, target_path=target, docs=True, capture=True, unit_tests=True)
    assert code == 0, "dbt build of the small drop failed (dbt output above)"
    return {"db_path": db_path, "target": target, "load": result}


@pytest.fixture(scope="session")
def small_warehouse_con(small_warehouse):
    """A read-only connection to the small warehouse, shared by the tests that only read."""
    import duckdb

    con = duckdb.connect(str(small_warehouse["db_path"]), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="session")
def small_reports(small_warehouse, tmp_path_factory) -> dict:
    """The inequality report and the governance pack of the small warehouse."""
    from python_helpers.report import write_reports

    out = tmp_path_factory.mktemp("reports")
    paths = write_reports(small_warehouse["db_path"], small_warehouse["target"], out)
    return {"out": out, "report": paths.report, "pack_html": paths.pack_html,
            "pack_markdown": paths.pack_markdown, "docs": small_warehouse["target"]
            / "static_index.html"}
