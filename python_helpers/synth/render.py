"""Turning true values into what an extract shows: defects, variation and text encodings."""
from __future__ import annotations

import numpy as np

from python_helpers.synth import calendar as cal
from python_helpers.synth.config import VARIATION
from python_helpers.synth.people import PC_VALID, People
from python_helpers.synth.pseudo import vary
from python_helpers.synth.vec import text_lower, text_replace
from python_helpers.value_rules import value_range

AGE_RANGE = value_range("age_years")

# Days that do not exist, as keyed into a date field.
IMPOSSIBLE_DAYS = np.array(["31/02", "30/02", "29/02", "31/04", "31/06", "31/09", "31/11"], dtype=object)
# A placeholder some systems export for "no date".
NULL_DATETIME = "00/00/0000 00:00"


def impossible_dates(rng, days: np.ndarray) -> np.ndarray:
    """dd/mm/yyyy strings that look right but name a day that does not exist (29/02 only in
    years that are not leap years)."""
    year, _, _ = cal.ymd(days)
    year = np.where(year % 4 == 0, year + 1, year)  # keep 29/02 impossible
    return rng.choice(IMPOSSIBLE_DAYS, len(days)) + "/" + year.astype(str).astype(object)


def impossible_datetimes(rng, minutes: np.ndarray) -> np.ndarray:
    return impossible_dates(rng, minutes // cal.MINUTES_PER_DAY) + cal.fmt_time(minutes)


def sex_text(rng, people: People, person: np.ndarray, unknown_rows: np.ndarray,
             male: str, female: str, unknown: str) -> np.ndarray:
    """The feed's sex encoding; rows of people whose sex is never recorded and the planted
    rows show `unknown` or a blank."""
    out = np.where(people.sex[person] == "M", male, female).astype(object)
    unknown_rows = unknown_rows | people.unknown_sex[person]
    blank = rng.random(len(person)) < 0.3
    return np.where(unknown_rows, np.where(blank, "", unknown), out).astype(object)


def postcode_text(rng, people: People, person: np.ndarray, missing_rows: np.ndarray,
                  eligible_for_variants: np.ndarray) -> tuple[np.ndarray, dict]:
    """The person's postcode as recorded; planted blanks; and the harmless format variants
    (no space, lower case) a pipeline must normalise, only on later rows of people with a
    matched postcode."""
    out = people.postcode[person].copy()
    out[missing_rows] = ""
    eligible = eligible_for_variants & (people.pc_status[person] == PC_VALID) & ~missing_rows
    idx = rng.permutation(np.flatnonzero(eligible))
    n_nospace = min(len(idx), int(round(VARIATION["postcode_no_space"] * len(person))))
    n_lower = min(len(idx) - n_nospace, int(round(VARIATION["postcode_lower"] * len(person))))
    nospace, lower = idx[:n_nospace], idx[n_nospace:n_nospace + n_lower]
    out[nospace] = text_replace(out[nospace], " ", "")
    out[lower] = text_lower(out[lower])
    return out, {"postcode_without_space_rows": int(n_nospace), "postcode_lower_case_rows": int(n_lower)}


def pseudonym_text(rng, canonical: np.ndarray, eligible: np.ndarray | None = None) -> tuple[np.ndarray, dict]:
    out, kind = vary(rng, canonical, VARIATION["pseudonym_lower"], VARIATION["pseudonym_space"], eligible)
    return out, {"pseudonym_lower_case_rows": int((kind == 1).sum()),
                 "pseudonym_padded_rows": int((kind == 2).sum())}


def age_text(rng, age: np.ndarray, over_120_rows: np.ndarray) -> np.ndarray:
    """Ages as text; the planted rows get an age 1 to 15 years above the registry's
    maximum (the range age_years of dbt_project.yml: 120)."""
    top = int(AGE_RANGE[1])
    shown = np.where(over_120_rows, rng.integers(top + 1, top + 16, len(age)), age)
    return cal.fmt_int(shown)
