"""The project's settings, read from the `vars:` of dbt_project.yml, where dbt reads them
too: one definition for the Python helpers and the models (raw schema, reference date,
the registry's value rules, disclosure and completeness thresholds)."""
from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from python_helpers import PROJECT_DIR


@lru_cache(maxsize=None)
def project_vars(project_dir: str = str(PROJECT_DIR)) -> dict:
    """The `vars:` of dbt_project.yml."""
    doc = yaml.safe_load((Path(project_dir) / "dbt_project.yml").read_text(encoding="utf-8"))
    return dict(doc.get("vars") or {})


# Schema the loader lands the raw tables in (dbt var raw_schema).
RAW_SCHEMA: str = project_vars()["raw_schema"]
# The date "current" status and waiting times are judged at (dbt var reference_date).
REFERENCE_DATE: date = date.fromisoformat(project_vars()["reference_date"])
