"""Issue 11: the national outcome definitions.

- 30-day emergency readmission (NHS Digital I02040): the generator plants emergency
  readmissions after index spells the indicator leaves out (maternity, cancer, regular
  day or night attenders, day cases); the truth manifest recomputes the indicator in
  Python. The core fact must mark exactly those exclusions and find exactly the index
  spells and readmissions; rq4 must publish the truth after disclosure control.
- A&E four-hour measure: planned follow-up attendances (category 4) are left out, as in
  NHS England's monthly A&E statistics.
The edge cases themselves are dbt unit tests (models/marts/core/_core__unit_tests.yml).
"""
from __future__ import annotations

import math

import pytest

from test_marts import as_published, published, read_mart


@pytest.fixture(scope="module")
def warehouse(small_warehouse_con):
    return small_warehouse_con


def _published_pct(events: int, base: int):
    b, e = published(base), published(events)
    return None if b in (None, 0) or e is None else 100.0 * e / b


def check_rq4_outcome(warehouse, truth: dict, outcome: str, percentage: bool = True) -> int:
    rows = read_mart(warehouse, "rq4_outcome_variation").set_index(["outcome", "dimension", "category"])
    compared = 0
    for dimension in ("sex", "imd_quintile"):
        for category, counts in truth[f"by_{dimension}"].items():
            row = rows.loc[(outcome, dimension, category)]
            assert as_published(row.base) == published(counts["base"]), (outcome, dimension, category)
            if percentage:
                expected = _published_pct(counts["events"], counts["base"])
                value = None if math.isnan(row.value) else row.value
                assert value == pytest.approx(expected) if expected is not None else value is None
                compared += expected is not None
    return compared


def check_readmissions(spells, manifest: dict) -> None:
    truth = manifest["outcome_definitions"]["readmission_indicator"]
    assert int(spells.is_readmission_index_spell.sum()) == truth["index_spells"]
    assert int(spells.has_emergency_readmission_30d.fillna(False).astype(bool).sum()) == truth["readmitted_30d"]
    for reason in truth["exclusions"]:
        excluded = spells[spells.readmission_index_exclusion == reason]
        would_count = int((excluded.days_to_next_emergency_admission <= 29).sum())
        assert len(excluded) == truth["excluded_index_spells"][reason], reason
        assert would_count == truth["excluded_with_readmission_30d"][reason], reason
        assert excluded.has_emergency_readmission_30d.isna().all()
    planted = truth["planted_readmissions_after_excluded_index_spells"]
    assert set(planted) == {"maternity", "cancer", "regular_day_or_night_attender", "day_case"}
    for reason, n in planted.items():
        assert truth["excluded_with_readmission_30d"][reason] >= n > 0, reason


def test_readmission_index_spells_and_exclusions_are_the_truth(warehouse, small_manifest):
    check_readmissions(read_mart(warehouse, "fct_inpatient_spells"), small_manifest)


def test_rq4_readmission_percentage_is_the_truth_after_disclosure_control(warehouse, small_manifest):
    truth = small_manifest["outcome_definitions"]["readmission_indicator"]
    assert check_rq4_outcome(warehouse, truth, "ip_emergency_readmission_30d_pct") > 0


def test_planned_follow_ups_are_left_out_of_the_four_hour_measure(warehouse, small_manifest):
    truth = small_manifest["outcome_definitions"]["ae_four_hour_measure"]
    attendances = read_mart(warehouse, "fct_ae_attendances")
    follow_ups = attendances[attendances.is_planned_follow_up]
    assert int(follow_ups.has_valid_times.sum()) == truth["planned_follow_ups"] > 0
    assert follow_ups.is_over_4_hours.isna().all() and not follow_ups.is_counted_attendance.any()
    counted = attendances[attendances.is_counted_attendance & attendances.has_valid_times]
    assert len(counted) == truth["attendances"]
    assert int(counted.is_over_4_hours.astype(bool).sum()) == truth["over_4_hours"]
    assert check_rq4_outcome(warehouse, truth, "ae_over_4_hours_pct") > 0
    # the time in the department is measured on the same attendances
    check_rq4_outcome(warehouse, truth, "ae_minutes_in_department_median", percentage=False)


def test_the_time_in_department_median_counts_the_same_attendances(warehouse, small_manifest):
    """One A&E attendance definition for every outcome: the median time in the department
    (fct_outcome_events) leaves planned follow-ups out, as the four-hour measure does."""
    truth = small_manifest["outcome_definitions"]["ae_four_hour_measure"]
    check_rq4_outcome(warehouse, truth, "ae_minutes_in_department_median", percentage=False)
    events = read_mart(warehouse, "fct_outcome_events")
    median = events[events.outcome == "ae_minutes_in_department_median"]
    four_hours = events[events.outcome == "ae_over_4_hours_pct"]
    assert set(median.event_id) == set(four_hours.event_id)
    assert len(median) == sum(c["base"] for c in truth["by_sex"].values()) > 0

