"""The statistics and disclosure-control macros, through dbt, on both engines.

The singular tests in tests/statistics compare every macro with values computed by
hand or with scipy/numpy; here they run on a scratch DuckDB, compile for Snowflake
(checked with sqlglot and run on the fakesnow emulator), and the dbt vars are shown to
drive the disclosure rule.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlglot
import yaml
from dbt.parser.schemas import is_valid_type
from sqlglot import exp

from python_helpers import PROJECT_DIR
from python_helpers.build import dbt_env, run_dbt

STATISTICS_TESTS = PROJECT_DIR / "tests" / "statistics"
MACRO_DIRS = [PROJECT_DIR / "macros" / "statistics", PROJECT_DIR / "macros" / "disclosure"]
GENERIC_TESTS = sorted((PROJECT_DIR / "tests" / "generic").glob("disclosure_*.sql"))
# Compiling for Snowflake needs a profile but no connection (--no-populate-cache).
SNOWFLAKE_ENV = {
    name: "not_used" for name in (
        "SNOWFLAKE_ACCOUNT", "SNOWFLAKE_USER", "SNOWFLAKE_ROLE",
        "SNOWFLAKE_WAREHOUSE", "SNOWFLAKE_DATABASE")
}


def _dbt(args: list[str], tmp: Path, **env: str):
    return run_dbt(
        [*args, "--log-path", str(tmp / "logs")], db_path=tmp / "scratch.duckdb",
        target_path=tmp / "target", env=dbt_env(tmp / "scratch.duckdb", **env),
        capture=True,
    )


def _show(tmp: Path, sql: str, *extra: str) -> list[dict]:
    result = _dbt(["show", "--inline", sql, "--output", "json", "--limit", "100",
                   *extra], tmp)
    assert result.returncode == 0, result.stdout[-4000:]
    # The JSON follows dbt's log lines; it is the first "{" at the start of a line.
    start = re.search(r"^\{", result.stdout, re.MULTILINE).start()
    decoder = json.JSONDecoder()
    return decoder.raw_decode(result.stdout[start:])[0]["show"]


def _test_names() -> set[str]:
    return {path.stem for path in STATISTICS_TESTS.glob("*.sql")}


def _macro_signatures() -> dict[str, list[str]]:
    """Macro (and generic test, as test_<name>) -> its argument names, from the Jinja."""
    signatures = {}
    for path in [*(p for d in MACRO_DIRS for p in d.glob("*.sql")), *GENERIC_TESTS]:
        for kind, name, args in re.findall(
                r"{%-?\s*(macro|test)\s+(\w+)\s*\((.*?)\)\s*-?%}", path.read_text(),
                re.DOTALL):
            # Defaults are [] / {} / strings / none, so dropping bracketed parts
            # leaves "name=..., name" to split on commas.
            flat = re.sub(r"\[[^\]]*\]|\{[^}]*\}|'[^']*'", "", args)
            names = [part.split("=")[0].strip() for part in flat.split(",")]
            signatures[("test_" if kind == "test" else "") + name] = [n for n in names if n]
    return signatures


@pytest.fixture(scope="module")
def snowflake_sql(tmp_path_factory) -> dict[str, str]:
    """The statistics tests compiled for the Snowflake target: name -> SQL."""
    tmp = tmp_path_factory.mktemp("snowflake_compile")
    result = _dbt(["compile", "--target", "snowflake", "--no-populate-cache",
                   "--select", "path:tests/statistics"], tmp, **SNOWFLAKE_ENV)
    assert result.returncode == 0, result.stdout[-4000:]
    compiled = (tmp / "target" / "compiled").rglob("tests/statistics/*.sql")
    return {path.stem: path.read_text() for path in compiled}


def test_every_statistics_test_passes_on_duckdb(tmp_path):
    result = _dbt(["test", "--select", "path:tests/statistics"], tmp_path)
    run = json.loads((tmp_path / "target" / "run_results.json").read_text())
    statuses = {r["unique_id"].split(".")[-1]: r["status"] for r in run["results"]
                if r["unique_id"].startswith("test.")}  # not the on-run-end hook
    assert set(statuses) == _test_names(), result.stdout[-4000:]
    failed = {name: status for name, status in statuses.items() if status != "pass"}
    assert not failed, result.stdout[-4000:]


def test_every_macro_is_reached_by_a_statistics_test():
    """Each macro is called by a test in tests/statistics, or by a macro that is."""
    bodies: dict[str, str] = {}
    for path in [*(p for d in MACRO_DIRS for p in d.glob("*.sql")), *GENERIC_TESTS]:
        text = path.read_text()
        starts = list(re.finditer(r"{%\s*(macro|test)\s+(\w+)\s*\(", text))
        for i, match in enumerate(starts):
            end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
            name = match.group(2)
            if name.startswith("default__"):
                continue  # reached through adapter.dispatch of its public macro
            if match.group(1) == "test":
                name = "test_" + name
            bodies[name] = text[match.end():end]
    assert len(bodies) > 20, "found too few macros: the macro pattern is wrong"

    def calls(text: str) -> set[str]:
        return {name for name in bodies if re.search(rf"\b{name}\s*\(", text)}

    reached: set[str] = set()
    frontier = set().union(*(calls(p.read_text()) for p in STATISTICS_TESTS.glob("*.sql")))
    while frontier:
        reached |= frontier
        frontier = set().union(*(calls(bodies[name]) for name in frontier)) - reached
    assert set(bodies) - reached == set()


def test_every_macro_and_argument_is_documented():
    documented = {}
    for directory in MACRO_DIRS:
        for yml in directory.glob("_*__macros.yml"):
            for macro in yaml.safe_load(yml.read_text())["macros"]:
                documented[macro["name"]] = macro
    signatures = _macro_signatures()
    assert set(documented) == set(signatures)
    for name, args in signatures.items():
        doc = documented[name]
        assert len(doc.get("description", "")) > 40, name
        doc_args = doc.get("arguments", [])
        assert [a["name"] for a in doc_args] == args, name
        for arg in doc_args:
            assert arg.get("description"), f"{name}.{arg['name']}"
            assert is_valid_type(arg["type"]), f"{name}.{arg['name']}: {arg['type']}"


def test_compiled_tests_are_valid_snowflake_sql(snowflake_sql):
    assert set(snowflake_sql) == _test_names()
    for name, sql in snowflake_sql.items():
        tree = sqlglot.parse_one(sql, read="snowflake")
        # A function sqlglot does not know for Snowflake parses as Anonymous.
        unknown = {node.name for node in tree.find_all(exp.Anonymous)}
        assert not unknown, f"{name}: functions unknown to Snowflake: {unknown}"


def test_compiled_tests_pass_on_the_snowflake_emulator(snowflake_sql):
    fakesnow = pytest.importorskip("fakesnow")
    import snowflake.connector

    with fakesnow.patch():
        conn = snowflake.connector.connect(database="scratch", schema="tests")
        cursor = conn.cursor()
        failing = {}
        for name, sql in snowflake_sql.items():
            cursor.execute(sql)
            rows = cursor.fetchall()
            if rows:
                failing[name] = rows[:3]
    assert failing == {}


def test_disclosure_rule_follows_the_dbt_vars(tmp_path):
    sql = """
    select raw_count, {{ suppress_small_count('raw_count') }} as published
    from (
        select 0 as raw_count union all select 9 union all select 10
        union all select 14 union all select 15 union all select 26
    ) as cases
    order by raw_count
    """
    rows = _show(tmp_path, sql, "--vars",
                 "{disclosure_threshold: 9, disclosure_rounding_base: 10}")
    assert [(r["raw_count"], r["published"]) for r in rows] == [
        (0, 0), (9, None), (10, 10), (14, 10), (15, 20), (26, 30)]


def test_vars_that_would_publish_a_small_count_are_refused(tmp_path):
    # With base 6, a count of 8 (just above threshold 7) would round to 6.
    result = _dbt(["show", "--inline", "select {{ suppress_small_count('8') }} as n",
                   "--vars", "{disclosure_threshold: 7, disclosure_rounding_base: 6}"],
                  tmp_path)
    assert result.returncode != 0
    assert "a count of 8 would be published as 6" in result.stdout


SCRATCH_MODELS = {
    # A mart built by apply_disclosure_control: must pass.
    "rq_controlled.sql": """
        with counted as (
            select 'ae' as service, 'Female' as category, 12 as patients,
                1000 as total
            union all select 'ae', 'Male', 7, 1000
            union all select 'ae', 'Unknown', 0, 1000
        )
        {{ apply_disclosure_control('counted', columns=['service', 'category'],
            counts=['patients'],
            percentages={'pct_of_service': ['patients', 'total']}) }}
        """,
    # Raw counts published as they are: 12 is no multiple of 5, 5 is small.
    "rq_uncontrolled.sql": """
        select 'ae' as service, 12 as patients, false as is_suppressed
        union all select 'ip', 5, false
        union all select 'wl', 20, false
        """,
    "_models.yml": """
version: 2
models:
  - name: rq_controlled
    data_tests:
      - disclosure_controlled:
          arguments: {count_columns: [patients]}
  - name: rq_uncontrolled
    data_tests:
      - disclosure_controlled:
          arguments: {count_columns: patients}
""",
}


def test_generic_test_passes_a_controlled_mart_and_fails_an_uncontrolled_one(tmp_path):
    """The generic test attached in YAML to built models, as the marts will use it.

    A scratch project with the statistics and disclosure macros, the generic tests
    and the disclosure vars of this project,
    and two tiny models (the project itself cannot hold fixture models).
    """
    project = tmp_path / "project"
    for directory in MACRO_DIRS:  # self-contained: they call only each other and dbt
        shutil.copytree(directory, project / "macros" / directory.name)
    (project / "tests" / "generic").mkdir(parents=True)
    for path in GENERIC_TESTS:
        shutil.copy(path, project / "tests" / "generic" / path.name)
    config = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())
    (project / "dbt_project.yml").write_text(yaml.safe_dump({
        "name": config["name"], "profile": config["profile"],
        "config-version": 2, "vars": config["vars"],
        "data_tests": {config["name"]: {"+store_failures": True}},
    }))
    (project / "models").mkdir()
    for name, text in SCRATCH_MODELS.items():
        (project / "models" / name).write_text(text)
    (project / "profiles.yml").write_text(
        (PROJECT_DIR / "profiles.example.yml").read_text())
    db_path = tmp_path / "scratch.duckdb"
    subprocess.run(
        [str(Path(sys.executable).parent / "dbt"), "build", "--project-dir", str(project),
         "--profiles-dir", str(project), "--log-path", str(tmp_path / "logs")],
        cwd=project, env=dbt_env(db_path), capture_output=True, text=True, check=False)
    run = json.loads((project / "target" / "run_results.json").read_text())
    tests = {r["unique_id"].split(".")[2]: (r["status"], r["failures"])
             for r in run["results"] if r["unique_id"].startswith("test.")}
    assert tests == {
        "disclosure_controlled_rq_controlled_patients": ("pass", 0),
        "disclosure_controlled_rq_uncontrolled_patients": ("fail", 2),
    }
