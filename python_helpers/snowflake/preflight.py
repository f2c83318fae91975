"""`hi preflight`: before a first load and build on Snowflake, say exactly what is missing.

Like `dbt debug`, but it names the environment variable to set or the GRANT to ask for:

1. settings: every variable the profile reads (connection.SETTINGS), the private key (a
   full path, which dbt, the loader and this check all read alike), the stage variables
   (stage.py) and the BI role;
2. connection: the account answers, the user and key are accepted, the role is granted;
3. context: the warehouse, database and role are usable by the session;
4. privileges, by doing what the load and dbt will do: create the raw schema, its file
   format and stage (left in place for the loader), list the stage (an external stage
   proves the storage integration can read the container), PUT a probe file to the
   internal stage and REMOVE it (proves the stage host is reachable through the firewall,
   see SYSTEM$ALLOWLIST), create a schema and a table in it (dropped at once);
5. the project's schemas that already exist are owned by the role (dbt replaces their
   tables and grants the BI role usage on the marts schema, which needs ownership);
6. the BI role exists, when one is configured, and has USAGE on the database (the
   administrator's one-time grant: dbt cannot give it, the role does not own the
   database).

Against the emulator, only what it implements is checked, and the report says so.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from python_helpers import PROJECT_DIR
from python_helpers.settings import RAW_SCHEMA
from python_helpers.snowflake.connection import EMULATOR_TARGET, SNOWFLAKE_TARGET, \
    SettingsError, Settings, connect_args, read_settings
from python_helpers.snowflake.stage import StageConfig, StageError, identifier

PROBE_TABLE = "hi_preflight_probe"
PROBE_SCHEMA = "hi_preflight_probe"
BI_ROLE_VARIABLE = "SNOWFLAKE_BI_ROLE"
# Snowflake reads an external stage with this Azure role on the container (the loader
# never removes files there), as docs/snowflake.md asks the administrator to assign.
AZURE_STAGE_ROLE = "Storage Blob Data Reader"


def project_schemas(project_file: Path = PROJECT_DIR / "dbt_project.yml") -> list[str]:
    """The schemas dbt builds in: every `+schema` of dbt_project.yml (named plainly on
    every engine, macros/naming/generate_schema_name.sql)."""
    found: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "+schema" and isinstance(value, str):
                    found.add(value.strip())
                else:
                    walk(value)

    config = yaml.safe_load(project_file.read_text(encoding="utf-8"))
    for section in ("models", "seeds", "snapshots", "data_tests"):
        walk(config.get(section) or {})
    return sorted(found)


def rows_as_dicts(cursor) -> list[dict]:
    """The rows of the last SHOW, keyed by lower-case column name."""
    names = [c[0].lower() for c in cursor.description or ()]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str

    def line(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'}  {self.name}: {self.detail}"


class Stop(Exception):
    """A failed check that later checks depend on."""


# Snowflake error numbers (the connector's errno) and what the engineer should do.
def explain_error(error: Exception, settings: Settings) -> str:
    errno = getattr(error, "errno", None)
    message = (getattr(error, "msg", None) or str(error)).strip().splitlines()[0]
    role, user = settings.role, settings.user
    hints = {
        390100: "the user name or password is wrong (SNOWFLAKE_USER)",
        390144: (f"Snowflake rejected the key-pair token: register the public key of "
                 f"SNOWFLAKE_PRIVATE_KEY_PATH on the user (ALTER USER {user} SET "
                 "RSA_PUBLIC_KEY='...'; see docs/snowflake.md), and check SNOWFLAKE_ACCOUNT"),
        394304: f"user {user} is locked or disabled: ask your Snowflake administrator",
        390189: (f"SNOWFLAKE_ROLE={role} is not granted to user {user}: ask for "
                 f"GRANT ROLE {role} TO USER {user}"),
        250001: ("cannot reach the account: check SNOWFLAKE_ACCOUNT (the identifier "
                 "orgname-accountname, without .snowflakecomputing.com) and the network"),
        251005: "SNOWFLAKE_USER is empty",
        3001: f"role {role} lacks a privilege for this step (see the GRANT below)",
        2003: f"the object does not exist, or role {role} is not authorised to use it",
    }
    if settings.is_emulator and errno == 250001:
        hints[250001] = ("the emulator does not answer on HI_FAKESNOW_PORT: start it "
                         "(python -m python_helpers.snowflake.emulator) and export its port")
    hint = hints.get(errno)
    return f"{message} -> {hint}" if hint else message


class Preflight:
    def __init__(self, target: str, env: Mapping[str, str], stage_kind: str | None,
                 raw_schema: str, bi_role: str | None):
        self.target = target
        self.env = env
        self.stage_kind = stage_kind
        self.raw_schema = raw_schema
        self.bi_role = bi_role
        self.checks: list[Check] = []
        self.settings: Settings | None = None
        self.stage: StageConfig | None = None
        self.cursor = None

    def record(self, name: str, ok: bool, detail: str) -> bool:
        self.checks.append(Check(name, ok, detail))
        return ok

    def step(self, name: str, sql: str, done: str, grant: str | None = None) -> bool:
        """Run one statement; record what it proved, or the error with its fix."""
        try:
            self.cursor.execute(sql)
        except Exception as e:  # the connector's errors carry errno and msg
            detail = explain_error(e, self.settings)
            if grant:
                detail += f"; ask for: {grant}"
            return self.record(name, False, detail)
        return self.record(name, True, done)

    def run(self) -> list[Check]:
        try:
            self.check_settings()
            self.check_connection()
            self.check_context()
            self.check_privileges()
            self.check_schema_owners()
            self.check_bi_role()
        except Stop:
            pass
        finally:
            if self.cursor is not None:
                self.cursor.connection.close()
        return self.checks

    def check_settings(self) -> None:
        try:
            self.settings = read_settings(self.target, self.env)
        except SettingsError as e:
            self.record("settings", False, str(e))
            raise Stop from None
        s = self.settings
        how = "emulator on 127.0.0.1" if s.is_emulator else f"{s.authenticator} as {s.user}"
        self.record("settings", True, f"account {s.account}, {how}, role {s.role}, "
                    f"warehouse {s.warehouse}, database {s.database}, schema {s.schema}")
        try:
            identifier(s.database, "SNOWFLAKE_DATABASE")
            identifier(s.schema, "SNOWFLAKE_SCHEMA")
            identifier(self.raw_schema, "the raw schema")
            self.stage = StageConfig.from_env(self.env, self.stage_kind,
                                              emulator=s.is_emulator)
        except StageError as e:
            self.record("stage settings", False, str(e))
            raise Stop from None
        where = self.stage.url if self.stage.is_external else "internal stage (PUT)"
        self.record("stage settings", True, f"{self.stage.kind}: {where}")
        if self.bi_role:
            try:
                identifier(self.bi_role, BI_ROLE_VARIABLE)
            except StageError as e:
                self.record("BI role setting", False, str(e))
                raise Stop from None

    def check_connection(self) -> None:
        import snowflake.connector

        try:
            args = connect_args(self.settings)
            conn = snowflake.connector.connect(**args, login_timeout=60)
        except SettingsError as e:
            self.record("connection", False, str(e))
            raise Stop from None
        except Exception as e:
            self.record("connection", False, explain_error(e, self.settings))
            raise Stop from None
        self.cursor = conn.cursor()
        self.record("connection", True, f"signed in to {self.settings.account}")

    def check_context(self) -> None:
        s = self.settings
        if s.is_emulator:
            self.record("role and warehouse", True, "not checked: the emulator has no "
                        "roles or warehouses (only a real account can confirm them)")
            return
        self.cursor.execute("select current_role(), current_warehouse(), current_database()")
        role, warehouse, database = self.cursor.fetchone()
        problems = []
        if (role or "").upper() != s.role.upper():
            problems.append(f"the session's role is {role}, not SNOWFLAKE_ROLE={s.role}: "
                            f"ask for GRANT ROLE {s.role} TO USER {s.user}")
        if (warehouse or "").upper() != s.warehouse.upper():
            problems.append(f"SNOWFLAKE_WAREHOUSE={s.warehouse} does not exist or role "
                            f"{s.role} cannot use it: ask for GRANT USAGE ON WAREHOUSE "
                            f"{s.warehouse} TO ROLE {s.role}")
        if (database or "").upper() != s.database.upper():
            problems.append(f"SNOWFLAKE_DATABASE={s.database} does not exist or role "
                            f"{s.role} cannot use it: ask for GRANT USAGE ON DATABASE "
                            f"{s.database} TO ROLE {s.role}")
        if problems:
            self.record("role, warehouse and database", False, "; ".join(problems))
            raise Stop
        self.record("role, warehouse and database", True,
                    f"session uses role {role}, warehouse {warehouse}, database {database}")

    def check_privileges(self) -> None:
        s = self.settings
        raw = f"{s.database}.{self.raw_schema}"
        create_schema = f"GRANT CREATE SCHEMA ON DATABASE {s.database} TO ROLE {s.role}"
        ok = self.step("raw schema", f"create schema if not exists {raw}",
                       f"{raw} exists and role {s.role} can use it", create_schema)
        if ok:
            for sql in self.stage.create_sql(raw):
                kind = "file format" if " file format " in sql else "stage"
                grant = (f"GRANT CREATE {kind.upper()} ON SCHEMA {raw} TO ROLE {s.role}")
                if kind == "stage" and self.stage.storage_integration:
                    grant += (f" and GRANT USAGE ON INTEGRATION "
                              f"{self.stage.storage_integration} TO ROLE {s.role}")
                ok = self.step(f"landing {kind}", sql, f"exists in {raw}", grant) and ok
        if ok:
            self.check_stage_listing(raw)
            self.check_stage_upload(raw)
        # dbt creates its schemas (staging, marts, ...) beside raw: prove it can, with a
        # probe schema of its own, whatever already exists
        probe = f"{s.database}.{PROBE_SCHEMA}"
        if self.step("create schema", f"create or replace schema {probe}",
                     f"role {s.role} can create schemas in {s.database}", create_schema):
            self.step("create table", f"create or replace transient table "
                      f"{probe}.{PROBE_TABLE} (x integer)",
                      f"role {s.role} can create tables in the schemas it creates")
            self.cursor.execute(f"drop schema if exists {probe}")

    def check_stage_upload(self, raw: str) -> None:
        """Internal stage: PUT a probe file (no data) and REMOVE it, as the loader does."""
        if self.stage.is_external:
            return
        folder = f"@{raw}.{self.stage.name}/{PROBE_SCHEMA}/"
        with tempfile.TemporaryDirectory() as tmp:
            probe = Path(tmp) / "probe.txt"
            probe.write_text("mse_health_inequalities preflight probe\n", encoding="utf-8")
            uploaded = self.step(
                "stage upload", f"put 'file://{probe.as_posix()}' {folder} "
                "auto_compress = false overwrite = true",
                f"PUT reaches {folder} (the stage's storage host is reachable)",
                "if PUT times out, ask the network team to allow the hosts SELECT "
                "SYSTEM$ALLOWLIST() lists (STAGE among them) on port 443")
        if not uploaded:
            return
        if self.settings.is_emulator:
            self.record("stage remove", True, "not checked: the emulator has no REMOVE "
                        "(only a real account can confirm it)")
            return
        self.step("stage remove", f"remove {folder}", f"REMOVE clears {folder}, as the "
                  "loader does after every load",
                  f"GRANT WRITE ON STAGE {raw}.{self.stage.name} TO ROLE "
                  f"{self.settings.role}")

    def check_schema_owners(self) -> None:
        """Every project schema that exists is owned by the role: dbt replaces its tables,
        and grants the BI role usage on the marts schema, which only the owner may."""
        s = self.settings
        if s.is_emulator:
            self.record("schema owners", True, "not checked: the emulator has no roles "
                        "(only a real account can confirm ownership)")
            return
        wanted = {name.upper() for name in project_schemas() + [self.raw_schema]}
        try:
            self.cursor.execute(f"show schemas in database {s.database}")
            schemas = rows_as_dicts(self.cursor)
        except Exception as e:  # the connector's errors carry errno and msg
            self.record("schema owners", False, explain_error(e, s))
            return
        foreign = sorted(f"{row['name']} (owner {row.get('owner') or 'unknown'})"
                         for row in schemas
                         if str(row.get("name", "")).upper() in wanted
                         and str(row.get("owner") or "").upper() != s.role.upper())
        if foreign:
            names = ", ".join(foreign)
            self.record("schema owners", False, f"role {s.role} does not own {names}: dbt "
                        "cannot replace their tables or grant the BI role usage; ask for "
                        f"GRANT OWNERSHIP ON SCHEMA {s.database}.<schema> TO ROLE {s.role} "
                        "COPY CURRENT GRANTS, for each")
            return
        self.record("schema owners", True, f"every project schema that exists is owned "
                    f"by {s.role}")

    def check_stage_listing(self, raw: str) -> None:
        if self.settings.is_emulator and self.stage.is_external:
            self.record("stage listing", True, "not checked: the emulator cannot list a "
                        "stand-in external stage")
            return
        name = f"{raw}.{self.stage.name}"
        if self.stage.is_external:
            grant = ("in Azure, give the storage integration's service principal "
                     "(DESC INTEGRATION ... shows AZURE_CONSENT_URL and "
                     f"AZURE_MULTI_TENANT_APP_NAME) the role {AZURE_STAGE_ROLE} on the "
                     "container")
        else:
            grant = f"GRANT READ, WRITE ON STAGE {name} TO ROLE {self.settings.role}"
        self.step("stage listing", f"list @{name}", f"Snowflake can list @{name}", grant)

    def check_bi_role(self) -> None:
        if not self.bi_role:
            self.record("BI role", True, f"{BI_ROLE_VARIABLE} is not set: the research-"
                        "question marts are granted to no one")
            return
        if self.settings.is_emulator:
            self.record("BI role", True, f"{self.bi_role}: not checked (the emulator has "
                        "no roles; only a real account can confirm grants)")
            return
        self.cursor.execute(f"show roles like '{self.bi_role}'")
        if not self.cursor.fetchall():
            self.record("BI role", False, f"{BI_ROLE_VARIABLE}={self.bi_role} is not a role "
                        "this account shows: create it (CREATE ROLE ...) or correct the "
                        "variable")
            return
        self.record("BI role", True, f"{self.bi_role} exists; dbt grants it usage on the "
                    "marts schema and SELECT on the research-question marts only")
        self.check_bi_database_usage()

    def check_bi_database_usage(self) -> None:
        """The administrator's one-time grant: without USAGE on the database the BI role
        sees nothing, and dbt cannot grant it (the transformer role does not own it)."""
        database = self.settings.database
        grant = f"GRANT USAGE ON DATABASE {database} TO ROLE {self.bi_role}"
        why = (f"ask the administrator for: {grant} (a one-time step, docs/snowflake.md): "
               "without it the BI role sees none of the marts dbt grants it")
        try:
            self.cursor.execute(f"show grants on database {database}")
            grants = rows_as_dicts(self.cursor)
        except Exception as e:  # the connector's errors carry errno and msg
            self.record("BI role database usage", False,
                        f"{explain_error(e, self.settings)}; {why}")
            return
        granted = any(str(g.get("privilege", "")).upper() == "USAGE"
                      and str(g.get("granted_to", "")).upper() == "ROLE"
                      and str(g.get("grantee_name", "")).upper() == self.bi_role.upper()
                      for g in grants)
        if not granted:
            self.record("BI role database usage", False, f"{self.bi_role} has no USAGE on "
                        f"{database}; {why}")
            return
        self.record("BI role database usage", True, f"{self.bi_role} may use {database}")


def run_preflight(target: str = SNOWFLAKE_TARGET, env: Mapping[str, str] | None = None,
                  stage_kind: str | None = None, raw_schema: str = RAW_SCHEMA,
                  bi_role: str | None = None) -> list[Check]:
    env = os.environ if env is None else env
    if bi_role is None:
        bi_role = env.get(BI_ROLE_VARIABLE, "").strip() or None
    return Preflight(target, env, stage_kind, raw_schema, bi_role).run()


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The command line of `hi preflight` (and of `python -m` this module)."""
    parser.add_argument("--target", choices=[SNOWFLAKE_TARGET, EMULATOR_TARGET],
                        help="profile target (default: DBT_TARGET if it is one of these, "
                        "else snowflake)")
    parser.add_argument("--stage", choices=["internal", "azure"],
                        help="the stage the load will use (default: HI_SNOWFLAKE_STAGE)")
    parser.add_argument("--raw-schema", default=RAW_SCHEMA,
                        help="schema of the raw tables (the dbt var raw_schema)")
    parser.add_argument("--bi-role", help=f"the BI role (default: {BI_ROLE_VARIABLE})")
    return parser


def main(args, out: Callable[[str], None] = print) -> int:
    """Print one line per check; 0 when every check passed, 1 otherwise."""
    target = getattr(args, "target", None) or (
        os.environ.get("DBT_TARGET") if os.environ.get("DBT_TARGET") in
        (SNOWFLAKE_TARGET, EMULATOR_TARGET) else SNOWFLAKE_TARGET)
    checks = run_preflight(target, stage_kind=getattr(args, "stage", None),
                           raw_schema=getattr(args, "raw_schema", None) or RAW_SCHEMA,
                           bi_role=getattr(args, "bi_role", None))
    out(f"preflight for target {target}")
    for check in checks:
        out("  " + check.line())
    failed = [c for c in checks if not c.ok]
    if failed:
        out(f"{len(failed)} check(s) failed: fix the first one and run hi preflight again.")
        return 1
    out("All checks passed: hi snowflake-load DROP, then dbt build --target " + target)
    return 0


if __name__ == "__main__":
    sys.exit(main(add_arguments(argparse.ArgumentParser(
        prog="python -m python_helpers.snowflake.preflight",
        description="check the Snowflake settings and privileges")).parse_args()))
