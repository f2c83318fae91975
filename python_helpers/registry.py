"""The feed registry: every drop-folder file, its verbatim headers, types and constraints.

The registry lives in the dbt sources YAML (`models/staging/*/_*__sources.yml`), one
entry per feed with per-column `config.meta`. This module reads it for the loader, the
validation and the generator, so that all of them (and the dbt docs) share one truth.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from python_helpers import PROJECT_DIR
from python_helpers.value_rules import COLUMN_TYPES, value_range


@dataclass(frozen=True)
class Column:
    name: str            # normalised raw-table column name
    header: str          # the header verbatim as the protocol gives it
    type: str
    description: str
    not_null: bool = False
    unique: bool = False
    min: float | None = None
    max: float | None = None
    pattern: str | None = None
    accepted_values: tuple[str, ...] | None = None
    code_list: str | None = None
    multiline: bool = False  # values may hold a line break (inside double quotes)

    @property
    def match_key(self) -> str:
        return header_match_key(self.header)


@dataclass(frozen=True)
class Feed:
    source: str          # dbt source name (mseft, ecc_asc, ecc, governance)
    table: str           # dbt source table name
    identifier: str      # raw table name
    file: str            # file name in the drop folder
    spec: str
    description: str
    optional: bool
    columns: tuple[Column, ...] = field(default_factory=tuple)

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def pseudonym_columns(self) -> list[Column]:
        return [c for c in self.columns if c.type == "pseudonym"]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.file} has no column {name!r}")


def header_match_key(header: str) -> str:
    """Headers are matched to the spec ignoring case and surrounding white space."""
    return header.strip().casefold()


def snake_case(header: str) -> str:
    """Normalised column name for a header the registry does not know (an extra column)."""
    name = re.sub(r"[^a-z0-9]+", "_", header.strip().lower()).strip("_")
    if not name or name[0].isdigit():
        name = "col_" + name
    return name


def _column(raw: dict) -> Column:
    meta = (raw.get("config") or {}).get("meta") or {}
    col_type = meta.get("type", "text")
    if col_type not in COLUMN_TYPES:
        raise ValueError(f"column {raw['name']}: unknown type {col_type!r}")
    values = meta.get("accepted_values")
    # a named range of dbt_project.yml (`range: age_years`) or the column's own min/max
    low, high = value_range(meta["range"]) if "range" in meta else (meta.get("min"),
                                                                     meta.get("max"))
    return Column(
        name=raw["name"],
        header=meta["header"],
        type=col_type,
        description=raw.get("description", ""),
        not_null=bool(meta.get("not_null", False)),
        unique=bool(meta.get("unique", False)),
        min=low,
        max=high,
        pattern=meta.get("pattern"),
        accepted_values=tuple(str(v) for v in values) if values else None,
        code_list=meta.get("code_list"),
        multiline=bool(meta.get("multiline", False)),
    )


def _is_delivered(raw: dict) -> bool:
    """A column of the file has its verbatim header in meta; one the loader adds
    (`_source_row`, the record number) has none and is described only for the docs."""
    return "header" in ((raw.get("config") or {}).get("meta") or {})


@lru_cache(maxsize=None)
def _load(staging_dir: str) -> tuple[Feed, ...]:
    feeds = []
    for path in sorted(Path(staging_dir).glob("*/_*__sources.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for source in doc.get("sources", []):
            for table in source.get("tables", []):
                meta = (table.get("config") or {}).get("meta") or {}
                if "file" not in meta:
                    continue  # a source that is not a drop-folder file
                feeds.append(Feed(
                    source=source["name"],
                    table=table["name"],
                    identifier=table.get("identifier", table["name"]),
                    file=meta["file"],
                    spec=meta.get("spec", ""),
                    description=table.get("description", ""),
                    optional=bool(meta.get("optional", False)),
                    columns=tuple(_column(c) for c in table.get("columns", [])
                                  if _is_delivered(c)),
                ))
    return tuple(feeds)


def load_registry(project_dir: Path | str = PROJECT_DIR) -> tuple[Feed, ...]:
    """All drop-folder feeds, in a stable order (partner feeds, then governance)."""
    return _load(str(Path(project_dir) / "models" / "staging"))


def partner_feeds(project_dir: Path | str = PROJECT_DIR) -> tuple[Feed, ...]:
    """The 13 partner feeds of the drop-folder contract (without the objections file)."""
    return tuple(f for f in load_registry(project_dir) if f.source != "governance")


def feed_for_file(file_name: str, project_dir: Path | str = PROJECT_DIR) -> Feed:
    for feed in load_registry(project_dir):
        if feed.file == file_name:
            return feed
    raise KeyError(f"{file_name} is not a file of the drop-folder contract")


def feed_for_name(name: str, project_dir: Path | str = PROJECT_DIR) -> Feed:
    """A feed named by its raw table (`mseft_waiting_list`) or its file name."""
    for feed in load_registry(project_dir):
        if name in (feed.identifier, feed.file):
            return feed
    raise KeyError(f"{name!r} is neither a feed nor a file of the drop-folder contract "
                   f"(feeds: {', '.join(f.identifier for f in load_registry(project_dir))})")
