"""Where the loader stages files in Snowflake: an internal stage, or Azure Blob Storage.

Chosen by environment variables, never by a key in a file:

    HI_SNOWFLAKE_STAGE                 internal (default) or azure
    HI_SNOWFLAKE_AZURE_URL             the container path, azure://<storage account>
                                       .blob.core.windows.net/<container>/<path>/
    HI_SNOWFLAKE_STORAGE_INTEGRATION   the storage integration an account administrator
                                       created for that container (Snowflake holds the
                                       Azure consent; no SAS token or key is ever given)

An internal stage receives the files by PUT from the engineer's machine. An external stage
is read by Snowflake through the integration; the files are uploaded to the container with
the engineer's own Azure sign-in (`az storage blob upload-batch --auth-mode login`).
"""
from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

INTERNAL, AZURE = "internal", "azure"
STAGE_KINDS = (INTERNAL, AZURE)
FILE_FORMAT = "hi_landing_parquet"
STAGE_NAMES = {INTERNAL: "hi_landing", AZURE: "hi_landing_azure"}
AZURE_URL = re.compile(r"^azure://([a-z0-9]{3,24})\.blob\.core\.windows\.net/([a-z0-9-]{3,63})"
                       r"(/[^'\\]*)?$")
SIMPLE_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]*$")


class StageError(Exception):
    """The stage settings are missing or unusable; the message names the variable."""


def identifier(name: str, what: str) -> str:
    """A name used unquoted in SQL (as dbt does on Snowflake); refuse anything else."""
    if not SIMPLE_IDENTIFIER.match(name or ""):
        raise StageError(f"{what} {name!r} is not a plain Snowflake identifier (letters, "
                         "digits, _ and $, not starting with a digit)")
    return name


@dataclass(frozen=True)
class StageConfig:
    kind: str = INTERNAL
    url: str | None = None
    storage_integration: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, kind: str | None = None,
                 emulator: bool = False) -> StageConfig:
        env = os.environ if env is None else env
        kind = (kind or env.get("HI_SNOWFLAKE_STAGE", "") or INTERNAL).strip().lower()
        if kind not in STAGE_KINDS:
            raise StageError(f"HI_SNOWFLAKE_STAGE is {kind!r}: use internal or azure")
        if kind == INTERNAL:
            return cls(INTERNAL)
        url = env.get("HI_SNOWFLAKE_AZURE_URL", "").strip()
        integration = env.get("HI_SNOWFLAKE_STORAGE_INTEGRATION", "").strip() or None
        if emulator and url.startswith("file://"):
            # The emulator cannot reach Azure: a local folder stands in for the container.
            return cls(AZURE, url if url.endswith("/") else url + "/", None)
        if not url:
            raise StageError("set HI_SNOWFLAKE_AZURE_URL to the container path, e.g. "
                             "azure://myaccount.blob.core.windows.net/landing/mseft/")
        if not AZURE_URL.match(url):
            raise StageError(f"HI_SNOWFLAKE_AZURE_URL is {url!r}: expected azure://<storage "
                             "account>.blob.core.windows.net/<container>/<path>/")
        if not integration:
            raise StageError("set HI_SNOWFLAKE_STORAGE_INTEGRATION to the name of the storage "
                             "integration for that container (an account administrator "
                             "creates it once: see docs/snowflake.md)")
        identifier(integration, "HI_SNOWFLAKE_STORAGE_INTEGRATION")
        return cls(AZURE, url if url.endswith("/") else url + "/", integration)

    @property
    def is_external(self) -> bool:
        return self.kind == AZURE

    @property
    def name(self) -> str:
        return STAGE_NAMES[self.kind]

    def create_sql(self, schema: str) -> list[str]:
        """The file format and the stage, created once and left in place."""
        file_format = f"{schema}.{FILE_FORMAT}"
        statements = [
            f"create file format if not exists {file_format} type = parquet "
            "comment = 'mse_health_inequalities: checked drop-folder rows, all text'",
        ]
        location = ""
        if self.is_external:
            location = f"url = '{self.url}' "
            if self.storage_integration:
                location += f"storage_integration = {self.storage_integration} "
        statements.append(
            f"create stage if not exists {schema}.{self.name} {location}"
            f"file_format = (format_name = '{file_format}') "
            "comment = 'mse_health_inequalities: landing files, one folder per load'")
        return statements

    def local_folder(self) -> Path | None:
        """The folder a file:// stand-in stage reads (emulator only)."""
        if self.url and self.url.startswith("file://"):
            return Path(urlparse(self.url).path)
        return None

    def upload_hint(self, folder: Path, load_id: str) -> str:
        """The command that puts a prepared folder where the external stage reads it."""
        local = self.local_folder()
        if local is not None:
            return f"copy {folder}/* to {local / load_id}/"
        match = AZURE_URL.match(self.url or "")
        account, container, path = match.group(1), match.group(2), (match.group(3) or "/")
        destination = f"{path.strip('/')}/{load_id}".strip("/")
        return (f"az storage blob upload-batch --auth-mode login --account-name {account} "
                f"--destination {container} --destination-path {destination} "
                f"--source {folder} --overwrite")
