"""The Snowflake path, proven without an account against a local Snowflake emulator.

The emulator is fakesnow's server (`fakesnow -s`), started here on a free loopback port and
stopped at the end. The real snowflake connector and the real dbt-snowflake adapter talk
to it over HTTP. The small synthetic drop is landed there by the Snowflake loader (PUT and
COPY INTO), built with `dbt build --target snowflake_emulator`, and every research-question
mart (and, until the marts exist, every staging model and seed) must hold the same rows as
the DuckDB build of the same drop. Every compiled node must also parse as Snowflake SQL.

What only a real account can confirm is listed in docs/snowflake.md.
"""
from __future__ import annotations

import collections
import csv
import datetime
import decimal
import json
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pandas as pd
import pytest
import sqlglot
import yaml
from sqlglot import exp

from python_helpers import PROJECT_DIR
from python_helpers.registry import feed_for_file
from python_helpers.snowflake import preflight
from python_helpers.snowflake.connection import EMULATOR_TARGET, SETTINGS, SettingsError, \
    connect, connect_args, read_settings
from python_helpers.snowflake.emulator import LOOPBACK, running_emulator
from python_helpers.snowflake.landing import EMULATOR_SKIPPED, LOADING_SUFFIX, \
    UploadNeeded, land_drop, land_prepared
from python_helpers.snowflake.prepare import prepare_drop
from python_helpers.snowflake.stage import AZURE, StageConfig, StageError

DBT_TIMEOUT_S = 1800
# Snowflake's type codes for TIMESTAMP_LTZ, TIMESTAMP_TZ and TIMESTAMP_NTZ.
TIMESTAMP_TYPE_CODES = (6, 7, 8)
COMPARED_FOLDERS = ("marts/research_questions/", "staging/")
A_VALID_NHS_NUMBER = "9434765919"  # passes the Modulus 11 check: an un-pseudonymised value
BI_ROLE = "bi_reader"
# what the emulator-only grants override logs instead of running GRANT
SKIPPED_DCL = re.compile(r"emulator skipped DCL: (grant [^\n]*?)\s*$", re.MULTILINE)
# what the snapshots' retention post-hook logs instead of running ALTER TABLE
SKIPPED_DDL = re.compile(r"emulator skipped DDL: (alter table [^\n]*?)\s*$", re.MULTILINE)


# ---------------------------------------------------------------------------------------
# fixtures: one emulator, one landing and one dbt build of the small drop per module

@pytest.fixture(scope="module")
def emulator(tmp_path_factory):
    with running_emulator(tmp_path_factory.mktemp("fakesnow")) as running:
        yield running


@pytest.fixture(scope="module")
def emulator_env(emulator, tmp_path_factory) -> dict[str, str]:
    """The environment dbt and the loader see: the committed profile, the emulator port."""
    profiles = tmp_path_factory.mktemp("profiles")
    shutil.copyfile(PROJECT_DIR / "profiles.example.yml", profiles / "profiles.yml")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SNOWFLAKE_", "HI_SNOW"))}
    env.update(emulator.env(), DBT_TARGET=EMULATOR_TARGET, DBT_PROFILES_DIR=str(profiles),
               SNOWFLAKE_BI_ROLE=BI_ROLE)
    return env


def run_dbt(env: dict[str, str], work: Path, *args: str) -> subprocess.CompletedProcess:
    dbt = Path(sys.executable).parent / "dbt"
    return subprocess.run(
        [str(dbt), *args, "--project-dir", str(PROJECT_DIR),
         "--profiles-dir", env["DBT_PROFILES_DIR"], "--target", EMULATOR_TARGET,
         "--target-path", str(work / "target"), "--log-path", str(work / "logs")],
        cwd=PROJECT_DIR, env=env, text=True, capture_output=True, timeout=DBT_TIMEOUT_S,
        check=False)


@pytest.fixture(scope="module")
def landed(small_drop, emulator_env, tmp_path_factory):
    result = land_drop(small_drop, target=EMULATOR_TARGET, env=emulator_env,
                       work_dir=tmp_path_factory.mktemp("landing"))
    assert result.ok, result.summary()
    return result


@pytest.fixture(scope="module")
def emulator_build(landed, emulator_env, tmp_path_factory) -> Path:
    """`dbt build` of the landed small drop on the emulator; returns its target folder."""
    work = tmp_path_factory.mktemp("emulator_build")
    result = run_dbt(emulator_env, work, "build")
    assert result.returncode == 0, (
        "dbt build on the Snowflake emulator failed:\n" + result.stdout[-15000:]
        + result.stderr[-3000:])
    return work / "target"


@pytest.fixture
def cursor(emulator_env):
    conn = connect(EMULATOR_TARGET, emulator_env)
    yield conn.cursor()
    conn.close()


# ---------------------------------------------------------------------------------------
# comparing relations between DuckDB and the emulator

def normalise(value):
    """One form per value whatever engine or driver produced it."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, float, decimal.Decimal)):
        number = float(value)  # 10 significant digits: the engines' last bits may differ
        return 0.0 if number == 0 else float(f"{number:.10g}")
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return repr(value)


def row_differences(name: str, columns_a: list[str], rows_a, columns_b: list[str],
                    rows_b, shown: int = 3) -> list[str]:
    """What differs between two relations as multisets of rows; [] when they are equal."""
    if columns_a != columns_b:
        return [f"{name}: columns differ: DuckDB {columns_a}, Snowflake {columns_b}"]
    a = collections.Counter(tuple(map(normalise, r)) for r in rows_a)
    b = collections.Counter(tuple(map(normalise, r)) for r in rows_b)
    if a == b:
        return []
    only_a, only_b = list((a - b).elements()), list((b - a).elements())
    return [f"{name}: {sum(a.values())} rows in DuckDB, {sum(b.values())} on Snowflake; "
            f"only in DuckDB ({len(only_a)}): {only_a[:shown]}; "
            f"only on Snowflake ({len(only_b)}): {only_b[:shown]}"]


def duckdb_rows(con: duckdb.DuckDBPyConnection, relation: str):
    result = con.execute(f"select * from {relation}")
    return [c[0].lower() for c in result.description], result.fetchall()


def snowflake_rows(cursor, relation: str):
    """Rows of a relation on the emulator.

    Emulator gap: it sends a null TIMESTAMP_NTZ to the client as 1970-01-01 00:00 (the
    stored value is null; SQL on the server sees null). Each timestamp column is therefore
    fetched with its `is null` beside it, and the null restored.
    """
    cursor.execute(f"select * from {relation} limit 0")
    description = cursor.description
    stamps = [i for i, c in enumerate(description) if c.type_code in TIMESTAMP_TYPE_CODES]
    is_null = "".join(f', t."{description[i].name}" is null' for i in stamps)
    cursor.execute(f"select t.*{is_null} from {relation} as t")
    n = len(description)
    rows = []
    for row in cursor.fetchall():
        values = list(row[:n])
        for k, i in enumerate(stamps):
            if row[n + k]:
                values[i] = None
        rows.append(tuple(values))
    return [c.name.lower() for c in description], rows


def compared_nodes(target: Path) -> dict[str, str]:
    """unique_id -> relation of the nodes both builds must agree on."""
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    return {uid: node["relation_name"] for uid, node in manifest["nodes"].items()
            if node["resource_type"] == "seed"
            or (node["resource_type"] == "model"
                and node["path"].startswith(COMPARED_FOLDERS)
                and node["config"]["materialized"] != "ephemeral")}


# ---------------------------------------------------------------------------------------
# the emulator and the profile

def test_emulator_target_is_loopback_only_and_holds_no_secret():
    profile = yaml.safe_load((PROJECT_DIR / "profiles.example.yml").read_text())
    outputs = profile["mse_health_inequalities"]["outputs"]
    emulator_output = outputs[EMULATOR_TARGET]
    assert emulator_output["host"] == LOOPBACK
    assert emulator_output["protocol"] == "http"
    snowflake_output = outputs["snowflake"]
    assert "password" not in snowflake_output  # key pair, never a password in a file
    assert snowflake_output["query_tag"]
    # every connection setting of the real target comes from the variables the loader and
    # the preflight read, so all three connect the same way
    for key, variable in (("account", "SNOWFLAKE_ACCOUNT"), ("user", "SNOWFLAKE_USER"),
                          ("role", "SNOWFLAKE_ROLE"), ("warehouse", "SNOWFLAKE_WAREHOUSE"),
                          ("database", "SNOWFLAKE_DATABASE"), ("schema", "SNOWFLAKE_SCHEMA"),
                          ("private_key_path", "SNOWFLAKE_PRIVATE_KEY_PATH")):
        assert f"env_var('{variable}'" in snowflake_output[key]
        assert variable in {name for name, _, _ in SETTINGS}


def test_emulator_answers_on_loopback(emulator, cursor):
    cursor.execute("select 1 + 1")
    assert cursor.fetchone() == (2,)
    assert emulator.process.poll() is None


# ---------------------------------------------------------------------------------------
# landing: the same raw tables, quarantine and reconciliation as the DuckDB loader

def test_landing_gives_the_duckdb_loaders_raw_tables_and_load_log(landed, small_warehouse,
                                                                   cursor):
    differences = []
    with duckdb.connect(str(small_warehouse["db_path"]), read_only=True) as con:
        tables = [r[0] for r in con.execute(
            "select table_name from information_schema.tables where table_schema = 'raw' "
            "order by table_name").fetchall()]
        assert "_load_log" in tables and "mseft_ae_attendances" in tables
        for table in tables:
            differences += row_differences(
                f"raw.{table}", *duckdb_rows(con, f"raw.{table}"),
                *snowflake_rows(cursor, f"raw.{table}"))
    assert not differences, "\n".join(differences)
    cursor.execute("show tables like '%" + LOADING_SUFFIX.upper() + "%' in schema raw")
    assert cursor.fetchall() == [], "a loading table was left behind"
    cursor.execute("list @raw.hi_landing")  # (the preflight's probe folder aside)
    assert [r[0] for r in cursor.fetchall() if "/load_" in r[0]] == [], \
        "a landed file was left on the stage"


def _bad_drop(small_drop: Path, folder: Path) -> Path:
    """The small drop with two malformed A&E records, and an un-pseudonymised NHS number
    on line 2 of the waiting list (which must fail that feed)."""
    drop = folder / "bad_drop"
    shutil.copytree(small_drop, drop)
    with (drop / "mseft_ae_attendances.csv").open("a", encoding="utf-8", newline="") as f:
        f.write("only,three,fields\n")
        f.write("too," * 40 + "many\n")
    waiting = drop / "mseft_waiting_list.csv"
    text = waiting.read_text(encoding="utf-8")
    header_line, first_line = text.splitlines()[:2]
    pseudonym = feed_for_file(waiting.name).pseudonym_columns[0].header
    position = [h.strip().casefold() for h in next(csv.reader([header_line]))] \
        .index(pseudonym.strip().casefold())
    value = next(csv.reader([first_line]))[position]
    start = len(header_line)
    waiting.write_text(text[:start] + text[start:].replace(value, A_VALID_NHS_NUMBER, 1),
                       encoding="utf-8")
    return drop


def test_bad_records_quarantine_and_a_failed_feed_keeps_its_table_as_on_duckdb(
        small_drop, emulator_env, cursor, tmp_path):
    schema = "raw_bad"
    first = land_drop(small_drop, target=EMULATOR_TARGET, env=emulator_env,
                      raw_schema=schema, work_dir=tmp_path / "first")
    assert first.ok
    bad = _bad_drop(small_drop, tmp_path)
    on_snowflake = land_drop(bad, target=EMULATOR_TARGET, env=emulator_env,
                             raw_schema=schema, work_dir=tmp_path / "second")
    from python_helpers.load import load_drop
    db = tmp_path / "bad.duckdb"
    on_duckdb = load_drop(bad, db)

    assert [o.log_row() for o in on_snowflake.outcomes] == \
        [o.log_row() for o in on_duckdb.outcomes]
    ae = on_snowflake["mseft_ae_attendances"]
    assert (ae.status, ae.rows_rejected, ae.rows_read) == \
        ("loaded", 2, first["mseft_ae_attendances"].rows_read + 2)
    waiting = on_snowflake["mseft_waiting_list"]
    assert waiting.status == "failed" and "line 2" in waiting.message
    with duckdb.connect(str(db), read_only=True) as con:
        differences = row_differences("_quarantine", *duckdb_rows(con, "raw._quarantine"),
                                      *snowflake_rows(cursor, f"{schema}._quarantine"))
        differences += row_differences("_load_log", *duckdb_rows(con, "raw._load_log"),
                                       *snowflake_rows(cursor, f"{schema}._load_log"))
    assert not differences, "\n".join(differences)
    cursor.execute(f"select count(*) from {schema}.mseft_waiting_list")
    assert cursor.fetchone()[0] == first["mseft_waiting_list"].rows_loaded


def test_objections_last_across_loads_on_the_emulator(small_drop, emulator_env, cursor,
                                                      tmp_path):
    """The objection register lives in Snowflake too: a later drop without objections.csv
    leaves it as it was, and the load says so, as on DuckDB."""
    schema = "raw_register"
    first = land_drop(small_drop, target=EMULATOR_TARGET, env=emulator_env,
                      raw_schema=schema, work_dir=tmp_path / "first")
    assert first.ok
    cursor.execute(f"select count(*), count(distinct nhs_number), max(batch) "
                   f"from {schema}.objection_register where event = 'objected'")
    listed = len(pd.read_csv(small_drop / "objections.csv", dtype=str))
    assert cursor.fetchone() == (listed, listed, 1)
    later = tmp_path / "later"
    shutil.copytree(small_drop, later)
    (later / "objections.csv").unlink()
    second = land_drop(later, target=EMULATOR_TARGET, env=emulator_env,
                       raw_schema=schema, work_dir=tmp_path / "second")
    assert second.ok
    assert "register is unchanged" in second["objections"].message
    cursor.execute(f"select count(*), max(batch) from {schema}.objection_register")
    assert cursor.fetchone() == (listed, 1)
    # withdrawal is explicit, and works the same way here
    from python_helpers.objections import withdraw_on_snowflake
    withdrawal = tmp_path / "withdrawal.csv"
    pd.read_csv(small_drop / "objections.csv", dtype=str).head(2).to_csv(withdrawal,
                                                                         index=False)
    assert withdraw_on_snowflake(withdrawal, EMULATOR_TARGET, schema, emulator_env) == \
        (2, listed - 2)


class _Recording:
    """A connection whose cursors record every statement, and may run `then()` once,
    right after the first statement `when(sql)` picks (to overlap another load)."""

    def __init__(self, conn, when=None, then=None):
        self.conn, self.when, self.then = conn, when, then
        self.statements: list[str] = []

    def cursor(self):
        return _RecordingCursor(self.conn.cursor(), self)


class _RecordingCursor:
    def __init__(self, cursor, owner: _Recording):
        self._cursor, self._owner = cursor, owner

    def execute(self, sql, params=None):
        owner = self._owner
        owner.statements.append(" ".join(sql.split()))
        result = self._cursor.execute(sql, params)
        if owner.when is not None and owner.when(sql):
            owner.when = None
            owner.then()
        return result

    def executemany(self, sql, rows):
        self._owner.statements.append(" ".join(sql.split()))
        return self._cursor.executemany(sql, rows)

    def __getattr__(self, name):
        return getattr(self._cursor, name)


def _drop_without_last_records(small_drop: Path, folder: Path, files: dict[str, int]) -> Path:
    """A copy of the small drop whose named files lose their last n records."""
    drop = folder / "shorter_drop"
    shutil.copytree(small_drop, drop)
    for name, n in files.items():
        lines = (drop / name).read_text(encoding="utf-8").splitlines(keepends=True)
        (drop / name).write_text("".join(lines[:-n]), encoding="utf-8")
    return drop


def _count(cursor, relation: str) -> int:
    cursor.execute(f"select count(*) from {relation}")
    return cursor.fetchone()[0]


def _loading_tables(cursor, schema: str) -> list:
    cursor.execute(f"show tables like '%{LOADING_SUFFIX.upper()}%' in schema {schema}")
    return cursor.fetchall()


def _staged(cursor, schema: str, folder: str) -> list[str]:
    """The emulator lists a whole stage only; the files under one folder of it."""
    cursor.execute(f"list @{schema}.hi_landing")
    return [row[0] for row in cursor.fetchall() if f"/{folder}/" in f"/{row[0]}"]


def test_an_aborted_copy_fails_its_feed_only_and_the_log_describes_this_load(
        small_drop, emulator_env, cursor, tmp_path, caplog):
    """A COPY INTO that aborts (a staged file whose value the table cannot take: the
    database error a real account gives for a damaged or mismatched file) fails that
    feed alone: it keeps its previous table, the other feeds land, `_load_log` describes
    this load, no loading table is left, and the run's stage folder is removed."""
    schema = "raw_abort"
    first = land_drop(small_drop, target=EMULATOR_TARGET, env=emulator_env,
                      raw_schema=schema, work_dir=tmp_path / "first")
    assert first.ok, first.summary()
    second = _drop_without_last_records(small_drop, tmp_path,
                                        {"mseft_ae_attendances.csv": 3})
    prepared = prepare_drop(second, tmp_path / "second")
    damaged = prepared.folder / "mseft_waiting_list.parquet"
    with duckdb.connect() as con:  # _source_row no longer a number: the COPY aborts
        con.execute(f"copy (select * replace ('x' || _source_row as _source_row) "
                    f"from read_parquet('{damaged}')) to '{damaged}.new' (format parquet)")
    os.replace(f"{damaged}.new", damaged)

    database = read_settings(EMULATOR_TARGET, emulator_env).database
    conn = _Recording(connect(EMULATOR_TARGET, emulator_env))
    try:
        with caplog.at_level(logging.INFO, logger="python_helpers.snowflake.landing"):
            outcomes = land_prepared(conn, prepared, database, schema, StageConfig(),
                                     run_id="abortedrun1", emulator=True)
    finally:
        conn.conn.close()
    landed = {o.feed.identifier: o for o in outcomes}

    waiting = landed["mseft_waiting_list"]
    # the database error, with the file it came from
    assert waiting.status == "failed" and waiting.message.startswith("mseft_waiting_list.csv")
    assert _count(cursor, f"{schema}.mseft_waiting_list") == \
        first["mseft_waiting_list"].rows_loaded, "the failed feed lost its previous table"
    ae = landed["mseft_ae_attendances"]
    assert ae.status == "loaded" and ae.rows_loaded == \
        first["mseft_ae_attendances"].rows_loaded - 3
    assert _count(cursor, f"{schema}.mseft_ae_attendances") == ae.rows_loaded
    assert all(o.status == "loaded" for o in outcomes
               if o.feed.identifier != "mseft_waiting_list" and not o.feed.optional)
    # the log is this load's, the failure included
    cursor.execute(f"select * from {schema}._load_log")
    assert sorted(map(tuple, cursor.fetchall()), key=str) == \
        sorted((o.log_row() for o in outcomes), key=str)
    assert _loading_tables(cursor, schema) == []
    # REMOVE of this run's folder (logged: the emulator has none); COPY's purge removed
    # every file that loaded, so only the aborted COPY's file waits for it there
    remove = f"remove @{database}.{schema}.hi_landing/{prepared.load_id}/abortedrun1/"
    assert EMULATOR_SKIPPED + remove in caplog.messages
    assert [f.rsplit("/", 1)[-1] for f in _staged(cursor, schema, "abortedrun1")] == \
        ["mseft_waiting_list.parquet"]
    # every table the landing created in the raw schema is transient, no Time Travel,
    # but the objection register, which no drop can rebuild: permanent, one day
    creates = [st for st in conn.statements if re.match(r"create .*\btable\b", st)]
    register = [st for st in creates if ".objection_register " in st]
    assert register and all(re.match(r"create table if not exists ", st)
                            and st.endswith("data_retention_time_in_days = 1")
                            for st in register)
    creates = [st for st in creates if st not in register]
    assert creates and all(re.match(r"create (or replace )?transient table ", st)
                           and "data_retention_time_in_days = 0" in st for st in creates), \
        [st for st in creates if "data_retention_time_in_days = 0" not in st]


def test_overlapping_loads_use_their_own_loading_tables_and_stage_folders(
        small_drop, emulator_env, cursor, tmp_path, caplog):
    """Load B runs whole while load A is between its A&E COPY and the table replacement:
    neither touches the other's loading tables or stage folder, both succeed, and the
    raw tables end with A's rows (A replaced them last)."""
    schema = "raw_overlap"
    drop_b = _drop_without_last_records(small_drop, tmp_path, {"mseft_ae_attendances.csv": 5})
    results = {}

    def load_b():
        results["b"] = land_drop(drop_b, target=EMULATOR_TARGET, env=emulator_env,
                                 raw_schema=schema, work_dir=tmp_path / "b")

    prepared = prepare_drop(small_drop, tmp_path / "a")
    database = read_settings(EMULATOR_TARGET, emulator_env).database
    conn = _Recording(connect(EMULATOR_TARGET, emulator_env),
                      when=lambda sql: sql.startswith("copy into")
                      and "mseft_ae_attendances__loading" in sql, then=load_b)
    try:
        with caplog.at_level(logging.INFO, logger="python_helpers.snowflake.landing"):
            outcomes = land_prepared(conn, prepared, database, schema, StageConfig(),
                                     emulator=True)
    finally:
        conn.conn.close()
    assert "b" in results, "load B did not run inside load A"
    assert results["b"].ok, results["b"].summary()
    assert all(o.status != "failed" for o in outcomes), outcomes
    a_rows = {o.feed.identifier: o.rows_loaded for o in outcomes}
    assert results["b"]["mseft_ae_attendances"].rows_loaded == \
        a_rows["mseft_ae_attendances"] - 5
    assert _count(cursor, f"{schema}.mseft_ae_attendances") == a_rows["mseft_ae_attendances"]
    assert _loading_tables(cursor, schema) == []
    removed = [m for m in caplog.messages if m.startswith(EMULATOR_SKIPPED + "remove ")]
    assert len(removed) == 2 and removed[0] != removed[1], removed
    assert all(re.search(r"/load_[0-9a-f]+/[0-9a-f]{12}/$", m) for m in removed), removed


def test_external_stage_waits_for_the_upload_then_lands(small_drop, emulator_env, cursor,
                                                        tmp_path):
    container = tmp_path / "container"  # stands in for the Azure Blob container
    container.mkdir()
    env = dict(emulator_env, HI_SNOWFLAKE_STAGE=AZURE,
               HI_SNOWFLAKE_AZURE_URL=container.as_uri() + "/")
    work = tmp_path / "prepared"
    with pytest.raises(UploadNeeded) as waiting:
        land_drop(small_drop, target=EMULATOR_TARGET, env=env, raw_schema="raw_azure",
                  work_dir=work)
    load_id = json.loads((work / "manifest.json").read_text())["load_id"]
    assert f"{container / load_id}" in str(waiting.value)
    shutil.copytree(work, container / load_id)  # the engineer's upload
    result = land_drop(small_drop, target=EMULATOR_TARGET, env=env, raw_schema="raw_azure",
                       work_dir=work)
    assert result.ok, result.summary()
    cursor.execute("select count(*) from raw_azure.mseft_ae_attendances")
    assert cursor.fetchone()[0] == result["mseft_ae_attendances"].rows_loaded > 0


def test_azure_stage_settings_name_the_missing_variable():
    with pytest.raises(StageError, match="HI_SNOWFLAKE_AZURE_URL"):
        StageConfig.from_env({"HI_SNOWFLAKE_STAGE": "azure"})
    with pytest.raises(StageError, match="HI_SNOWFLAKE_STORAGE_INTEGRATION"):
        StageConfig.from_env({"HI_SNOWFLAKE_STAGE": "azure", "HI_SNOWFLAKE_AZURE_URL":
                              "azure://trustdata.blob.core.windows.net/landing/mseft/"})
    with pytest.raises(StageError, match="expected azure://"):
        StageConfig.from_env({"HI_SNOWFLAKE_STAGE": "azure",
                              "HI_SNOWFLAKE_AZURE_URL": "https://example.org/x"})
    stage = StageConfig.from_env({
        "HI_SNOWFLAKE_STAGE": "azure", "HI_SNOWFLAKE_STORAGE_INTEGRATION": "hi_azure",
        "HI_SNOWFLAKE_AZURE_URL": "azure://trustdata.blob.core.windows.net/landing/mseft"})
    create_stage = stage.create_sql("db.raw")[1]
    assert "url = 'azure://trustdata.blob.core.windows.net/landing/mseft/'" in create_stage
    assert "storage_integration = hi_azure" in create_stage
    assert "credentials" not in create_stage.lower()  # Snowflake holds the consent, no key
    hint = stage.upload_hint(Path("/work/prep"), "load_0123")
    assert hint == ("az storage blob upload-batch --auth-mode login --account-name "
                    "trustdata --destination landing --destination-path mseft/load_0123 "
                    "--source /work/prep --overwrite")


# ---------------------------------------------------------------------------------------
# the dbt build on the emulator against the DuckDB build

def test_emulator_build_holds_the_same_rows_as_the_duckdb_build(emulator_build,
                                                                small_warehouse, cursor):
    on_duckdb = compared_nodes(small_warehouse["target"])
    on_snowflake = compared_nodes(emulator_build)
    assert on_duckdb.keys() == on_snowflake.keys()
    research_marts = sorted((PROJECT_DIR / "models" / "marts" / "research_questions")
                            .glob("rq*.sql"))
    assert len([u for u in on_duckdb if ".rq" in u]) == len(research_marts)
    differences = []
    with duckdb.connect(str(small_warehouse["db_path"]), read_only=True) as con:
        for uid in sorted(on_duckdb):
            differences += row_differences(uid, *duckdb_rows(con, on_duckdb[uid]),
                                           *snowflake_rows(cursor, on_snowflake[uid]))
    assert not differences, "\n".join(differences)


def test_bi_role_is_granted_the_research_question_marts_and_nothing_else(emulator_build):
    """The emulator has no GRANT: the statements dbt would run are logged instead."""
    manifest = json.loads((emulator_build / "manifest.json").read_text(encoding="utf-8"))
    marts = {n["relation_name"].lower() for n in manifest["nodes"].values()
             if n["resource_type"] == "model"
             and n["path"].startswith("marts/research_questions/")}
    assert marts, "no research-question mart was built"
    log = (emulator_build.parent / "logs" / "dbt.log").read_text(encoding="utf-8")
    statements = {s.lower() for s in SKIPPED_DCL.findall(log)}
    selects = {s for s in statements if s.startswith("grant select")}
    granted = {re.sub(r"^grant select on (table |view )?(\S+) to (role )?\S+$", r"\2", s)
               for s in selects}
    assert granted == marts, (
        "SELECT must go to the BI role on the research-question marts only; add to "
        "dbt_project.yml under research_questions: +grants (see docs/snowflake.md)")
    assert all(s.endswith(BI_ROLE) for s in selects)
    schemas = {m.rsplit(".", 1)[0] for m in marts}
    usage = {s for s in statements if s.startswith("grant usage")}
    # the schema dbt created and the transformer role owns; never the database, which
    # the role does not own (an administrator grants that once; hi preflight checks it)
    assert usage == {f"grant usage on schema {s} to role {BI_ROLE}" for s in schemas}


def test_only_the_research_question_marts_copy_their_grants(emulator_build):
    """copy_grants keeps every grant of a rebuilt table, hand-made ones too: right for
    the marts granted to the BI role (dbt revokes what its config does not name), wrong
    for a person-level table, whose rebuild must drop any grant made by hand."""
    manifest = json.loads((emulator_build / "manifest.json").read_text(encoding="utf-8"))
    copying = {n["name"] for n in manifest["nodes"].values()
               if n["resource_type"] in ("model", "snapshot", "seed")
               and n["config"].get("copy_grants")}
    research = {n["name"] for n in manifest["nodes"].values()
                if n["resource_type"] == "model"
                and n["path"].startswith("marts/research_questions/")}
    assert research and copying == research


def test_snapshots_pin_their_time_travel_retention(emulator_build):
    """Snapshots are permanent (their history cannot be rebuilt), so what Time Travel
    keeps of deleted rows (a purged objector's versions) is pinned on each table, not
    left to the account's default. The emulator has no ALTER TABLE ... SET: the
    statement is logged instead, and a real account runs it."""
    manifest = json.loads((emulator_build / "manifest.json").read_text(encoding="utf-8"))
    snapshots = {n["relation_name"].lower(): n["config"].get("data_retention_time_in_days")
                 for n in manifest["nodes"].values() if n["resource_type"] == "snapshot"}
    assert snapshots and all(isinstance(days, int) and 0 < days <= 7
                             for days in snapshots.values()), snapshots
    log = (emulator_build.parent / "logs" / "dbt.log").read_text(encoding="utf-8")
    statements = {s.lower() for s in SKIPPED_DDL.findall(log)}
    assert statements == {f"alter table {relation} set data_retention_time_in_days = {days}"
                          for relation, days in snapshots.items()}


def test_snapshot_merge_closes_a_corrected_record_on_the_emulator(emulator_build,
                                                                 emulator_env, cursor,
                                                                 tmp_path):
    """A redelivery with one corrected demographics record: the second snapshot
    runs the MERGE (with the emulator's qualified insert values) and closes exactly one
    version. The raw value is put back afterwards for the other tests."""
    manifest = json.loads((emulator_build / "manifest.json").read_text(encoding="utf-8"))
    snapshot = next(n["relation_name"] for n in manifest["nodes"].values()
                    if n["resource_type"] == "snapshot"
                    and n["name"] == "snap_ecc_asc__demographics")
    cursor.execute(f"select count(*) from {snapshot}")
    versions = cursor.fetchone()[0]
    cursor.execute("select _source_row, tenure from raw.ecc_asc_demographics "
                   "where person_id is not null order by _source_row limit 1")
    source_row, tenure = cursor.fetchone()
    cursor.execute("update raw.ecc_asc_demographics set tenure = %s where _source_row = %s",
                   ("corrected " + str(tenure), source_row))
    # staging is a table: rebuilt from the corrected raw row, then snapshotted
    redelivery = ("build", "--select", "stg_ecc_asc__demographics",
                  "snap_ecc_asc__demographics", "--exclude", "resource_type:test",
                  "resource_type:unit_test")
    try:
        result = run_dbt(emulator_env, tmp_path, *redelivery)
        assert result.returncode == 0, result.stdout[-8000:]
    finally:
        cursor.execute("update raw.ecc_asc_demographics set tenure = %s "
                       "where _source_row = %s", (tenure, source_row))
        # and staging back as the other tests expect it
        restored = run_dbt(emulator_env, tmp_path, "run", "--select",
                           "stg_ecc_asc__demographics")
        assert restored.returncode == 0, restored.stdout[-8000:]
    cursor.execute(f"select count(*), count(dbt_valid_to) from {snapshot}")
    assert cursor.fetchone() == (versions + 1, 1)


def test_row_comparison_reports_a_changed_value():
    rows = [(1, "a", datetime.date(2022, 3, 31)), (2, "b", None)]
    changed = [(1, "a", datetime.date(2022, 3, 31)), (2, "B", None)]
    assert row_differences("x", ["n", "s", "d"], rows, ["n", "s", "d"],
                           [(decimal.Decimal("2.0"), "b", None),
                            (1.0, "a", datetime.date(2022, 3, 31))]) == []
    report = row_differences("x", ["n", "s", "d"], rows, ["n", "s", "d"], changed)
    assert len(report) == 1 and "(2.0, 'b', None)" in report[0]
    assert row_differences("x", ["n"], [(1,)], ["m"], [(1,)])


def _compiled_sql(target: Path) -> dict[Path, str]:
    compiled = target / "compiled"
    files = {p.relative_to(compiled): p.read_text(encoding="utf-8")
             for p in sorted(compiled.rglob("*.sql"))}
    assert any("/models/" in f"/{p}" for p in files), "nothing was compiled"
    return files


def test_every_compiled_node_parses_as_snowflake_sql(emulator_build):
    problems = []
    for path, sql in _compiled_sql(emulator_build).items():
        try:
            sqlglot.parse(sql, read="snowflake")
        except sqlglot.errors.ParseError as e:
            problems.append(f"{path}: {str(e).splitlines()[0]}")
    assert not problems, "\n".join(problems)


def test_no_compiled_node_quotes_a_lower_case_name(emulator_build):
    """On Snowflake "nhs_number" (quoted) is not the column NHS_NUMBER the loader and dbt
    create; the emulator, case-insensitive like DuckDB, would not notice. Use
    quote_column(name) (macros/snowflake) rather than adapter.quote(name)."""
    problems = []
    for path, sql in _compiled_sql(emulator_build).items():
        names = sorted({i.this for tree in sqlglot.parse(sql, read="snowflake") if tree
                        for i in tree.find_all(exp.Identifier)
                        if i.quoted and i.this != i.this.upper()})
        if names:
            problems.append(f"{path}: {', '.join(names[:8])}")
    assert not problems, "\n".join(problems)


def test_snapshot_hashes_use_no_session_dependent_cast(emulator_build, small_warehouse):
    """A cast of a date, timestamp or number to text follows the session's output
    formats on Snowflake, so another user's settings would re-version every row (or,
    in a key, reopen every pathway). The snapshots' hashes and keys give every non-text
    column an explicit format (canonical_text): on Snowflake no column is cast to text;
    dates are formatted explicitly on both engines (DuckDB has no session formats for
    dates or numbers)."""
    column_cast = re.compile(r'cast\(\s*"?\w+"?\s+as\s+(?:varchar|string|text)\s*\)',
                             re.IGNORECASE)
    for target, dates in ((emulator_build, r"to_char\(\"?\w+\"?, 'YYYY-MM-DD'\)"),
                          (small_warehouse["target"], r"strftime\(\"?\w+\"?, '%Y-%m-%d'\)")):
        manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
        snapshots = {n["name"]: n["compiled_code"] for n in manifest["nodes"].values()
                     if n["resource_type"] == "snapshot"}
        assert len(snapshots) >= 2
        for name, sql in snapshots.items():
            assert re.search(dates, sql), f"{name}: no explicit date format"
            if target == emulator_build:
                assert column_cast.findall(sql) == [], \
                    f"{name}: {column_cast.findall(sql)[:5]}"


# ---------------------------------------------------------------------------------------
# preflight

def _preflight_lines(target: str, env: dict[str, str], **args) -> tuple[int, list[str]]:
    lines: list[str] = []
    old = dict(os.environ)
    try:
        os.environ.clear()
        os.environ.update(env)
        code = preflight.main(SimpleNamespace(target=target, stage=args.get("stage"),
                                              raw_schema=None, bi_role=args.get("bi_role")),
                              out=lines.append)
    finally:
        os.environ.clear()
        os.environ.update(old)
    return code, lines


def test_preflight_names_each_missing_variable():
    code, lines = _preflight_lines("snowflake", {"SNOWFLAKE_ACCOUNT": "myorg-trust",
                                                 "SNOWFLAKE_ROLE": "transformer"})
    text = "\n".join(lines)
    assert code == 1
    for variable in ("SNOWFLAKE_USER", "SNOWFLAKE_WAREHOUSE", "SNOWFLAKE_DATABASE"):
        assert variable in text
    assert "SNOWFLAKE_ACCOUNT (" not in text and "SNOWFLAKE_ROLE (" not in text


def test_preflight_asks_for_the_private_key(tmp_path):
    env = {"SNOWFLAKE_ACCOUNT": "a", "SNOWFLAKE_USER": "u", "SNOWFLAKE_ROLE": "r",
           "SNOWFLAKE_WAREHOUSE": "w", "SNOWFLAKE_DATABASE": "d"}
    with pytest.raises(SettingsError, match="SNOWFLAKE_PRIVATE_KEY_PATH"):
        read_settings("snowflake", env)
    with pytest.raises(SettingsError, match="not a file"):
        read_settings("snowflake", dict(env, SNOWFLAKE_PRIVATE_KEY_PATH=str(tmp_path / "k")))
    assert read_settings("snowflake", dict(env, SNOWFLAKE_AUTHENTICATOR="externalbrowser"))


def test_key_pair_settings_read_an_encrypted_key_and_name_a_wrong_passphrase(tmp_path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path = tmp_path / "hi_loader.p8"
    path.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"correct horse")))
    env = {"SNOWFLAKE_ACCOUNT": "myorg-trust", "SNOWFLAKE_USER": "hi_loader",
           "SNOWFLAKE_ROLE": "transformer", "SNOWFLAKE_WAREHOUSE": "transforming",
           "SNOWFLAKE_DATABASE": "health", "SNOWFLAKE_PRIVATE_KEY_PATH": str(path),
           "SNOWFLAKE_PRIVATE_KEY_PASSPHRASE": "correct horse"}
    args = connect_args(read_settings("snowflake", env))
    assert args["authenticator"] == "snowflake_jwt" and "password" not in args
    assert serialization.load_der_private_key(args["private_key"], None) \
        .private_numbers() == key.private_numbers()
    assert args["session_parameters"]["QUERY_TAG"] == "mse_health_inequalities"
    with pytest.raises(SettingsError, match="SNOWFLAKE_PRIVATE_KEY_PASSPHRASE"):
        connect_args(read_settings("snowflake", dict(
            env, SNOWFLAKE_PRIVATE_KEY_PASSPHRASE="wrong")))


def test_preflight_passes_against_the_emulator(emulator_env):
    code, lines = _preflight_lines(EMULATOR_TARGET, emulator_env, bi_role="bi_reader")
    assert code == 0, "\n".join(lines)
    text = "\n".join(lines)
    assert "FAIL" not in text and "landing stage" in text and "create table" in text
    assert "stage upload" in text and "create schema" in text


def test_preflight_says_when_the_emulator_is_not_running(emulator_env):
    from python_helpers.snowflake.emulator import free_loopback_port
    env = dict(emulator_env, HI_FAKESNOW_PORT=str(free_loopback_port()))
    code, lines = _preflight_lines(EMULATOR_TARGET, env)
    assert code == 1
    assert any("FAIL  connection" in line and "HI_FAKESNOW_PORT" in line for line in lines)


class _Session:
    """A cursor of a real account's session, as far as the context check reads it."""

    def __init__(self, row):
        self.row = row

    def execute(self, sql):
        assert sql.startswith("select current_role()")

    def fetchone(self):
        return self.row


def test_preflight_names_the_grant_for_an_unusable_warehouse_or_database():
    env = {"SNOWFLAKE_ACCOUNT": "myorg-trust", "SNOWFLAKE_USER": "loader",
           "SNOWFLAKE_ROLE": "transformer", "SNOWFLAKE_WAREHOUSE": "transforming",
           "SNOWFLAKE_DATABASE": "health", "SNOWFLAKE_AUTHENTICATOR": "externalbrowser"}
    check = preflight.Preflight("snowflake", env, None, "raw", None)
    check.settings = read_settings("snowflake", env)
    check.cursor = _Session(("TRANSFORMER", None, None))
    with pytest.raises(preflight.Stop):
        check.check_context()
    detail = check.checks[-1].detail
    assert not check.checks[-1].ok
    assert "GRANT USAGE ON WAREHOUSE transforming TO ROLE transformer" in detail
    assert "GRANT USAGE ON DATABASE health TO ROLE transformer" in detail
    check.cursor = _Session(("TRANSFORMER", "TRANSFORMING", "HEALTH"))
    check.check_context()
    assert check.checks[-1].ok


def _key_file(path: Path) -> Path:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    return path


def test_a_key_path_dbt_cannot_open_fails_the_preflight_not_the_build(tmp_path,
                                                                      monkeypatch):
    """dbt opens SNOWFLAKE_PRIVATE_KEY_PATH as given: `~` is not expanded and a relative
    path is read from dbt's folder. The preflight and the loader refuse both, naming the
    fix, so that the three never disagree about the key."""
    monkeypatch.setenv("HOME", str(tmp_path))
    _key_file(tmp_path / "hi_loader.p8")
    env = {"SNOWFLAKE_ACCOUNT": "myorg-trust", "SNOWFLAKE_USER": "hi_loader",
           "SNOWFLAKE_ROLE": "transformer", "SNOWFLAKE_WAREHOUSE": "transforming",
           "SNOWFLAKE_DATABASE": "health"}
    with pytest.raises(SettingsError, match="does not expand ~.*full path"):
        read_settings("snowflake", dict(env, SNOWFLAKE_PRIVATE_KEY_PATH="~/hi_loader.p8"))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SettingsError, match="relative path"):
        read_settings("snowflake", dict(env, SNOWFLAKE_PRIVATE_KEY_PATH="hi_loader.p8"))
    code, lines = _preflight_lines("snowflake", dict(
        env, SNOWFLAKE_PRIVATE_KEY_PATH="~/hi_loader.p8"))
    assert code == 1 and any(line.startswith("  FAIL  settings") and "$HOME" in line
                             for line in lines), lines
    absolute = str(tmp_path / "hi_loader.p8")
    assert read_settings("snowflake", dict(env, SNOWFLAKE_PRIVATE_KEY_PATH=absolute)) \
        .private_key_path == absolute


class _Shows:
    """A cursor of a real account's session answering SHOW commands with given rows."""

    def __init__(self, answers: dict[str, tuple[list[str], list[tuple]]]):
        self.answers = answers
        self.description = None
        self.rows: list[tuple] = []

    def execute(self, sql):
        for start, (columns, rows) in self.answers.items():
            if sql.startswith(start):
                self.description = [(c,) for c in columns]
                self.rows = rows
                return
        raise AssertionError(f"unexpected statement {sql}")

    def fetchall(self):
        return self.rows


def _real_account_preflight(bi_role=None) -> preflight.Preflight:
    env = {"SNOWFLAKE_ACCOUNT": "myorg-trust", "SNOWFLAKE_USER": "loader",
           "SNOWFLAKE_ROLE": "transformer", "SNOWFLAKE_WAREHOUSE": "transforming",
           "SNOWFLAKE_DATABASE": "health", "SNOWFLAKE_AUTHENTICATOR": "externalbrowser"}
    check = preflight.Preflight("snowflake", env, None, "raw", bi_role)
    check.settings = read_settings("snowflake", env)
    return check


def test_preflight_asks_the_administrator_for_the_bi_roles_database_usage():
    """dbt cannot grant USAGE on a database the transformer role does not own; without
    it the BI role sees nothing. The preflight names the one-time grant."""
    grants = ["created_on", "privilege", "granted_on", "name", "granted_to", "grantee_name",
              "grant_option", "granted_by"]
    check = _real_account_preflight(bi_role="bi_reader")
    check.cursor = _Shows({"show roles like": (["name"], [("BI_READER",)]),
                           "show grants on database health": (grants, [
                               (None, "OWNERSHIP", "DATABASE", "HEALTH", "ROLE", "SYSADMIN",
                                "false", "SYSADMIN"),
                               (None, "USAGE", "DATABASE", "HEALTH", "ROLE", "TRANSFORMER",
                                "false", "SYSADMIN")])})
    check.check_bi_role()
    usage = check.checks[-1]
    assert usage.name == "BI role database usage" and not usage.ok
    assert "GRANT USAGE ON DATABASE health TO ROLE bi_reader" in usage.detail
    check.cursor.answers["show grants on database health"][1].append(
        (None, "USAGE", "DATABASE", "HEALTH", "ROLE", "BI_READER", "false", "SYSADMIN"))
    check.check_bi_role()
    assert check.checks[-1].ok


def test_preflight_names_a_project_schema_the_role_does_not_own():
    """dbt replaces the tables of its schemas and grants the BI role usage on the marts
    schema: both need the transformer role to own the schema."""
    columns = ["created_on", "name", "is_default", "is_current", "database_name", "owner"]
    check = _real_account_preflight()
    check.cursor = _Shows({"show schemas in database health": (columns, [
        (None, "STAGING", "N", "N", "HEALTH", "TRANSFORMER"),
        (None, "MARTS", "N", "N", "HEALTH", "SYSADMIN"),
        (None, "SOMETHING_ELSE", "N", "N", "HEALTH", "SYSADMIN")])})
    check.check_schema_owners()
    owners = check.checks[-1]
    assert not owners.ok and "MARTS (owner SYSADMIN)" in owners.detail
    assert "SOMETHING_ELSE" not in owners.detail
    assert "GRANT OWNERSHIP ON SCHEMA health.<schema> TO ROLE transformer" in owners.detail
    check.cursor.answers["show schemas in database health"][1][1] = \
        (None, "MARTS", "N", "N", "HEALTH", "TRANSFORMER")
    check.check_schema_owners()
    assert check.checks[-1].ok
    assert {"staging", "marts", "marts_core", "snapshots"} <= set(preflight.project_schemas())


def test_docs_give_the_set_up_the_preflight_checks():
    """docs/snowflake.md and the preflight agree: the key pair before the user that
    needs it, the BI user and its role, the BI role's database usage, the firewall hosts,
    the Azure role the preflight names; and schemas named plainly."""
    docs = (PROJECT_DIR / "docs" / "snowflake.md").read_text(encoding="utf-8")
    lowered = docs.lower()
    assert lowered.index("openssl genrsa") < lowered.index("create user if not exists hi_loader")
    assert "grant usage on database mse_health_inequalities to role bi_reader" in lowered
    assert re.search(r"create user if not exists hi_bi\b", lowered)
    assert "grant role bi_reader to user hi_bi" in lowered
    assert "system$allowlist()" in lowered
    # the role the administrator gives the integration is the one the preflight asks for
    assert re.search(rf"the role \*{preflight.AZURE_STAGE_ROLE}\* on the\s+container", docs)
    assert "_staging" not in lowered and "<schema>_" not in lowered
    stage = StageConfig.from_env({
        "HI_SNOWFLAKE_STAGE": "azure", "HI_SNOWFLAKE_STORAGE_INTEGRATION": "hi_azure",
        "HI_SNOWFLAKE_AZURE_URL": "azure://trustdata.blob.core.windows.net/landing/mseft/"})
    check = _real_account_preflight()
    check.stage = stage

    class _Refuses:
        def execute(self, sql):
            raise RuntimeError("cannot list the container")

    check.cursor = _Refuses()
    check.check_stage_listing("health.raw")
    assert preflight.AZURE_STAGE_ROLE in check.checks[-1].detail


# ---------------------------------------------------------------------------------------
# last: `hi destroy` on the emulator (it removes what the tests above read)

def _emulator_pseudonym_hits(cursor, pseudonyms: set[str]) -> dict[str, int]:
    """Relations of the project's schemas holding the pseudonyms (the raw_* schemas of the
    landing tests above are theirs, not the project's: destroy keeps what it did not make)."""
    cursor.execute("select table_schema, table_name, column_name "
                   "from information_schema.columns where data_type in ('TEXT', 'VARCHAR') "
                   "and table_schema <> 'INFORMATION_SCHEMA' "
                   "and left(lower(table_schema), 4) <> 'raw_'")
    hits: dict[str, int] = {}
    for schema, table, column in cursor.fetchall():
        try:
            cursor.execute(f'select "{column}" from {schema}.{table}')
        except Exception:  # a view whose table is gone
            continue
        n = sum(1 for (v,) in cursor.fetchall()
                if v is not None and str(v).strip().upper() in pseudonyms)
        if n:
            hits[f"{schema}.{table}.{column}"] = n
    return hits


def test_destroy_on_the_emulator_leaves_no_pseudonym_and_keeps_the_published_marts(
        emulator_build, emulator_env, small_drop, cursor):
    from pseudonyms import pseudonyms_of

    pseudonyms = pseudonyms_of(small_drop)
    assert _emulator_pseudonym_hits(cursor, pseudonyms)
    cursor.execute("select table_name from information_schema.tables "
                   "where table_schema = 'MARTS' order by 1")
    marts = [t for (t,) in cursor.fetchall()]
    before = {t: snowflake_rows(cursor, f"marts.{t}") for t in marts}
    hi = [sys.executable, "-m", "python_helpers.cli", "destroy", "--target", EMULATOR_TARGET]
    result = subprocess.run([*hi, "--yes"], cwd=PROJECT_DIR, env=emulator_env,
                            capture_output=True, text=True, timeout=DBT_TIMEOUT_S)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert _emulator_pseudonym_hits(cursor, pseudonyms) == {}
    assert {t: snowflake_rows(cursor, f"marts.{t}") for t in marts} == before
    cursor.execute("select distinct table_schema from information_schema.tables "
                   "where table_schema <> 'INFORMATION_SCHEMA'")
    assert {s.lower() for (s,) in cursor.fetchall()
            if not s.lower().startswith("raw_")} == {"marts"}
    again = subprocess.run([*hi, "--yes"], cwd=PROJECT_DIR, env=emulator_env,
                           capture_output=True, text=True, timeout=DBT_TIMEOUT_S)
    assert again.returncode == 0 and "nothing to remove" in again.stdout
