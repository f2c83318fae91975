"""The documentation check: everything dbt's docs show a reviewer is described.

Read from dbt's manifest (what is declared) and catalog (what was built), so a column
that exists in the warehouse but not in the YAML counts as a gap: every source and each
of its columns, every model, seed and snapshot and each of their columns, every macro and
generic test of the project, every singular and unit test, analysis, exposure and group,
and the overview page (`__overview__`). A generic test's instances (`not_null` on a
column, ...) are described by their definition, which dbt's docs show beside them.
"""
from __future__ import annotations

PROJECT = "mse_health_inequalities"


def _blank(text) -> bool:
    return not (text or "").strip()


def _column_gaps(uid: str, declared: dict, built: dict | None) -> list[str]:
    described = {name.lower() for name, col in declared.items()
                 if not _blank(col.get("description"))}
    names = list((built or {}).get("columns", {})) or list(declared)
    return [f"{uid}.{name}" for name in names if name.lower() not in described]


def documentation_gaps(manifest: dict, catalog: dict) -> dict[str, list[str]]:
    """kind -> undescribed resources (unique ids, or unique_id.column for columns)."""
    gaps: dict[str, list[str]] = {}

    def gap(kind: str, what: str) -> None:
        gaps.setdefault(kind, []).append(what)

    for uid, source in manifest["sources"].items():
        if _blank(source.get("source_description")):
            gap("source", f"source {source['source_name']}")
        if _blank(source.get("description")):
            gap("source table", uid)
        for col in _column_gaps(uid, source["columns"], catalog.get("sources", {}).get(uid)):
            gap("source column", col)
    for uid, node in manifest["nodes"].items():
        kind = node["resource_type"]
        if node.get("package_name") != PROJECT:
            continue
        if kind == "test":
            if not node.get("test_metadata") and _blank(node["description"]):
                gap("singular test", uid)
            continue
        if kind in ("model", "seed", "snapshot", "analysis") and _blank(node["description"]):
            gap(kind, uid)
        if kind in ("model", "seed", "snapshot"):
            if node["config"].get("materialized") == "ephemeral":
                continue
            for col in _column_gaps(uid, node["columns"], catalog.get("nodes", {}).get(uid)):
                gap(f"{kind} column", col)
    for uid, macro in manifest["macros"].items():
        if macro["package_name"] == PROJECT and _blank(macro["description"]):
            gap("macro" if not macro["name"].startswith("test_") else "generic test", uid)
    for uid, test in manifest.get("unit_tests", {}).items():
        if _blank(test.get("description")):
            gap("unit test", uid)
    for uid, exposure in manifest.get("exposures", {}).items():
        if _blank(exposure.get("description")):
            gap("exposure", uid)
    for uid, group in manifest.get("groups", {}).items():
        if _blank(group.get("description")):
            gap("group", uid)
    overview = [d for d in manifest.get("docs", {}).values()
                if d["name"] == "__overview__" and d["package_name"] == PROJECT]
    if not overview:
        gap("overview", "doc block __overview__")
    return gaps
