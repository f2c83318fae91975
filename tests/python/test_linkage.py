"""Issue 4: the linkage layer reproduces the truth manifest on the small drop, and no
objector's pseudonym reaches any model past staging."""
from __future__ import annotations

import json

import duckdb
import pandas as pd
import pytest

SERVICE_FLAGS = {
    "ae": "is_ae_patient",
    "inpatient": "is_inpatient",
    "waiting_list": "is_waiting_list_patient",
    "any": "true",
}
RQ1_DIMENSIONS = {
    "sex": "sex",
    "age_band": "age_band",
    "ethnic_group": "ethnic_group",
    "imd_quintile": "coalesce(cast(imd_quintile as varchar), 'Unknown')",
    "imd_decile": "coalesce(cast(imd_decile as varchar), 'Unknown')",
    "local_authority": "coalesce(local_authority_name, 'Unknown')",
}


@pytest.fixture(scope="module")
def warehouse(small_warehouse):
    con = duckdb.connect(str(small_warehouse["db_path"]), read_only=True)
    yield con
    con.close()


def _table(con, schema: str, name: str) -> str:
    return f'"{schema}"."{name}"'


def test_linkage_summary_matches_truth_manifest(warehouse, small_manifest):
    summary = dict(warehouse.sql(
        f"select measure, persons_or_records from {_table(warehouse, 'data_quality', 'dq_linkage_summary')}"
    ).fetchall())
    linkage = small_manifest["linkage"]["after_objections"]
    postcodes = small_manifest["postcodes"]["after_objections"]
    assert summary["hospital_persons"] == linkage["hospital_persons"]
    assert summary["hospital_persons_linked"] == linkage["hospital_persons_linked"]
    assert summary["hospital_persons_one_to_many"] == linkage["hospital_persons_one_to_many"]
    assert summary["social_care_records"] == linkage["social_care_records"]
    assert (summary["social_care_records_without_nhs_id"]
            == linkage["social_care_records_without_nhs_id"])
    assert summary["social_care_records_linked"] == linkage["social_care_records_linked"]
    for status in ("matched", "unmatched", "invalid", "missing", "no_fixed_abode"):
        assert summary[f"hospital_persons_postcode_{status}"] == postcodes[status], status
    assert summary["objectors_listed"] == small_manifest["objections"]["people"]


def test_bridge_keeps_one_to_many_matches_and_flags_them(warehouse, small_manifest):
    bridge = _table(warehouse, "intermediate", "int_person_bridge")
    flagged, rows_of_flagged = warehouse.sql(
        f"select count(distinct nhs_number_pseudonym), count(*) from {bridge} "
        "where is_one_to_many").fetchall()[0]
    linkage = small_manifest["linkage"]["after_objections"]
    assert flagged == linkage["hospital_persons_one_to_many"]
    assert rows_of_flagged >= 2 * flagged
    assert warehouse.sql(f"select count(*) from {bridge}").fetchall()[0][0] == \
        linkage["social_care_records_linked"]


def test_feed_reconciliation_accounts_for_every_row(warehouse, small_manifest):
    rows = warehouse.sql(
        f"select file, rows_read, rows_loaded, rows_quarantined, rows_removed_by_objections, "
        f"rows_permitted from {_table(warehouse, 'data_quality', 'dq_feed_reconciliation')}"
    ).df().set_index("file")
    removed = small_manifest["objections"]["rows_removed"]
    for file, expected_rows in small_manifest["rows_per_file"].items():
        if file == "objections.csv":
            continue
        row = rows.loc[file]
        assert row.rows_read == expected_rows, file
        assert row.rows_read == row.rows_loaded + row.rows_quarantined, file
        assert row.rows_removed_by_objections == removed[file], file
        assert row.rows_permitted == row.rows_loaded - row.rows_removed_by_objections, file


@pytest.mark.parametrize("service", list(SERVICE_FLAGS))
def test_patient_spine_reproduces_rq1_truth(warehouse, small_manifest, service):
    patients = _table(warehouse, "intermediate", "int_patients")
    truth = small_manifest["research_questions"]["rq1_patient_demographics"][service]
    flag = SERVICE_FLAGS[service]
    assert warehouse.sql(f"select count(*) from {patients} where {flag}").fetchall()[0][0] \
        == truth["persons"]
    for dimension, expression in RQ1_DIMENSIONS.items():
        got = dict(warehouse.sql(
            f"select {expression}, count(*) from {patients} where {flag} group by 1"
        ).fetchall())
        expected = {k: v for k, v in truth[dimension].items() if v}
        assert got == expected, f"{service} by {dimension}"


@pytest.mark.parametrize("service", list(SERVICE_FLAGS))
def test_social_care_status_reproduces_rq2_truth(warehouse, small_manifest, service):
    patients = _table(warehouse, "intermediate", "int_patients")
    bridge = _table(warehouse, "intermediate", "int_person_bridge")
    social_care = _table(warehouse, "intermediate", "int_asc_persons")
    truth = small_manifest["research_questions"]["rq2_social_care_contact"][service]
    got = warehouse.sql(f"""
        with current_status as (
            select bridge.nhs_number_pseudonym, bool_or(sc.is_current) as is_current
            from {bridge} as bridge
            join {social_care} as sc using (asc_person_pseudonym)
            group by 1
        )
        select
            count(*),
            count(*) filter (where is_current),
            count(*) filter (where is_linked_to_social_care and not coalesce(is_current, false)),
            count(*) filter (where not is_linked_to_social_care)
        from {patients} left join current_status using (nhs_number_pseudonym)
        where is_ecc_resident and {SERVICE_FLAGS[service]}
    """).fetchall()[0]
    assert got == (truth["persons"], truth["current"], truth["previous"], truth["not_known"])


def _objector_identities(con, drop) -> set[str]:
    """The objectors' NHS number pseudonyms and their social care Person IDs, read
    straight from the delivered files (not from any model under test)."""
    objections = pd.read_csv(drop / "objections.csv", dtype=str)
    nhs = {v.strip().upper() for v in objections["NHS_NUMBER"].dropna()}
    demographics = pd.read_csv(drop / "ecc_asc_demographics.csv", dtype=str,
                               keep_default_na=False)
    ids = demographics["NHS ID"].str.strip().str.upper()
    persons = set(demographics.loc[ids.isin(nhs), "Person ID"].str.strip().str.upper())
    return nhs | persons


def _relations_holding(con, schema_filter: str, identities: set[str]) -> dict[str, int]:
    """Every table or view of the matching schemas, with the number of its values (in
    any text column) that are objector identities."""
    listed = sorted(identities)
    columns = con.sql(f"""
        select table_schema, table_name, column_name
        from information_schema.columns
        where ({schema_filter}) and data_type = 'VARCHAR'
    """).fetchall()
    hits: dict[str, int] = {}
    for schema, table, column in columns:
        n = con.execute(
            f'select count(*) from "{schema}"."{table}" '
            f'where list_contains(?, upper(trim("{column}")))', [listed]
        ).fetchall()[0][0]
        if n:
            hits[f"{schema}.{table}.{column}"] = hits.get(f"{schema}.{table}.{column}", 0) + n
    return hits


def test_objector_reaches_no_model_past_staging(warehouse, small_drop):
    identities = _objector_identities(warehouse, small_drop)
    assert len(identities) > 12, "the small drop should plant objectors in both partners"
    # The scan itself works: staging still holds every raw row, objectors included.
    in_staging = _relations_holding(warehouse, "table_schema = 'staging'", identities)
    assert in_staging, "objectors should be visible in staging (every raw row is kept)"
    downstream = _relations_holding(
        warehouse,
        "table_schema not in ('raw', 'staging', 'reference', 'information_schema', "
        "'pg_catalog')",
        identities,
    )
    assert downstream == {}, f"objector pseudonyms found downstream: {downstream}"


def test_person_level_staging_is_read_only_through_the_permitted_views(small_warehouse):
    """The objection filter is the one door: no model past staging reads a person-level
    staging model except the int_*_permitted views (and the objector list itself)."""
    manifest = json.loads((small_warehouse["target"] / "manifest.json").read_text())
    nodes = manifest["nodes"]
    person_level = {
        uid for uid, node in nodes.items()
        if node["resource_type"] == "model" and node["name"].startswith("stg_")
        and node["name"] not in {"stg_reference__postcode_lsoa21", "stg_ecc__geographies",
                                 "stg_governance__objections",
                                 "stg_governance__objection_register"}
    }
    allowed_readers = {"int_objectors_identified", "dq_feed_reconciliation"}
    offenders = []
    for uid, node in nodes.items():
        if node["resource_type"] != "model" or node["name"].startswith("stg_"):
            continue
        parents = set(node["depends_on"]["nodes"]) & person_level
        if parents and not node["name"].endswith("_permitted") \
                and node["name"] not in allowed_readers:
            offenders.append((node["name"], sorted(parents)))
    assert offenders == []
    # and every person-level staging model has its permitted view
    readers = {nodes[uid]["name"]: set(nodes[uid]["depends_on"]["nodes"]) for uid in nodes
               if nodes[uid]["name"].endswith("_permitted")}
    covered = set().union(*readers.values())
    assert person_level <= covered, sorted(person_level - covered)
