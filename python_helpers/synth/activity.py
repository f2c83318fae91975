"""Shared machinery of the activity feeds: who uses a service how often, and when."""
from __future__ import annotations

import numpy as np

from dataclasses import dataclass, field

from python_helpers.synth import calendar as cal
from python_helpers.synth.people import People

# Relative use of each service by age band (0-17 ... 85+) and by IMD quintile (1 = most
# deprived): A&E is used most by the very young, the old and the deprived; planned care
# rises with age.
AGE_WEIGHT = {
    "ae": np.array([1.1, 1.2, 1.0, 0.9, 0.9, 0.95, 1.2, 1.9, 2.8]),
    "ip": np.array([0.35, 0.45, 0.6, 0.65, 0.8, 1.1, 1.8, 2.5, 3.0]),
    "wl": np.array([0.3, 0.5, 0.6, 0.75, 1.0, 1.3, 1.7, 1.6, 1.0]),
}
DEPRIVATION_WEIGHT = {
    "ae": np.array([1.2, 1.5, 1.3, 1.15, 1.05, 1.0]),  # index 0: outside the area
    "ip": np.array([1.1, 1.2, 1.15, 1.1, 1.05, 1.0]),
    "wl": np.array([1.0, 1.1, 1.08, 1.05, 1.02, 1.0]),
}
# A&E arrivals by hour of the day.
ARRIVAL_HOURS = np.array([2, 1.5, 1.2, 1, 1, 1, 1.5, 2.5, 4, 5.5, 6, 6, 5.8, 5.6, 5.4, 5.3, 5.3,
                          5.2, 5, 4.6, 4.2, 3.6, 3, 2.5])


@dataclass
class Rows:
    """One feed's rows before rendering: the person of each row, true values, and the
    planted defect of each row ('' for none)."""
    person: np.ndarray
    v: dict[str, np.ndarray]
    defect: np.ndarray = field(default=None)

    def __post_init__(self):
        if self.defect is None:
            self.defect = np.full(len(self.person), "", dtype=object)

    def __len__(self) -> int:
        return len(self.person)

    def keep(self, mask: np.ndarray) -> "Rows":
        return Rows(self.person[mask], {k: a[mask] for k, a in self.v.items()}, self.defect[mask])

    def has(self, defect: str) -> np.ndarray:
        return self.defect == defect


def service_weight(people: People, service: str) -> np.ndarray:
    return (AGE_WEIGHT[service][people.band] * DEPRIVATION_WEIGHT[service][people.imd_quintile]
            * people.frailty)


def rows_per_person(rng, weight: np.ndarray, target: int) -> np.ndarray:
    """Person index of each row: each person gets Poisson(target * share of weight) rows."""
    counts = rng.poisson(target * weight / weight.sum())
    return np.repeat(np.arange(len(weight)), counts)


def event_days(rng, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """A day drawn uniformly from [lower, upper] for each row."""
    span = np.maximum(upper - lower, 0) + 1
    return lower + np.floor(rng.random(len(lower)) * span).astype("int64")


def arrival_minutes(rng, days: np.ndarray) -> np.ndarray:
    hours = rng.choice(24, len(days), p=ARRIVAL_HOURS / ARRIVAL_HOURS.sum())
    return days * cal.MINUTES_PER_DAY + hours * 60 + rng.integers(0, 60, len(days))


def pick(rng, table, n: int) -> np.ndarray:
    """n draws from a {value: weight} table (or a uniform draw from a sequence)."""
    if isinstance(table, dict):
        values = np.array(list(table), dtype=object)
        weights = np.array(list(table.values()), dtype="float64")
        return rng.choice(values, n, p=weights / weights.sum())
    return rng.choice(np.array(table, dtype=object), n)


def first_rows(person: np.ndarray) -> np.ndarray:
    """True on the first row of each person: the row that never carries a planted defect."""
    mask = np.zeros(len(person), dtype=bool)
    mask[np.unique(person, return_index=True)[1]] = True
    return mask


def flag_text(rng, values: np.ndarray, variant_rate: float) -> tuple[np.ndarray, int]:
    """Y / N, with a few y / Yes / n / No as keyed by hand. Returns the text and how many
    rows got a variant spelling."""
    out = np.where(values, "Y", "N").astype(object)
    varied = rng.random(len(values)) < variant_rate
    yes = np.array(["y", "Yes", "YES"], dtype=object)[rng.integers(0, 3, len(values))]
    no = np.array(["n", "No", "NO"], dtype=object)[rng.integers(0, 3, len(values))]
    out = np.where(varied, np.where(values, yes, no), out).astype(object)
    return out, int(varied.sum())


def join_codes(matrix: list[np.ndarray], sep: str = ",") -> np.ndarray:
    """Join non-blank codes column by column (vectorised over rows)."""
    out = matrix[0].copy()
    for col in matrix[1:]:
        out = np.where(col != "", out + sep + col, out).astype(object)
    return out
