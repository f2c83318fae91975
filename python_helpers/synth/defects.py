"""Choosing the rows that carry the planted row-level defects."""
from __future__ import annotations

import numpy as np

from python_helpers.synth.activity import Rows, first_rows
from python_helpers.synth.config import planted_count
from python_helpers.synth.people import PC_VALID, People


def eligible_rows(people: People, rows: Rows, objector: np.ndarray) -> np.ndarray:
    """Rows that may carry a defect: not a person's first row in the feed (so a pipeline
    that quarantines the row still has the person), not an objector's row (so the rows
    removed for objections and the defect counts never overlap), and only of people whose
    postcode and sex are otherwise recorded (so person-level conditions stay clean)."""
    p = rows.person
    normal = (people.pc_status[p] == PC_VALID) & ~people.unknown_sex[p]
    return ~first_rows(p) & normal & ~objector[p]


def plant(rng, rows: Rows, rates: dict[str, float], eligible: np.ndarray) -> dict[str, int]:
    """Give each defect exactly planted_count(rate, rows) distinct eligible rows."""
    counts = {name: planted_count(rate, len(rows)) for name, rate in rates.items()}
    pool = rng.permutation(np.flatnonzero(eligible))
    if sum(counts.values()) > len(pool):
        raise ValueError(f"only {len(pool)} rows can carry defects, {sum(counts.values())} wanted: "
                         "the drop is too small for the planted rates")
    start = 0
    for name, k in counts.items():
        rows.defect[pool[start:start + k]] = name
        start += k
    return counts


# The warn-level data tests that a planted row-level defect trips, with the (feed, defect)
# that explains them: a synthetic drop's run warns on exactly these, with the planted
# number of rows (`exact`), or at most that number where the defect is planted in two
# columns and the test reads one (`at_most`). python_helpers.summary reads this to tell
# expected warnings from new ones.
WARNING_TESTS = {
    "stg_mseft__ae_attendances_departure_not_before_arrival":
        ("ae_attendances", "departure_before_arrival", "exact"),
    # a departure before arrival is also a negative time in the department
    "in_range_stg_mseft__ae_attendances_minutes_in_department__total_time_in_department":
        ("ae_attendances", "departure_before_arrival", "exact"),
    "not_null_stg_mseft__ae_attendances_arrived_at":
        ("ae_attendances", "invalid_arrival_datetime", "exact"),
    "in_range_stg_mseft__ae_attendances_age_years__attendance_age":
        ("ae_attendances", "age_over_120", "exact"),
    "in_range_stg_mseft__inpatient_spells_age_years__age_on_admission":
        ("inpatient_spells", "age_over_120", "exact"),
    "in_range_stg_mseft__inpatient_spells_length_of_stay_days__spell_total_los":
        ("inpatient_spells", "negative_los", "exact"),
    "stg_mseft__inpatient_spells_discharge_not_before_admission":
        ("inpatient_spells", "discharge_before_admission", "exact"),
    # the admission date is one of two places an impossible date is planted
    "not_null_stg_mseft__inpatient_spells_admitted_at":
        ("inpatient_spells", "impossible_date", "at_most"),
    "in_range_stg_mseft__waiting_list_age_years__age":
        ("waiting_list", "age_over_120", "exact"),
}
# A feed with planted row-level defects also fails its source conformance test.
CONFORMANCE_TEST = "source_conforms_to_registry_mseft_{feed}_"
