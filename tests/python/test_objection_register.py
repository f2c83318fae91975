"""Issue 9: objections last across drops until explicitly withdrawn, every dbt build proves
that no objector got past the objection filter, and failing test rows are never stored."""
from __future__ import annotations

import json
import shutil

import duckdb
import pandas as pd
import pytest

from python_helpers import cli
from python_helpers.build import run_dbt
from python_helpers.load import load_drop

# the objection filter and what it reads, without the tests (quick)
FILTERED = ["build", "--select", "+int_waiting_list_permitted", "--exclude", "resource_type:test"]


def _norm(series: pd.Series) -> pd.Series:
    return series.str.strip().str.upper()


def _run(args, db_path, target):
    result = run_dbt(args, db_path, target, capture=True)
    assert result.returncode == 0, result.stdout[-5000:]
    return result


def _waiting_rows_of(db_path, people) -> tuple[int, int]:
    """Rows of `people` in staging (every delivered row) and in the permitted view."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return tuple(con.execute(
            f"select count(*) from {view} where list_contains(?, nhs_number_pseudonym)",
            [sorted(people)]).fetchone()[0]
            for view in ("staging.stg_mseft__waiting_list",
                         "intermediate.int_waiting_list_permitted"))
    finally:
        con.close()


@pytest.fixture
def drop(small_drop, tmp_path):
    copy = tmp_path / "drop"
    shutil.copytree(small_drop, copy)
    return copy


def test_objections_last_until_withdrawn(drop, tmp_path, capsys):
    objections = pd.read_csv(drop / "objections.csv", dtype=str)
    waiting = pd.read_csv(drop / "mseft_waiting_list.csv", dtype=str)
    objectors = set(_norm(objections["NHS_NUMBER"]))
    on_list = sorted(objectors & set(_norm(waiting["NhsNumber"].dropna())))
    assert len(on_list) >= 2, "the small drop should have objectors on the waiting list"
    db_path, target = tmp_path / "w.duckdb", tmp_path / "target"

    assert load_drop(drop, db_path).ok
    _run(FILTERED, db_path, target)
    staged, permitted = _waiting_rows_of(db_path, objectors)
    assert staged > 0 and permitted == 0

    # a later drop without objections.csv: nobody comes back, and the load says why
    (drop / "objections.csv").unlink()
    result = load_drop(drop, db_path)
    assert result.ok
    message = result["objections"].message
    assert "register is unchanged" in message and f"{len(objectors)} objection" in message
    _run(FILTERED, db_path, target)
    assert _waiting_rows_of(db_path, objectors) == (staged, 0)

    # withdrawal is an explicit act: one person's objection is withdrawn, only they return
    person = on_list[0]
    withdrawal = tmp_path / "withdrawal.csv"
    objections[_norm(objections["NHS_NUMBER"]) == person].to_csv(withdrawal, index=False)
    assert cli.main(["objections", "withdraw", str(withdrawal),
                     "--duckdb", str(db_path)]) == 0
    printed = capsys.readouterr().out
    assert "1 objection(s) withdrawn" in printed and person not in printed
    _run(FILTERED, db_path, target)
    assert _waiting_rows_of(db_path, {person})[1] > 0
    assert _waiting_rows_of(db_path, objectors - {person})[1] == 0

    # the next drop lists them again: their objection stands again
    objections.to_csv(drop / "objections.csv", index=False)
    assert load_drop(drop, db_path).ok
    _run(FILTERED, db_path, target)
    assert _waiting_rows_of(db_path, objectors)[1] == 0


def test_withdrawal_file_with_a_malformed_record_withdraws_nothing(drop, tmp_path, capsys):
    db_path = tmp_path / "w.duckdb"
    assert load_drop(drop, db_path).ok
    withdrawal = tmp_path / "withdrawal.csv"
    lines = (drop / "objections.csv").read_text().splitlines()
    withdrawal.write_text("\n".join([lines[0], lines[1], "ABC,national_data_opt_out,extra"])
                          + "\n")
    before = cli.main(["objections", "status", "--duckdb", str(db_path)])
    status_before = capsys.readouterr().out
    assert before == 0
    assert cli.main(["objections", "withdraw", str(withdrawal),
                     "--duckdb", str(db_path)]) == 1
    error = capsys.readouterr().err
    assert "withdrawal.csv line 3" in error and "nothing was withdrawn" in error
    cli.main(["objections", "status", "--duckdb", str(db_path)])
    assert capsys.readouterr().out == status_before


def test_every_relation_past_staging_with_person_keys_is_tested_for_objectors(
        small_warehouse):
    """The guarantee runs in every dbt build: each model and snapshot past staging that
    holds a pseudonym column carries the no_objector_pseudonyms test, and it passed."""
    con = duckdb.connect(str(small_warehouse["db_path"]), read_only=True)
    try:
        with_keys = {name for (name,) in con.execute("""
            select distinct table_name from information_schema.columns
            where table_schema not in ('raw', 'staging', 'reference')
              and column_name like '%\\_pseudonym' escape '\\' and data_type = 'VARCHAR'
        """).fetchall()}
    finally:
        con.close()
    assert {"int_patients", "fct_waiting_list_pathways", "snap_mseft__waiting_list",
            "int_waiting_list_permitted"} <= with_keys
    results = json.loads((small_warehouse["target"] / "build_run_results.json").read_text())
    manifest = json.loads((small_warehouse["target"] / "manifest.json").read_text())
    tested = {}
    for r in results["results"]:
        node = manifest["nodes"].get(r["unique_id"], {})
        if node.get("test_metadata", {}).get("name") == "no_objector_pseudonyms":
            tested[node["attached_node"].split(".")[-1]] = r["status"]
    assert with_keys <= set(tested), sorted(with_keys - set(tested))
    assert set(tested.values()) == {"pass"}


def test_no_objector_test_fails_when_an_objector_leaks(small_warehouse, small_drop,
                                                        tmp_path):
    db_path = tmp_path / "copy.duckdb"
    shutil.copyfile(small_warehouse["db_path"], db_path)
    objector = _norm(pd.read_csv(small_drop / "objections.csv", dtype=str)["NHS_NUMBER"])[0]
    con = duckdb.connect(str(db_path))
    try:
        con.execute("""
            insert into marts_core.fct_waiting_list_pathways
            select * replace (? as nhs_number_pseudonym)
            from marts_core.fct_waiting_list_pathways limit 2
        """, [objector])
    finally:
        con.close()
    target = tmp_path / "target"
    result = run_dbt(["test", "--select",
                      "fct_waiting_list_pathways,test_name:no_objector_pseudonyms"],
                     db_path, target, capture=True)
    assert result.returncode == 1
    outcome = [r for r in json.loads((target / "run_results.json").read_text())["results"]
               if r["unique_id"].startswith("test.")]
    assert [(r["status"], r["failures"]) for r in outcome] == [("fail", 2)]
    assert objector not in result.stdout


def test_failing_test_rows_are_never_stored_only_counted(small_warehouse):
    con = duckdb.connect(str(small_warehouse["db_path"]), read_only=True)
    try:
        schemas = {s for (s,) in con.execute(
            "select schema_name from information_schema.schemata").fetchall()}
        counts = con.execute("""
            select count(*), count(*) filter (where status = 'warn'),
                   sum(failures) filter (where status = 'warn')
            from data_quality.dq_test_results
        """).fetchone()
        columns = {c for (c,) in con.execute(
            "select column_name from information_schema.columns "
            "where table_name = 'dq_test_results'").fetchall()}
    finally:
        con.close()
    assert "test_failures" not in schemas
    results = json.loads((small_warehouse["target"] / "build_run_results.json").read_text())
    tests = [r for r in results["results"] if r["unique_id"].startswith("test.")]
    warned = [r for r in tests if r["status"] == "warn"]
    assert counts == (len(tests), len(warned), sum(r["failures"] for r in warned))
    assert columns == {"test_name", "tested_model", "severity", "status", "failures"}


def test_failure_tables_of_earlier_versions_are_dropped(small_warehouse, tmp_path):
    db_path = tmp_path / "copy.duckdb"
    shutil.copyfile(small_warehouse["db_path"], db_path)
    con = duckdb.connect(str(db_path))
    try:
        con.execute("create schema test_failures")
        con.execute("create table test_failures.not_null_x as "
                    "select nhs_number_pseudonym from marts_core.dim_patient limit 3")
    finally:
        con.close()
    _run(["test", "--select", "dim_services"], db_path, tmp_path / "target")
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        assert con.execute("select count(*) from information_schema.schemata "
                           "where schema_name = 'test_failures'").fetchone()[0] == 0
    finally:
        con.close()
