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
