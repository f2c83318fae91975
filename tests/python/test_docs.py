"""Governance reviewers read the dbt docs: every model, seed, snapshot and column that
the warehouse builds is described, and every model states its grain."""
from __future__ import annotations

import json


def permitted_doc_drift(manifest: dict) -> list[str]:
    """Where an objection-filtered view (int_*_permitted) or a snapshot of one describes a
    column otherwise than the model it reads. A permitted view has exactly its staging
    model's columns, each with the staging description (the same doc block); a snapshot may
    add to a column's description but not change it."""
    nodes = manifest["nodes"]
    found = []
    for node in nodes.values():
        parents = [nodes[uid] for uid in node["depends_on"].get("nodes", []) if uid in nodes]
        if node["resource_type"] == "model" and node["name"].endswith("_permitted"):
            # the feed's staging model: of the staging models it reads (the objector list
            # reads the governance feeds, the social care ones the demographics), the one
            # that shares its columns
            staging = [p for p in parents if p["name"].startswith("stg_")]
            parents = [max(staging, key=lambda p: len(p["columns"].keys() & node["columns"]))]
        elif node["resource_type"] == "snapshot":
            parents = [p for p in parents if p["name"].endswith("_permitted")]
        else:
            continue
        assert len(parents) == 1, (node["name"], [p["name"] for p in parents])
        parent = parents[0]
        columns = node["columns"]
        for name, column in parent["columns"].items():
            described = columns.get(name, {}).get("description")
            if described is None:
                found.append(f"{node['name']}.{name}: not described")
            elif node["resource_type"] == "model" and described != column["description"]:
                found.append(
                    f"{node['name']}.{name}: described otherwise than in {parent['name']}")
            elif not described.startswith(column["description"]):
                found.append(f"{node['name']}.{name}: does not begin as in {parent['name']}")
        if node["resource_type"] == "model":
            found += [f"{node['name']}.{name}: not a column of {parent['name']}"
                      for name in columns if name not in parent["columns"]]
    return found


def test_permitted_views_and_snapshots_describe_columns_as_staging_does(small_warehouse):
    manifest = json.loads((small_warehouse["target"] / "manifest.json").read_text())
    assert permitted_doc_drift(manifest) == []


def test_a_permitted_view_or_snapshot_drifting_from_staging_is_found(small_warehouse):
    manifest = json.loads((small_warehouse["target"] / "manifest.json").read_text())
    project = "mse_health_inequalities"
    nodes = manifest["nodes"]
    view = nodes[f"model.{project}.int_ae_attendances_permitted"]
    view["columns"]["site"]["description"] = "Edited here, not in staging."
    del view["columns"]["age_years"]
    view["columns"]["extra"] = {"name": "extra", "description": "Not in staging."}
    snapshot = nodes[f"snapshot.{project}.snap_ecc_asc__demographics"]
    snapshot["columns"]["tenure"]["description"] = "Edited here."
    assert sorted(permitted_doc_drift(manifest)) == [
        "int_ae_attendances_permitted.age_years: not described",
        "int_ae_attendances_permitted.extra: not a column of stg_mseft__ae_attendances",
        "int_ae_attendances_permitted.site: described otherwise than in stg_mseft__ae_attendances",
        "snap_ecc_asc__demographics.tenure: does not begin as in int_asc_demographics_permitted",
    ]


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
