"""Every command that touches the DuckDB warehouse works on the same file: --duckdb, else
HI_DUCKDB_PATH, else the default that the dbt profile names too."""
from __future__ import annotations

import duckdb
import yaml

from python_helpers import DEFAULT_WAREHOUSE, PROJECT_DIR, cli, warehouse_path


def test_profile_and_helpers_name_the_same_default_warehouse(monkeypatch):
    profile = yaml.safe_load((PROJECT_DIR / "profiles.example.yml").read_text())
    path = profile["mse_health_inequalities"]["outputs"]["duckdb"]["path"]
    assert f"env_var('HI_DUCKDB_PATH', '{DEFAULT_WAREHOUSE.as_posix()}')" in path
    monkeypatch.delenv("HI_DUCKDB_PATH", raising=False)
    assert warehouse_path() == (PROJECT_DIR / DEFAULT_WAREHOUSE).resolve()


def test_every_warehouse_command_takes_the_path_from_the_environment(monkeypatch, tmp_path):
    chosen = tmp_path / "chosen.duckdb"
    monkeypatch.setenv("HI_DUCKDB_PATH", str(chosen))
    parser = cli._parser()
    for argv in (["load", "drop"], ["build"], ["run"], ["objections", "status"],
                 ["objections", "withdraw", "f.csv"]):
        args = parser.parse_args(argv)
        assert args.duckdb is None
    # main() resolves it, in one place, for whichever command runs
    assert warehouse_path() == chosen
    assert warehouse_path(tmp_path / "explicit.duckdb") == tmp_path / "explicit.duckdb"


def test_load_lands_in_the_warehouse_named_by_the_environment(small_drop, monkeypatch,
                                                               tmp_path, capsys):
    chosen = tmp_path / "chosen.duckdb"
    monkeypatch.setenv("HI_DUCKDB_PATH", str(chosen))
    assert cli.main(["load", str(small_drop)]) == 0
    assert f"warehouse: {chosen}" in capsys.readouterr().out
    with duckdb.connect(str(chosen), read_only=True) as con:
        assert con.execute("select count(*) from raw.mseft_waiting_list").fetchone()[0] > 0
    assert cli.main(["objections", "status"]) == 0
    assert f"objection register of {chosen} holds" in capsys.readouterr().out
