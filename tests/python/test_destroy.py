"""Issue 15: `hi destroy` retires a share, or a partner's part of it, leaving no pseudonym
of the drop in any relation or in any file under the project folder, keeping the published
research-question marts, with a record that holds no value; a second run is a no-op."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from python_helpers import PROJECT_DIR, cli
from python_helpers.destroy.files import DESTRUCTION_RECORDS
from python_helpers.destroy.plan import PARTNERS
from pseudonyms import pseudonyms_of

HEX64 = re.compile(rb"[0-9A-Fa-f]{64}")
# folders of the project that `hi destroy` does not own: the environment, the repository
# history, drop folders (a user's or the generator's: theirs to delete) and the
# benchmark's scratch (synthetic drops it generates itself, never a share's data)
NOT_SCANNED = {".venv", ".git", "drops", "bench"}


def files_holding(root: Path, pseudonyms: set[str]) -> dict[str, int]:
    """Files under `root` holding any of the pseudonyms. Other DuckDB warehouses in
    warehouse/ (`make run`'s, built from a synthetic drop of the same seed) are not the
    one destroyed and are left out; everything else there is read."""
    hits = {}
    for path in root.rglob("*"):
        parts = path.relative_to(root).parts
        if not path.is_file() or parts[0] in NOT_SCANNED:
            continue
        if parts[0] == "warehouse" and path.name.endswith((".duckdb", ".duckdb.wal")):
            continue
        found = {t.decode().upper() for t in HEX64.findall(path.read_bytes())} & pseudonyms
        if found:
            hits[str(path.relative_to(root))] = len(found)
    return hits


def relations_holding(db_path: Path, pseudonyms: set[str]) -> dict[str, int]:
    hits = {}
    with duckdb.connect(str(db_path), read_only=True) as con:
        columns = con.execute("""
            select table_schema, table_name, column_name from information_schema.columns
            where table_catalog = current_database() and data_type = 'VARCHAR'
        """).fetchall()
        for schema, table, column in columns:
            n = con.execute(f'select count(*) from "{schema}"."{table}" '
                            f'where list_contains(?, upper(trim("{column}")))',
                            [sorted(pseudonyms)]).fetchone()[0]
            if n:
                hits[f"{schema}.{table}.{column}"] = n
    return hits


def marts(db_path: Path) -> dict[str, pd.DataFrame]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        names = [n for (n,) in con.execute(
            "select table_name from information_schema.tables "
            "where table_schema = 'marts' order by 1").fetchall()]
        return {n: con.execute(f"select * from marts.{n} order by all").df() for n in names}


def _records() -> set[Path]:
    return set(DESTRUCTION_RECORDS.glob("destruction-*")) if DESTRUCTION_RECORDS.exists() \
        else set()


def _hi(*args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "python_helpers.cli", *args],
                          cwd=PROJECT_DIR, capture_output=True, text=True, env=env,
                          timeout=1800)


def test_destroy_refuses_without_yes(tmp_path, capsys):
    assert cli.main(["destroy", "--duckdb", str(tmp_path / "w.duckdb")]) == 2
    assert "--dry-run" in capsys.readouterr().err


@pytest.fixture
def share(small_warehouse, small_drop, tmp_path):
    """A copy of the built small warehouse, and the drop's validation report in the
    project's default report folder, where `hi run` writes it."""
    db_path = tmp_path / "share.duckdb"
    shutil.copyfile(small_warehouse["db_path"], db_path)
    assert cli.main(["validate", str(small_drop)]) == 0
    return small_drop, db_path


def test_destroy_leaves_no_pseudonym_anywhere_and_keeps_the_published_marts(share):
    drop, db_path = share
    pseudonyms = pseudonyms_of(drop)
    assert len(pseudonyms) > 1_000
    assert relations_holding(db_path, pseudonyms), "the built warehouse holds the share"
    assert (PROJECT_DIR / "reports" / "validation").exists()
    published = marts(db_path)
    assert {"rq1_patient_demographics", "rq4_outcome_variation"} <= set(published)

    dry = _hi("destroy", "--dry-run", "--duckdb", str(db_path))
    assert dry.returncode == 0 and "nothing was removed" in dry.stdout
    assert "raw.mseft_waiting_list" in dry.stdout and "snapshots.snap_mseft__waiting_list" \
        in dry.stdout
    assert relations_holding(db_path, pseudonyms), "a dry run removes nothing"

    before = _records()
    result = _hi("destroy", "--yes", "--duckdb", str(db_path))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert relations_holding(db_path, pseudonyms) == {}
    assert files_holding(PROJECT_DIR, pseudonyms) == {}
    assert not (HEX64.findall(db_path.read_bytes()) and
                {t.decode().upper() for t in HEX64.findall(db_path.read_bytes())}
                & pseudonyms)
    for folder in ("reports/validation", "target", "logs"):
        assert not (PROJECT_DIR / folder).exists(), folder
    # the published marts are unchanged, and nothing else is left
    kept = marts(db_path)
    assert set(kept) == set(published)
    for name, frame in published.items():
        pd.testing.assert_frame_equal(kept[name], frame, check_dtype=False)
    with duckdb.connect(str(db_path), read_only=True) as con:
        schemas = {s for (s,) in con.execute(
            "select distinct table_schema from information_schema.tables "
            "where table_catalog = current_database()").fetchall()}
    assert schemas == {"marts"}

    # the record: what, when, by whom, kept and why, retention; no pseudonym
    records = _records() - before
    assert {p.suffix for p in records} == {".json", ".md"}
    record = json.loads(next(p for p in records if p.suffix == ".json").read_text())
    removed = {r["object"]: r["rows"] for r in record["removed"]}
    with duckdb.connect() as con:
        rows_in_file = con.execute(
            "select count(*) from read_csv(?, header = true, all_varchar = true)",
            [str(drop / "mseft_waiting_list.csv")]).fetchone()[0]
    assert removed["raw.mseft_waiting_list"] == rows_in_file
    assert {k["object"] for k in record["kept"]} == {f"marts.{n}" for n in published}
    assert record["destroyed_by"] and record["destroyed_at"] and record["platform_retention"]
    for path in records:
        assert not ({t.decode().upper() for t in HEX64.findall(path.read_bytes())}
                    & pseudonyms)

    again = _hi("destroy", "--yes", "--duckdb", str(db_path))
    assert again.returncode == 0 and "nothing to remove" in again.stdout
    assert _records() - before == records, "a second run writes no record"


def test_partner_withdrawal_leaves_no_social_care_key(small_warehouse, small_drop,
                                                      tmp_path):
    db_path = tmp_path / "copy.duckdb"
    shutil.copyfile(small_warehouse["db_path"], db_path)
    ecc_files = {f"{feed}.csv" for feed in PARTNERS["ecc"]}
    asc_keys = pseudonyms_of(small_drop, ecc_files) - pseudonyms_of(
        small_drop, {f"{feed}.csv" for feed in PARTNERS["mseft"]} | {"objections.csv"})
    assert relations_holding(db_path, asc_keys)
    with duckdb.connect(str(db_path), read_only=True) as con:
        hospital_rows = con.execute(
            "select count(*) from raw.mseft_ae_attendances").fetchone()[0]

    result = _hi("destroy", "--yes", "--partner", "ecc", "--duckdb", str(db_path))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert relations_holding(db_path, asc_keys) == {}
    with duckdb.connect(str(db_path), read_only=True) as con:
        tables = {t for (t,) in con.execute(
            "select table_schema || '.' || table_name from information_schema.tables "
            "where table_catalog = current_database()").fetchall()}
        assert con.execute("select count(*) from raw.mseft_ae_attendances"
                           ).fetchone()[0] == hospital_rows
    assert not any(t.startswith("raw.ecc_") for t in tables)
    assert "staging.stg_mseft__ae_attendances" in tables
    assert "snapshots.snap_mseft__waiting_list" in tables, \
        "hospital history does not derive from the council's feeds"
    assert "snapshots.snap_ecc_asc__demographics" not in tables
    assert "marts.rq2_social_care_contact" not in tables
    again = _hi("destroy", "--yes", "--partner", "ecc", "--duckdb", str(db_path))
    assert "nothing to remove" in again.stdout
