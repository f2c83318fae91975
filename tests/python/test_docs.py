"""Governance reviewers read the dbt docs: every model, seed, snapshot and column that
the warehouse builds is described, and every model states its grain."""
from __future__ import annotations

import json
import subprocess
import sys

from python_helpers import PROJECT_DIR


def test_permitted_view_docs_are_in_step_with_staging():
    result = subprocess.run(
        [sys.executable, str(PROJECT_DIR / "scripts" / "sync_permitted_docs.py"), "--check"],
        capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_built_model_and_column_is_described(small_warehouse):
    target = small_warehouse["target"]
    manifest = json.loads((target / "manifest.json").read_text())
    catalog = json.loads((target / "catalog.json").read_text())
    undocumented_models, undocumented_columns, no_grain = [], [], []
    for uid, node in manifest["nodes"].items():
        if node["resource_type"] not in ("model", "seed", "snapshot"):
            continue
        if not node["description"].strip():
            undocumented_models.append(node["name"])
        if node["resource_type"] == "model" and "grain" not in node["description"].lower():
            no_grain.append(node["name"])
        built = catalog["nodes"].get(uid)
        if built is None:
            continue  # ephemeral
        described = {name.lower() for name, col in node["columns"].items()
                     if col.get("description", "").strip()}
        for column in built["columns"]:
            if column.lower() not in described:
                undocumented_columns.append(f"{node['name']}.{column}")
    assert undocumented_models == []
    assert no_grain == []
    assert undocumented_columns == []
