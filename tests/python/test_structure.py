"""The project's structure, checked against dbt's manifest (in the spirit of
dbt_project_evaluator): layer rules, naming per folder, every model documented and tested.

Each rule is a function from a manifest dict to its violations, so that it is proved on the
built project (no violation) and on a manifest with a violation planted (found).
"""
from __future__ import annotations

import copy
import json
import re

import pytest

# folder of a model (below models/) -> the prefix its names take
PREFIXES = {
    "staging/": r"stg_[a-z0-9_]+__[a-z0-9_]+",
    "intermediate/": r"int_[a-z0-9_]+",
    "marts/core/": r"(dim|fct)_[a-z0-9_]+",
    "marts/research_questions/": r"rq\d_[a-z0-9_]+",
    "data_quality/": r"dq_[a-z0-9_]+",
}
# which folders a layer's models may read (models and snapshots; seeds and sources apart)
MAY_READ = {
    # a gradient mart may summarise another mart's published, disclosure-controlled rows
    "marts/research_questions/": ("marts/core/", "data_quality/", "marts/research_questions/"),
    "marts/core/": ("intermediate/", "marts/core/"),
}
GOVERNANCE = "intermediate/governance/"
# the one model besides the governance views that reads person-level staging: it counts
# what each feed delivered before the objection filter (models/data_quality)
READS_STAGING_TO_RECONCILE = {"dq_feed_reconciliation"}


def folder(node: dict) -> str:
    return node["original_file_path"].removeprefix("models/")


def models(manifest: dict) -> dict[str, dict]:
    return {uid: n for uid, n in manifest["nodes"].items()
            if n["resource_type"] == "model" and n["package_name"] == project(manifest)}


def project(manifest: dict) -> str:
    return manifest["metadata"].get("project_name") or "mse_health_inequalities"


def model_parents(manifest: dict, node: dict) -> list[dict]:
    nodes = manifest["nodes"]
    return [nodes[uid] for uid in node["depends_on"]["nodes"]
            if uid in nodes and nodes[uid]["resource_type"] == "model"]


def layer_violations(manifest: dict) -> list[str]:
    found = []
    for node in models(manifest).values():
        for layer, allowed in MAY_READ.items():
            if folder(node).startswith(layer):
                found += [f"{node['name']} ({layer}) reads {parent['name']}"
                          for parent in model_parents(manifest, node)
                          if not folder(parent).startswith(allowed)]
                found += [f"{node['name']} ({layer}) reads source {uid}"
                          for uid in node["depends_on"]["nodes"]
                          if uid.startswith("source.")]
    return found


def person_level_staging(manifest: dict) -> set[str]:
    """The staging models the objection-filtered views filter (the person-level feeds);
    not the objection register, which every filter reads to know whom to remove."""
    return {parent["unique_id"] for node in models(manifest).values()
            if folder(node).startswith(GOVERNANCE) and node["name"].endswith("_permitted")
            for parent in model_parents(manifest, node)
            if folder(parent).startswith("staging/")
            and not folder(parent).startswith("staging/governance/")}


def governance_violations(manifest: dict) -> list[str]:
    """Past staging, only the governance views read a person-level feed's staging model."""
    restricted = person_level_staging(manifest)
    # the snapshots' purge reads the objector list's own inputs (int_objectors_identified's)
    objector_inputs = {parent["unique_id"] for parent in model_parents(
        manifest, by_name(manifest, "int_objectors_identified"))}
    purge = f"macro.{project(manifest)}.delete_objector_history"
    readers = [n for n in manifest["nodes"].values()
               if n["resource_type"] in ("model", "snapshot")
               and n["package_name"] == project(manifest)]
    return [f"{node['name']} reads {uid.split('.')[-1]} past the objection filter"
            for node in readers
            if not folder(node).startswith(("staging/", GOVERNANCE))
            and node["name"] not in READS_STAGING_TO_RECONCILE
            for uid in node["depends_on"]["nodes"] if uid in restricted
            and not (purge in node["depends_on"]["macros"] and uid in objector_inputs)]


def naming_violations(manifest: dict) -> list[str]:
    found = []
    for node in models(manifest).values():
        path = folder(node)
        layer = next((f for f in sorted(PREFIXES, key=len, reverse=True)
                      if path.startswith(f)), None)
        if layer is None:
            found.append(f"{node['name']}: {node['original_file_path']} is in no layer folder")
        elif not re.fullmatch(PREFIXES[layer], node["name"]):
            found.append(f"{node['name']} in {layer} is not named {PREFIXES[layer]}")
    for node in manifest["nodes"].values():
        if node["resource_type"] == "snapshot" and not node["name"].startswith("snap_"):
            found.append(f"snapshot {node['name']} is not named snap_*")
    return found


def documentation_violations(manifest: dict) -> list[str]:
    """Every model described, with its columns; every model tested (a data or unit test)."""
    tested = set()
    for node in manifest["nodes"].values():
        if node["resource_type"] == "test":
            tested.update(node["depends_on"]["nodes"])
    for test in manifest.get("unit_tests", {}).values():
        tested.update(test["depends_on"]["nodes"])
    found = []
    for uid, node in models(manifest).items():
        if not node["description"].strip():
            found.append(f"{node['name']} has no description")
        if not node["columns"]:
            found.append(f"{node['name']} documents no column")
        found += [f"{node['name']}.{name} has no description"
                  for name, column in node["columns"].items()
                  if not column["description"].strip()]
        if uid not in tested:
            found.append(f"{node['name']} has no test")
    return found


RULES = [layer_violations, governance_violations, naming_violations,
         documentation_violations]


@pytest.fixture(scope="module")
def manifest(small_warehouse) -> dict:
    return json.loads((small_warehouse["target"] / "manifest.json").read_text())


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__)
def test_the_project_keeps_its_structure(manifest, rule):
    assert rule(manifest) == []


def by_name(manifest: dict, name: str) -> dict:
    return next(n for n in manifest["nodes"].values()
                if n["resource_type"] in ("model", "snapshot") and n["name"] == name)


def test_a_mart_reading_intermediate_is_found(manifest):
    planted = copy.deepcopy(manifest)
    by_name(planted, "rq1_patient_demographics")["depends_on"]["nodes"].append(
        by_name(planted, "int_person_bridge")["unique_id"])
    assert layer_violations(planted) == [
        "rq1_patient_demographics (marts/research_questions/) reads int_person_bridge"]


def test_a_core_model_reading_a_source_is_found(manifest):
    planted = copy.deepcopy(manifest)
    source = next(uid for uid in planted["sources"] if ".mseft." in uid)
    by_name(planted, "dim_lsoa")["depends_on"]["nodes"].append(source)
    assert layer_violations(planted) == [f"dim_lsoa (marts/core/) reads source {source}"]


def test_a_model_reading_person_level_staging_is_found(manifest):
    planted = copy.deepcopy(manifest)
    staging = by_name(planted, "stg_mseft__waiting_list")["unique_id"]
    assert staging in person_level_staging(planted)
    by_name(planted, "int_patients")["depends_on"]["nodes"].append(staging)
    by_name(planted, "snap_mseft__waiting_list")["depends_on"]["nodes"].append(staging)
    assert sorted(governance_violations(planted)) == [
        "int_patients reads stg_mseft__waiting_list past the objection filter",
        "snap_mseft__waiting_list reads stg_mseft__waiting_list past the objection filter"]


def test_a_misnamed_model_is_found(manifest):
    planted = copy.deepcopy(manifest)
    by_name(planted, "dim_lsoa")["name"] = "lsoa_areas"
    by_name(planted, "int_patients")["original_file_path"] = "models/int_patients.sql"
    assert sorted(naming_violations(planted)) == [
        "int_patients: models/int_patients.sql is in no layer folder",
        f"lsoa_areas in marts/core/ is not named {PREFIXES['marts/core/']}"]


def test_an_undocumented_or_untested_model_is_found(manifest):
    planted = copy.deepcopy(manifest)
    node = by_name(planted, "dim_services")
    node["description"] = ""
    first_column = next(iter(node["columns"]))
    node["columns"][first_column]["description"] = " "
    for test in planted["nodes"].values():
        if test["resource_type"] == "test":
            test["depends_on"]["nodes"] = [
                uid for uid in test["depends_on"]["nodes"] if uid != node["unique_id"]]
    for test in planted.get("unit_tests", {}).values():
        test["depends_on"]["nodes"] = [
            uid for uid in test["depends_on"]["nodes"] if uid != node["unique_id"]]
    assert sorted(documentation_violations(planted)) == sorted([
        "dim_services has no description",
        f"dim_services.{first_column} has no description",
        "dim_services has no test"])
