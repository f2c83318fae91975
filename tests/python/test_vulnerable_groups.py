"""Issue 11: one vulnerable-group definition that joins what the hospital records (the
no-fixed-abode postcode ZZ99 3VZ, learning disability F70-F79 and autism F84 on inpatient
spells) with the social care flags, read by every mart.

The generator plants the hospital evidence (python_helpers/synth/vulnerability.py) and
the truth manifest counts each group per service; the marts must report exactly those
counts after disclosure control, and the files must hold what the manifest says.
"""
from __future__ import annotations

import pandas as pd
import pytest

from test_marts import SERVICES, as_published, published, read_mart

GROUPS = ["known_to_social_care", "learning_disability", "autism", "dementia",
          "sensory_impairment", "interpreter_required", "no_fixed_abode", "core20"]
IP = "mseft_inpatient_spells.csv"
HOSPITAL = {"mseft_ae_attendances.csv": ("NHS_NUMBER", "POSTCODE"),
            IP: ("NHS_NUMBER", "POSTCODE_OF_USUAL_ADDRESS"),
            "mseft_waiting_list.csv": ("NhsNumber", "Postcode")}


@pytest.fixture(scope="module")
def warehouse(small_warehouse_con):
    return small_warehouse_con


def _csv(drop, name: str) -> pd.DataFrame:
    return pd.read_csv(drop / name, dtype=str, keep_default_na=False, encoding="utf-8")


def _norm(values: pd.Series) -> pd.Series:
    return values.str.strip().str.upper()


def test_rq1_vulnerable_groups_are_the_truth_after_disclosure_control(warehouse, small_manifest):
    mart = read_mart(warehouse, "rq1_patient_demographics")
    rows = mart[mart.dimension == "vulnerable_group"]
    got = {(r.service, r.category): as_published(r.patients) for r in rows.itertuples()}
    truth = small_manifest["vulnerable_groups"]["rq1"]
    expected = {(s, g): published(truth[s][g]) for s in SERVICES for g in GROUPS}
    assert got == expected
    # the hospital-recorded groups are big enough in the small drop to be published
    for group in ("no_fixed_abode", "learning_disability", "autism"):
        assert expected[("any", group)], group


def test_the_category_list_is_the_documented_definition(warehouse, small_manifest):
    categories = read_mart(warehouse, "dim_breakdown_categories")
    listed = categories[categories.dimension == "vulnerable_group"].sort_values("category_order")
    assert list(listed.category) == GROUPS == small_manifest["vulnerable_groups"]["categories"]


def test_hospital_and_social_care_evidence_are_joined(warehouse, small_manifest):
    groups = warehouse.sql('select * from "intermediate"."int_patient_vulnerable_groups"').df()
    evidence = small_manifest["vulnerable_groups"]["evidence"]
    for group in ("learning_disability", "autism"):
        hospital = groups[f"has_{group}_diagnosis"]
        social = groups[f"has_{group}_social_care_record"]
        assert (groups[f"has_{group}"] == (hospital | social)).all()
        counted = {"hospital_only": int((hospital & ~social).sum()),
                   "social_care_only": int((~hospital & social).sum()),
                   "both": int((hospital & social).sum())}
        assert counted == evidence[group], group
    # the generator plants learning disability diagnoses on people with social care's Learning
    # Disability Support, so each kind of evidence is in the drop; autism's social care evidence
    # is a health condition the renderer draws later, so its overlap is left to chance
    ld = evidence["learning_disability"]
    assert all(ld.values()), "learning disability: each kind of evidence should be in the drop"
    assert evidence["autism"]["hospital_only"] > 0


def test_every_mart_reads_the_one_definition(warehouse):
    patients = read_mart(warehouse, "dim_patient").set_index("nhs_number_pseudonym")
    groups = warehouse.sql('select * from "intermediate"."int_patient_vulnerable_groups"').df()
    breakdowns = read_mart(warehouse, "dim_patient_breakdowns")
    members = breakdowns[breakdowns.dimension == "vulnerable_group"]
    flags = {"known_to_social_care": "is_known_to_social_care", "core20": "is_core20",
             "no_fixed_abode": "has_no_fixed_abode", "interpreter_required": "is_interpreter_required"}
    for group in GROUPS:
        flag = flags.get(group, f"has_{group}")
        expected = set(groups.loc[groups[flag], "nhs_number_pseudonym"])
        assert set(members.loc[members.category == group, "nhs_number_pseudonym"]) == expected, group
        assert set(patients.index[patients[flag]]) == expected, group
    # rq4 compares each group with all other patients: the group rows are there for every outcome
    outcomes = read_mart(warehouse, "rq4_outcome_variation")
    rows = outcomes[outcomes.dimension == "vulnerable_group"]
    assert set(zip(rows.outcome, rows.category)) == {(o, g) for o in set(outcomes.outcome) for g in GROUPS}
    # the social care cohorts use the groups social care records alone can show
    cohorts = set(read_mart(warehouse, "rq3_cohort_prevalence").cohort)
    shown = {c.split(": ", 1)[1] for c in cohorts if c.startswith("vulnerable_group: ")}
    assert shown == set(GROUPS) - {"known_to_social_care", "no_fixed_abode"}


def test_no_fixed_abode_is_its_own_postcode_status(warehouse, small_manifest):
    patients = read_mart(warehouse, "dim_patient")
    planted = small_manifest["vulnerable_groups"]["planted"]["people"]["no_fixed_abode"]
    nfa = patients[patients.postcode_status == "no_fixed_abode"]
    assert len(nfa) == planted == small_manifest["postcodes"]["after_objections"]["no_fixed_abode"]
    assert nfa.has_no_fixed_abode.all() and nfa.imd_quintile.isna().all()
    assert patients.loc[patients.postcode_status == "unmatched", "has_no_fixed_abode"].sum() == 0


def test_the_files_hold_the_planted_hospital_evidence(small_drop, small_manifest):
    objectors = set(_norm(_csv(small_drop, "objections.csv")["NHS_NUMBER"]))
    no_fixed_abode = set()
    for name, (nhs, postcode) in HOSPITAL.items():
        rows = _csv(small_drop, name)
        compact = rows[postcode].str.upper().str.replace(" ", "", regex=False)
        no_fixed_abode |= set(_norm(rows.loc[compact == "ZZ993VZ", nhs]))
    planted = small_manifest["vulnerable_groups"]["planted"]["people"]
    assert len(no_fixed_abode) == planted["no_fixed_abode"] and not no_fixed_abode & objectors

    spells = _csv(small_drop, IP)
    codes = spells[[f"DIAGNOSIS_CODE_{j:02d}" for j in range(1, 13)]]
    category = codes.apply(lambda c: c.str[:3])
    for group, match in (("learning_disability", category.isin([f"F7{d}" for d in range(10)])),
                         ("autism", category == "F84")):
        people = set(_norm(spells.loc[match.any(axis=1), "NHS_NUMBER"]))
        assert len(people) == planted[group] and not people & objectors, group
