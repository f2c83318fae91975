"""Connect to Snowflake (or the local emulator) from the same settings as the dbt profile.

The `snowflake` output of profiles.example.yml reads these environment variables, and so
does this module, so the loader and the preflight connect exactly as dbt does. Nothing here
is ever written to a file. Key-pair authentication is the recommended method: the private
key stays in a file outside the repository, its passphrase in the environment.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from python_helpers.snowflake.emulator import LOOPBACK, PORT_VARIABLE

QUERY_TAG = "mse_health_inequalities"
EMULATOR_TARGET = "snowflake_emulator"
SNOWFLAKE_TARGET = "snowflake"
TARGETS = (SNOWFLAKE_TARGET, EMULATOR_TARGET)

# (variable, what it is, default); a default of None means the variable is required.
SETTINGS = (
    ("SNOWFLAKE_ACCOUNT", "account identifier, e.g. myorg-myaccount", None),
    ("SNOWFLAKE_USER", "the Snowflake user dbt and the loader run as", None),
    ("SNOWFLAKE_ROLE", "the role that owns the project's schemas", None),
    ("SNOWFLAKE_WAREHOUSE", "the virtual warehouse that runs the queries", None),
    ("SNOWFLAKE_DATABASE", "the database the project builds in", None),
    ("SNOWFLAKE_SCHEMA", "the sessions' default schema; dbt's own schemas are named "
     "plainly (staging, marts, ...), not after it", "analytics"),
    ("SNOWFLAKE_AUTHENTICATOR", "snowflake_jwt (key pair, recommended) or externalbrowser",
     "snowflake_jwt"),
    ("SNOWFLAKE_PRIVATE_KEY_PATH", "full path to the PKCS#8 private key file (key pair)",
     ""),
    ("SNOWFLAKE_PRIVATE_KEY_PASSPHRASE", "passphrase of an encrypted private key", ""),
)
KEY_PAIR = "snowflake_jwt"
EMULATOR_DATABASE_VARIABLE = "HI_FAKESNOW_DATABASE"
EMULATOR_DATABASE = "mse_health_inequalities"


class SettingsError(Exception):
    """A setting is missing or unusable; the message names the variable to set."""


@dataclass(frozen=True)
class Settings:
    target: str
    account: str
    user: str
    role: str | None
    warehouse: str | None
    database: str
    schema: str
    authenticator: str | None = None
    private_key_path: str = ""
    private_key_passphrase: str = ""
    port: int | None = None

    @property
    def is_emulator(self) -> bool:
        return self.target == EMULATOR_TARGET


def missing_settings(env: Mapping[str, str] | None = None) -> list[str]:
    """The required variables that are unset or empty, with what each one is."""
    env = os.environ if env is None else env
    return [f"{name} ({what})" for name, what, default in SETTINGS
            if default is None and not env.get(name, "").strip()]


def read_settings(target: str = SNOWFLAKE_TARGET,
                  env: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    if target == EMULATOR_TARGET:
        return _emulator_settings(env)
    if target != SNOWFLAKE_TARGET:
        raise SettingsError(f"unknown Snowflake target {target!r}: use one of {TARGETS}")
    missing = missing_settings(env)
    if missing:
        raise SettingsError("set these environment variables: " + "; ".join(missing))
    values = {name: env.get(name, default or "").strip() for name, _, default in SETTINGS}
    settings = Settings(
        target=target,
        account=values["SNOWFLAKE_ACCOUNT"],
        user=values["SNOWFLAKE_USER"],
        role=values["SNOWFLAKE_ROLE"],
        warehouse=values["SNOWFLAKE_WAREHOUSE"],
        database=values["SNOWFLAKE_DATABASE"],
        schema=values["SNOWFLAKE_SCHEMA"] or "analytics",
        authenticator=values["SNOWFLAKE_AUTHENTICATOR"] or KEY_PAIR,
        private_key_path=values["SNOWFLAKE_PRIVATE_KEY_PATH"],
        private_key_passphrase=env.get("SNOWFLAKE_PRIVATE_KEY_PASSPHRASE", ""),
    )
    if settings.authenticator.lower() == KEY_PAIR:
        _check_key_file(settings.private_key_path)
    return settings


def _check_key_file(path: str) -> None:
    if not path:
        raise SettingsError(
            "set SNOWFLAKE_PRIVATE_KEY_PATH to your private key file (key-pair "
            "authentication, the recommended method), or set SNOWFLAKE_AUTHENTICATOR="
            "externalbrowser to sign in through your browser (SSO)")
    # dbt opens the path as given (no ~ expansion) from the folder it runs in, so only an
    # absolute path means the same file to dbt, the loader and the preflight
    if path.startswith("~"):
        raise SettingsError(
            f"SNOWFLAKE_PRIVATE_KEY_PATH is {path!r}: dbt does not expand ~, so the build "
            "would fail to find the key. Give the full path, e.g. export "
            'SNOWFLAKE_PRIVATE_KEY_PATH="$HOME/.snowflake/hi_loader.p8" (the shell expands '
            "$HOME; a quoted ~ is not expanded)")
    if not os.path.isabs(path):
        raise SettingsError(
            f"SNOWFLAKE_PRIVATE_KEY_PATH is {path!r}, a relative path, which dbt and the "
            "loader would resolve from different folders: give the full path")
    if not os.path.isfile(path):
        raise SettingsError(f"SNOWFLAKE_PRIVATE_KEY_PATH is {path!r}, which is not a file")


def _emulator_settings(env: Mapping[str, str]) -> Settings:
    port = env.get(PORT_VARIABLE, "").strip()
    if not port.isdigit():
        raise SettingsError(f"set {PORT_VARIABLE} to the port of the running emulator "
                            "(python -m python_helpers.snowflake.emulator prints it)")
    return Settings(
        target=EMULATOR_TARGET, account="fakesnow", user="fakesnow", role="transformer",
        warehouse="transforming",
        database=env.get(EMULATOR_DATABASE_VARIABLE, "").strip() or EMULATOR_DATABASE,
        schema="analytics", port=int(port),
    )


def private_key_bytes(settings: Settings) -> bytes:
    """The private key in the DER form the connector takes, read the way dbt reads it."""
    from dbt.adapters.snowflake.auth import private_key_from_file
    from dbt.adapters.snowflake.connections import snowflake_private_key

    path = settings.private_key_path  # absolute: read_settings refuses anything else
    try:
        key = private_key_from_file(path, settings.private_key_passphrase or None)
    except (ValueError, TypeError) as e:
        hint = ("check SNOWFLAKE_PRIVATE_KEY_PASSPHRASE" if settings.private_key_passphrase
                else "an encrypted key needs SNOWFLAKE_PRIVATE_KEY_PASSPHRASE")
        raise SettingsError(f"cannot read the private key {path}: {e} ({hint})") from None
    return snowflake_private_key(key)


def connect_args(settings: Settings) -> dict:
    """Keyword arguments for snowflake.connector.connect."""
    args = {
        "account": settings.account,
        "user": settings.user,
        "database": settings.database,
        "schema": settings.schema,
        "session_parameters": {"QUERY_TAG": QUERY_TAG},
        "application": "mse_health_inequalities",
        "autocommit": True,
    }
    if settings.role:
        args["role"] = settings.role
    if settings.warehouse:
        args["warehouse"] = settings.warehouse
    if settings.is_emulator:
        args.update(
            host=LOOPBACK, port=settings.port, protocol="http",
            password="any-password-the-emulator-accepts",
            # a statement the emulator cannot run answers HTTP 500, which the connector
            # would otherwise retry for a long time
            network_timeout=60,
        )
        args["session_parameters"]["CLIENT_OUT_OF_BAND_TELEMETRY_ENABLED"] = False
        return args
    args["authenticator"] = settings.authenticator
    if settings.authenticator.lower() == KEY_PAIR:
        args["private_key"] = private_key_bytes(settings)
    return args


def connect(target: str = SNOWFLAKE_TARGET, env: Mapping[str, str] | None = None):
    """An open snowflake.connector connection for the target (autocommit on)."""
    import snowflake.connector

    return snowflake.connector.connect(**connect_args(read_settings(target, env)))
