"""Issue 11: people on both lists (rq2_multiple_disadvantage), and the needs the assessments
feed records (rq2_social_care_needs).

The generator plants who is awaiting a social care assessment and whose review is overdue
at the reference date (python_helpers/synth/social_care_waits.py); the truth manifest
counts the ECC-resident waiting-list patients with each wait, per category, with the
median of their longest hospital waits. The mart must report exactly those counts after
disclosure control, and the medians wherever they are published; the assessments and
reviews files must show the planted waits by the documented rules.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from test_marts import THRESHOLD, as_published, published, read_mart

WAITS = ["awaiting_assessment", "review_overdue", "either"]
DIMENSIONS = {"all", "sex", "age_band", "ethnic_group", "imd_decile", "imd_quintile",
              "local_authority", "vulnerable_group", "primary_support_reason"}
REFERENCE = pd.Timestamp("2022-03-31")
CLOSING = {"COMPLETED", "COMPLETE", "CLOSED", "CANCELLED", "WITHDRAWN", "ABANDONED",
           "NO FURTHER ACTION"}


@pytest.fixture(scope="module")
def warehouse(small_warehouse_con):
    return small_warehouse_con


@pytest.fixture(scope="module")
def mart(warehouse) -> pd.DataFrame:
    return read_mart(warehouse, "rq2_multiple_disadvantage").set_index(
        ["dimension", "category", "social_care_wait"])


def published_median(value, base: int):
    """What the mart may show for a median over `base` people."""
    return None if base == 0 or base <= THRESHOLD else value


def shown(value):
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def check_counts_and_medians(mart: pd.DataFrame, manifest: dict) -> int:
    """Every count of the mart is the manifest's after disclosure control, and every
    median the mart may publish is the manifest's; returns how many medians it showed."""
    truth = manifest["research_questions"]["rq2_multiple_disadvantage"]["by_dimension"]
    assert set(truth) == DIMENSIONS
    checked = 0
    for dimension, categories in truth.items():
        for category, row in categories.items():
            for wait in WAITS:
                got = mart.loc[(dimension, category, wait)]
                key = (dimension, category, wait)
                assert as_published(got.waiting_list_patients) == published(row["waiting_list_patients"]), key
                assert as_published(got.patients) == published(row[wait]), key
                others = row["waiting_list_patients"] - row[wait]
                assert shown(got.median_days_waiting_hospital) == \
                    published_median(row[f"{wait}_median_days"], row[wait]), key
                assert shown(got.median_days_waiting_hospital_others) == \
                    published_median(row[f"{wait}_others_median_days"], others), key
                checked += got.median_days_waiting_hospital == got.median_days_waiting_hospital
    return checked


def test_counts_and_medians_are_the_truth_after_disclosure_control(mart, small_manifest):
    assert check_counts_and_medians(mart, small_manifest) >= 3
    everyone = small_manifest["research_questions"]["rq2_multiple_disadvantage"]["by_dimension"]["all"]["All"]
    assert all(everyone[w] > THRESHOLD for w in WAITS), "the small drop should publish every wait"


def test_every_category_is_listed(mart, small_manifest):
    truth = small_manifest["research_questions"]["rq2_multiple_disadvantage"]["by_dimension"]
    rows = mart.reset_index()
    assert set(rows.dimension) == DIMENSIONS
    assert rows.groupby(["dimension", "category"]).social_care_wait.apply(
        lambda waits: sorted(waits) == sorted(WAITS)).all()
    assert len(rows[rows.dimension == "local_authority"].category.unique()) == 12
    # a listed category the truth has no one in is published as 0
    listed = set(zip(rows.dimension, rows.category))
    known = {(d, c) for d, cats in truth.items() for c in cats}
    empty = rows[[(d, c) not in known for d, c in zip(rows.dimension, rows.category)]]
    assert (empty.waiting_list_patients == 0).all()
    assert known <= listed
    assert {"Not recorded", "Not known to social care"} <= set(
        rows.loc[rows.dimension == "primary_support_reason", "category"])


def test_percentages_are_computed_from_published_counts(mart):
    rows = mart.reset_index()
    expected = 100.0 * rows.patients.astype(float) / rows.waiting_list_patients.astype(float)
    expected = expected.where(rows.waiting_list_patients.astype(float) > 0)
    np.testing.assert_allclose(rows.pct_of_waiting.to_numpy(dtype=float), expected.to_numpy(dtype=float))


def test_social_care_waits_are_the_planted_records(warehouse, small_manifest):
    truth = small_manifest["research_questions"]["rq2_multiple_disadvantage"]
    waits = warehouse.sql('select * from "intermediate"."int_asc_waits"').df()
    assert int(waits.is_awaiting_assessment.sum()) == truth["records_awaiting_assessment_after_objections"]
    assert int(waits.has_review_overdue.sum()) == truth["records_with_review_overdue_after_objections"]
    assert (waits.is_waiting == (waits.is_awaiting_assessment | waits.has_review_overdue)).all()


def _date(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, format="%d/%m/%Y", errors="coerce")


def test_the_files_show_the_planted_waits_by_the_documented_rules(small_drop, small_manifest):
    truth = small_manifest["research_questions"]["rq2_multiple_disadvantage"]
    read = {name: pd.read_csv(small_drop / name, dtype=str, keep_default_na=False)
            for name in ("ecc_asc_assessments.csv", "ecc_asc_reviews.csv")}
    steps = read["ecc_asc_assessments.csv"]
    requested = _date(steps["Incoming Date"]).fillna(_date(steps["Date of Contact"]))
    duration = pd.to_numeric(steps["Duration"], errors="coerce")
    completed = _date(steps["Started Date"]) + pd.to_timedelta(duration, unit="D")
    closing = steps["Step Status"].str.strip().str.upper().isin(CLOSING)
    awaiting = (requested <= REFERENCE) & np.where(completed.notna(), completed > REFERENCE, ~closing)
    people = steps.loc[awaiting, "Person_ID"].str.strip().str.upper()
    assert people.nunique() == truth["records_awaiting_assessment"] > 0
    # every state of an open step is in the drop: not started, started without an end
    assert {"Incoming", "Proposed", "Started"} <= set(steps.loc[awaiting, "Step Status"])

    reviews = read["ecc_asc_reviews.csv"]
    due, last = _date(reviews["Review Due Date"]), _date(reviews["Last Review Date"])
    is_open = last.isna() | (last < due)
    overdue = is_open & ((due < REFERENCE) | (last < REFERENCE - pd.DateOffset(months=12)))
    people = reviews.loc[overdue, "PERSON_ID"].str.strip().str.upper()
    assert people.nunique() == truth["records_with_review_overdue"] > 0
    # both reasons a review is overdue are planted
    assert ((due < REFERENCE) & overdue).any() and ((due > REFERENCE) & overdue).any()


def test_assessment_needs_count_each_known_patients_latest_assessment(warehouse):
    needs = read_mart(warehouse, "rq2_social_care_needs")
    patients = read_mart(warehouse, "dim_patient")
    services = read_mart(warehouse, "dim_patient_services")
    bridge = warehouse.sql('select * from "intermediate"."int_person_bridge"').df()
    latest = warehouse.sql('select * from "intermediate"."int_asc_assessments_at_reference_date" '
                           "where is_latest_completed").df()
    known = patients[patients.is_ecc_resident & (patients.asc_status == "current")].nhs_number_pseudonym
    outcomes = bridge.merge(latest, on="asc_person_pseudonym")
    outcomes = outcomes[outcomes.nhs_number_pseudonym.isin(known)]
    for need_type, column in (("assessed_needs", "identified_needs"),
                              ("assessment_eligibility", "eligibility_outcome")):
        per = outcomes.assign(category=outcomes[column].fillna("Not recorded"))[
            ["nhs_number_pseudonym", "category"]].drop_duplicates()
        per = per.merge(services, on="nhs_number_pseudonym")
        counted = per.groupby(["service", "category"]).size()
        rows = needs[needs.need_type == need_type].set_index(["service", "category"]).patients
        for (service, category), n in counted.items():
            assert as_published(rows.loc[(service, category)]) == published(int(n)), (need_type, category)
        none = rows.xs("No completed assessment", level="category")
        with_any = per.groupby("service").nhs_number_pseudonym.nunique()
        for service, n in services[services.nhs_number_pseudonym.isin(known)].groupby("service").size().items():
            assert as_published(none.loc[service]) == published(int(n - with_any.get(service, 0)))
    assert set(needs.need_type) >= {"assessed_needs", "assessment_eligibility"}
