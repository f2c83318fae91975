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


def test_every_source_model_column_seed_macro_test_and_exposure_is_described(small_warehouse):
    from python_helpers.report.documentation import documentation_gaps

    target = small_warehouse["target"]
    manifest = json.loads((target / "manifest.json").read_text())
    catalog = json.loads((target / "catalog.json").read_text())
    assert documentation_gaps(manifest, catalog) == {}


def test_the_documentation_check_finds_what_is_not_described(small_warehouse):
    from python_helpers.report.documentation import documentation_gaps

    target = small_warehouse["target"]
    manifest = json.loads((target / "manifest.json").read_text())
    catalog = json.loads((target / "catalog.json").read_text())
    project = "mse_health_inequalities"
    manifest["macros"][f"macro.{project}.age_band"]["description"] = ""
    manifest["exposures"][f"exposure.{project}.rq4_outcomes_dashboard"]["description"] = " "
    source = f"source.{project}.mseft.waiting_list"
    del manifest["sources"][source]["columns"]["_source_row"]
    manifest["docs"] = {k: d for k, d in manifest["docs"].items() if d["name"] != "__overview__"}
    gaps = documentation_gaps(manifest, catalog)
    assert gaps == {"macro": [f"macro.{project}.age_band"],
                    "exposure": [f"exposure.{project}.rq4_outcomes_dashboard"],
                    "source column": [f"{source}._source_row"],
                    "overview": ["doc block __overview__"]}


def test_person_level_models_are_private_and_only_the_research_question_marts_public(
        small_warehouse):
    target = small_warehouse["target"]
    manifest = json.loads((target / "manifest.json").read_text())
    catalog = json.loads((target / "catalog.json").read_text())
    public, pseudonymous_public = [], []
    for uid, node in manifest["nodes"].items():
        if node["resource_type"] != "model":
            continue
        assert node.get("group") in ("intake", "analysis"), node["name"]
        columns = (catalog["nodes"].get(uid) or {}).get("columns", {})
        holds_person = any(c.lower().endswith("_pseudonym") for c in columns)
        if node.get("access") == "public":
            public.append(node["name"])
            if holds_person:
                pseudonymous_public.append(node["name"])
        layer = node["fqn"][1]
        if holds_person and layer in ("intermediate", "marts") and \
                "governance" not in node["fqn"]:
            assert node["access"] == "private", node["name"]
    assert sorted(public) == sorted(n["name"] for n in manifest["nodes"].values()
                                    if n["resource_type"] == "model"
                                    and "research_questions" in n["fqn"])
    assert pseudonymous_public == []
