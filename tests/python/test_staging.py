"""Staging on a generated drop: every raw row staged, every planted defect flagged by exactly
the data-quality flag meant for it, every model and column described, and the snapshots
keeping history across a corrected redelivery."""
from __future__ import annotations

import json
import shutil

import duckdb
import pandas as pd
import pytest

from python_helpers.build import run_dbt
from python_helpers.load import load_drop
from python_helpers.registry import partner_feeds

STAGING = "staging"
SNAPSHOTS = "snapshots"

# Staging model of each feed of the registry.
STAGING_MODEL = {
    "ae_attendances": "stg_mseft__ae_attendances",
    "inpatient_spells": "stg_mseft__inpatient_spells",
    "waiting_list": "stg_mseft__waiting_list",
    "registrations": "stg_ecc_asc__registrations",
    "demographics": "stg_ecc_asc__demographics",
    "assessments": "stg_ecc_asc__assessments",
    "reviews": "stg_ecc_asc__reviews",
    "services": "stg_ecc_asc__services",
    "service_summary": "stg_ecc_asc__service_summary",
    "health_conditions": "stg_ecc_asc__health_conditions",
    "geographies": "stg_ecc__geographies",
    "sensory_impairment": "stg_ecc__sensory_impairment",
    "languages": "stg_ecc__languages",
}

# The generator's defect types (truth_manifest.json "defects") and the one staging flag
# each must raise.
FLAG_FOR_DEFECT = {
    "invalid_arrival_datetime": "dq_invalid_date",
    "impossible_date": "dq_invalid_date",
    "departure_before_arrival": "dq_date_order",
    "discharge_before_admission": "dq_date_order",
    "negative_los": "dq_below_minimum",
    "age_over_120": "dq_above_maximum",
    "unknown_sex": "dq_unknown_sex",
    "missing_postcode": "dq_missing_postcode",
    "invalid_postcode": "dq_invalid_postcode",
    "unmatched_postcode": "dq_unmatched_postcode",
    "missing_nhs_id": "dq_missing_nhs_number",
    "duplicate_records_for_one_nhs_id": "dq_shared_nhs_number",
}


def count(con, sql: str) -> int:
    return con.execute(sql).fetchall()[0][0]


@pytest.fixture(scope="module")
def warehouse(small_warehouse):
    con = duckdb.connect(str(small_warehouse["db_path"]), read_only=True)
    yield con
    con.close()


def test_every_raw_row_is_staged_once(warehouse):
    for feed in partner_feeds():
        model = STAGING_MODEL[feed.table]
        raw = count(warehouse, f'select count(*) from raw."{feed.identifier}"')
        staged = count(warehouse, f"select count(*) from {STAGING}.{model}")
        distinct = count(warehouse, f"select count(distinct source_row) from {STAGING}.{model}")
        assert staged == raw == distinct, f"{model}: raw {raw}, staged {staged}, distinct {distinct}"


def test_each_planted_defect_raises_its_own_flag_on_exactly_its_rows(warehouse, small_manifest):
    checked = 0
    for feed, defects in small_manifest["defects"].items():
        model = STAGING_MODEL[feed]
        for defect, planted in defects.items():
            flag = FLAG_FOR_DEFECT[defect]
            expected = planted.get("rows_sharing_an_nhs_id", planted["rows"])
            flagged = count(warehouse, f"select count(*) from {STAGING}.{model} where {flag}")
            assert flagged == expected, f"{model}.{flag}: {flagged} rows, {defect} planted {expected}"
            checked += 1
    assert checked >= 20


def test_feeds_without_planted_defects_raise_no_flag(warehouse, small_manifest):
    """Feeds without planted defects are clean: any flag there is a staging bug."""
    planted = set(small_manifest["defects"])
    for feed, model in STAGING_MODEL.items():
        if feed in planted:
            continue
        columns = [r[0] for r in warehouse.execute(f"describe {STAGING}.{model}").fetchall()]
        for flag in (c for c in columns if c.startswith("dq_")):
            assert count(warehouse, f"select count(*) from {STAGING}.{model} where {flag}") == 0, \
                f"{model}.{flag}"


def test_normalised_pseudonyms_link_across_feeds(warehouse):
    """Lower-cased and padded pseudonyms are planted; after staging every hospital NHS
    pseudonym has the canonical 64-character upper-case form."""
    for model in ("stg_mseft__ae_attendances", "stg_mseft__inpatient_spells",
                  "stg_mseft__waiting_list", "stg_ecc_asc__demographics"):
        bad = count(warehouse, f"""
            select count(*) from {STAGING}.{model}
            where nhs_number_pseudonym is not null
              and not regexp_full_match(nhs_number_pseudonym, '[0-9A-F]{{64}}')""")
        assert bad == 0, model


def test_every_staging_model_and_column_is_described_with_a_grain(small_warehouse):
    target = small_warehouse["target"]
    manifest = json.loads((target / "manifest.json").read_text())
    catalog = json.loads((target / "catalog.json").read_text())
    staging = [n for n in manifest["nodes"].values()
               if n["resource_type"] == "model" and n["fqn"][1] == "staging"]
    assert len(staging) >= 17
    for node in staging:
        assert "Grain:" in node["description"], node["name"]
        built = catalog["nodes"][node["unique_id"]]["columns"]
        documented = {name.lower(): c for name, c in node["columns"].items()}
        for column in built:
            assert column.lower() in documented, f"{node['name']}.{column} is not documented"
            assert documented[column.lower()]["description"].strip(), f"{node['name']}.{column}"


# --- snapshots: a drop, then a corrected redelivery -----------------------------------------

def read_feed(drop, name: str) -> pd.DataFrame:
    return pd.read_csv(drop / name, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def write_feed(frame: pd.DataFrame, drop, name: str) -> None:
    frame.to_csv(drop / name, index=False, encoding="utf-8")


def snapshot_run(db_path, target, first: bool):
    # staging models are tables: a redelivery reaches the snapshots once they are rebuilt
    # (as `dbt build` and `hi build` do), so the second run rebuilds them, then snapshots
    args = (["build", "-s", "+snap_ecc_asc__demographics", "+snap_mseft__waiting_list",
             "--exclude", "resource_type:test", "resource_type:unit_test"] if first
            else ["build", "-s", "stg_ecc_asc__demographics", "stg_mseft__waiting_list",
                  "snap_ecc_asc__demographics", "snap_mseft__waiting_list",
                  "--exclude", "resource_type:test", "resource_type:unit_test"])
    result = run_dbt(args, db_path, target, capture=True)
    assert result.returncode == 0, result.stdout[-5000:]


def test_corrected_redelivery_keeps_history_and_current_values(small_drop, tmp_path):
    drop = tmp_path / "drop"
    shutil.copytree(small_drop, drop)
    db_path, target = tmp_path / "w.duckdb", tmp_path / "target"
    assert load_drop(drop, db_path).ok
    snapshot_run(db_path, target, first=True)

    # The partners rectify one person's tenure (Article 16) and one pathway's postcode,
    # and one pathway has left the list by the time of the redelivery. The snapshots
    # hold no objector, so the rows chosen and counted are everyone else's.
    objectors = set(read_feed(drop, "objections.csv")["NHS_NUMBER"].str.strip().str.upper())
    demographics = read_feed(drop, "ecc_asc_demographics.csv")
    kept = ~demographics["NHS ID"].str.strip().str.upper().isin(objectors)
    first = demographics.index[kept][0]
    person = demographics.loc[first, "Person ID"].strip().upper()
    old_tenure = demographics.loc[first, "Tenure"]
    new_tenure = "Council tenant" if old_tenure != "Council tenant" else "Owner occupier"
    demographics.loc[first, "Tenure"] = new_tenure
    write_feed(demographics, drop, "ecc_asc_demographics.csv")

    waiting = read_feed(drop, "mseft_waiting_list.csv")
    waiting_kept = ~waiting["NhsNumber"].str.strip().str.upper().isin(objectors)
    first_pathway, second_pathway = waiting.index[waiting_kept][:2]
    rectified, gone = waiting.loc[first_pathway], waiting.loc[second_pathway]
    waiting.loc[first_pathway, "Postcode"] = (
        "CM1 1AA" if rectified["Postcode"] != "CM1 1AA" else "SS1 1AA")
    new_postcode = waiting.loc[first_pathway, "Postcode"]
    write_feed(waiting.drop(index=second_pathway), drop, "mseft_waiting_list.csv")

    assert load_drop(drop, db_path).ok
    snapshot_run(db_path, target, first=False)

    con = duckdb.connect(str(db_path), read_only=True)
    try:
        versions = con.execute(f"""
            select tenure, dbt_valid_to is null as is_current
            from {SNAPSHOTS}.snap_ecc_asc__demographics
            where asc_person_pseudonym = ? order by dbt_valid_from""", [person]).fetchall()
        assert versions == [(old_tenure, False), (new_tenure, True)]
        n_rows = int(kept.sum())
        assert count(con, f"select count(*) from {SNAPSHOTS}.snap_ecc_asc__demographics") == n_rows + 1
        assert count(con, f"""select count(*) from {SNAPSHOTS}.snap_ecc_asc__demographics
                              where dbt_valid_to is null""") == n_rows
        # downstream of staging, the rectified value has replaced the old one
        assert con.execute(f"""select tenure from {STAGING}.stg_ecc_asc__demographics
                               where asc_person_pseudonym = ?""", [person]).fetchall() == [(new_tenure,)]

        def pathway(row):
            return con.execute(f"""
                select postcode, dbt_valid_to is null as is_current
                from {SNAPSHOTS}.snap_mseft__waiting_list
                where nhs_number_pseudonym = ? and specialty = ?
                  and clock_start_date = strptime(?, '%d/%m/%Y')::date
                order by dbt_valid_from""",
                [row["NhsNumber"].strip().upper(), row["Specialty JH"].strip(),
                 row["Clock Start Date"].strip()]).fetchall()

        history = pathway(rectified)
        assert [is_current for _, is_current in history] == [False, True]
        assert history[-1][0] == new_postcode
        assert [is_current for _, is_current in pathway(gone)] == [False]
        assert count(con, f"""select count(*) from {SNAPSHOTS}.snap_mseft__waiting_list
                              where dbt_valid_to is null""") == int(waiting_kept.sum()) - 1
    finally:
        con.close()


def test_warn_level_failures_are_the_planted_defects(small_warehouse, small_manifest):
    """Every warn-level test that fails on the small drop fails because of a planted
    defect, with exactly the planted number of rows; nothing else warns or errors. The
    classification is the one `hi run` prints (python_helpers.summary)."""
    from python_helpers.build import BUILD_RESULTS
    from python_helpers.summary import classify_findings
    from python_helpers.synth.defects import WARNING_TESTS

    results = json.loads((small_warehouse["target"] / BUILD_RESULTS).read_text())
    expected, new = classify_findings(results, small_manifest)
    assert new == [], "warnings or failures that no planted defect explains"
    names = {f.name for f in expected}
    assert set(WARNING_TESTS) <= names, "a planted defect that no test caught"
    assert {n for n in names if n.startswith("source_conforms_to_registry")} == {
        f"source_conforms_to_registry_mseft_{feed}_"
        for feed in ("ae_attendances", "inpatient_spells", "waiting_list")}
    # without the manifest (a partner drop) the same warnings are all findings to read
    assert len(classify_findings(results, None)[1]) == len(expected)
