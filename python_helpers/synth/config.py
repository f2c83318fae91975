"""What the generator plants: volumes per scale, defect rates, effects and fixed facts.

Every number a test or the truth manifest relies on lives here, so that the manifest can
quote the planted value beside the exact count the generator produced.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass, replace
from datetime import date

import numpy as np

from python_helpers import settings

# The waiting list is a snapshot at this date; "current" social care status is judged at it
# (dbt var reference_date, read from dbt_project.yml). Activity covers the financial
# year(s) ending on it.
REFERENCE_DATE: date = settings.REFERENCE_DATE

# One fixed key for the keyed hash on both sides (hospital and council), as the protocol's
# shared pseudonymisation would use. Synthetic: it protects nothing and is not a secret.
PSEUDONYM_KEY = b"mse-health-inequalities/synthetic-pseudonymisation-key/v1"
PSEUDONYM_KEY_ID = "synthetic-v1"

# Age bands of the research-question marts (lower bounds) and their labels.
AGE_BAND_LOWER = np.array([0, 18, 25, 35, 45, 55, 65, 75, 85])
AGE_BAND_LABELS = ["0-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75-84", "85+"]

# ECC is the social care authority for these 12 districts only.
ECC_DISTRICTS = tuple(f"E070000{n}" for n in range(66, 78))
UNITARY = ("E06000033", "E06000034")  # Southend-on-Sea, Thurrock

# RQ3: who among the residents might use the Trust. The pool of residents is drawn from the
# mid-2020 population by LSOA, five-year age band and sex, each LSOA weighted by the Trust's
# share of its MSOA's admitted patients (OHID catchment data, seeds/reference), by a
# deprivation gradient within the catchment, and one ward by a planted excess.
PATIENT_RATE = {
    # relative patient rate by IMD 2019 decile (1 = most deprived), on top of age and sex
    "multiplier_by_imd_decile": {d: round(1.30 - 0.30 * (d - 1) / 9, 4) for d in range(1, 11)},
    # one ward (chosen by rule, see catchment.planted_ward) at this multiple of its rate
    "ward_multiplier": 1.3,
    # the rule: the ward of largest catchment population among those whose every LSOA has a
    # catchment share of at least this, and whose residents' mean IMD decile is 5 to 6
    "ward_min_catchment_share": 0.8,
    "ward_mean_imd_decile": (5.0, 6.0),
}


@dataclass(frozen=True)
class Volumes:
    """Target volumes of one drop. Row counts are Poisson draws around these targets."""
    pool: int            # residents who might use the hospital
    ae_rows: int         # A&E attendances
    ip_spells: int       # inpatient spells (those admitted through A&E included)
    wl_pathways: int     # waiting-list pathways at the snapshot
    sc_records: int      # social care case records (Mosaic person IDs), exact
    objectors: int       # people on objections.csv, exact

    def scaled(self, factor: float) -> "Volumes":
        return replace(self, **{k: max(1, int(round(getattr(self, k) * factor)))
                                for k in self.__dataclass_fields__})


SCALES = {
    # about 2,000 hospital patients: for tests, runs in seconds
    "small": Volumes(pool=4_900, ae_rows=2_000, ip_spells=1_000, wl_pathways=850,
                     sc_records=300, objectors=12),
    # one year of MSEFT activity
    "trust": Volumes(pool=975_000, ae_rows=400_000, ip_spells=200_000, wl_pathways=170_000,
                     sc_records=30_000, objectors=1_200),
}

# Smallest number of rows a planted defect gets, so that a small drop still has each one.
MIN_DEFECT_ROWS = 3

# Row-level defects: share of the feed's rows. Each row carries at most one; they only fall
# on a person's second and later rows in that feed, never on objectors, so that a pipeline
# that quarantines such rows still sees every person with at least one clean row.
ROW_DEFECTS = {
    "ae_attendances": {
        "invalid_arrival_datetime": 0.0015,   # 00/00/0000 00:00 or 31/02/2022 10:15
        "departure_before_arrival": 0.003,
        "unknown_sex": 0.005,                 # U or blank
        "missing_postcode": 0.01,
        "age_over_120": 0.0005,
    },
    "inpatient_spells": {
        "negative_los": 0.002,                # SPELL_TOTAL_LOS < 0, dates in order
        "discharge_before_admission": 0.002,  # discharge keyed with last year's year
        "impossible_date": 0.0015,            # e.g. 31/02/2022 in admission or discharge
        "unknown_sex": 0.003,                 # Unknown or blank
        "missing_postcode": 0.005,
        "age_over_120": 0.0005,
    },
    "waiting_list": {
        "impossible_date": 0.001,             # in Appointment Date
        "unknown_sex": 0.005,
        "missing_postcode": 0.005,
        "age_over_120": 0.0005,
    },
}

# Person-level conditions: share of the pool. Such a person shows it on every hospital row.
PERSON_DEFECTS = {
    "unknown_sex": 0.003,         # sex U / Unknown / blank on every hospital row
    "missing_postcode": 0.005,    # postcode blank on every hospital row
    "invalid_postcode": 0.003,    # not a postcode at all (e.g. CM1, UNKNOWN)
    "unmatched_postcode": 0.02,   # a valid postcode outside the area: not in the lookup
}

# Realistic variation that a correct pipeline normalises away (not defects).
VARIATION = {
    "pseudonym_lower": 0.03,       # lower-case hex
    "pseudonym_space": 0.02,       # leading or trailing spaces
    "postcode_no_space": 0.02,     # CM11AA, on a person's later rows only
    "postcode_lower": 0.01,        # cm1 1aa, on a person's later rows only
    "flag_variant": 0.01,          # y, Yes, n, No instead of Y / N
}

# Social care: the linkage structure.
SOCIAL_CARE = {
    "hospital_overlap": 0.55,      # share of social care individuals who are MSEFT patients
    "missing_nhs_id": 0.05,        # share of individuals whose record has no NHS ID
    "duplicate_record": 0.02,      # share of individuals (with NHS ID) with a second record
    "objectors_in_social_care": 0.25,  # share of objectors chosen among linked individuals
    "current": 0.55,               # share of living records with something open at the date
    "extra_deaths": 0.03,          # share of non-patient individuals who died in the period
}

# Planted effects. Multipliers are relative to IMD quintile 5 (least deprived).
EFFECTS = {
    # Waits are longer in deprived areas mostly because their referrals are more often
    # routine: the referral priority mix differs by IMD quintile. Within a priority the
    # wait of IMD quintile 1 is 1.17 times quintile 5's (issue 11: a deprivation effect
    # smaller than the crude one, so adjusting for treatment function x priority shrinks
    # the gradient to 1.17 without removing it); quintiles 2 to 4 wait as quintile 5
    # within a priority. The routine shares and the multiplier put each quintile's median
    # whole weeks (13, 10, 9, 9, 8) well inside a week, not on the edge between two, so
    # that the medians are stable.
    "wl_priority_mix_by_imd_quintile": {
        q: {"Routine": r, "Urgent": round((1 - r) * 0.65, 4), "Two Week Wait": round((1 - r) * 0.35, 4)}
        for q, r in zip(range(0, 6), (0.78, 0.89, 0.81, 0.74, 0.70, 0.655))},  # 0: outside the area
    "wl_weeks_mean_by_priority": {"Routine": 18.0, "Urgent": 8.0, "Two Week Wait": 2.0},
    "wl_weeks_multiplier_within_priority_by_imd_quintile": {0: 1.0, 1: 1.17, 2: 1.0, 3: 1.0, 4: 1.0, 5: 1.0},
    "wl_weeks_gamma_shape": 1.1,
    "ae_over_4h_share_by_imd_quintile": {1: 0.34, 2: 0.31, 3: 0.28, 4: 0.26, 5: 0.24},
    "ae_over_4h_share_unknown_imd": 0.28,
    # emergency spells: mean length of stay (days) by age band, rising with age ...
    "ip_emergency_los_mean_by_age_band": dict(zip(
        AGE_BAND_LABELS, [1.5, 2.0, 2.5, 3.0, 3.8, 4.8, 6.0, 8.0, 10.0])),
    # ... and 1.10 times as long in IMD quintile 1 on top of age (0: outside the area)
    "ip_emergency_los_multiplier_by_imd_quintile": {0: 1.0, 1: 1.10, 2: 1.0, 3: 1.0, 4: 1.0, 5: 1.0},
    # probability of dying in an emergency spell, by age band (nothing else: so after
    # adjusting for age, sex and admission method no other category differs)
    "ip_death_probability_by_age_band": dict(zip(
        AGE_BAND_LABELS, [0.001, 0.002, 0.003, 0.005, 0.01, 0.02, 0.04, 0.08, 0.14])),
}


def scale_volumes(scale: str, years: float | None, multiplier: float | None) -> Volumes:
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}: expected one of {sorted(SCALES)}")
    factor = 1.0
    for name, value in (("years", years), ("multiplier", multiplier)):
        if value is not None:
            if not value > 0:
                raise ValueError(f"--{name} must be a positive number, got {value}")
            factor *= value
    return SCALES[scale].scaled(factor)


def rng_for(seed: int, part: str) -> np.random.Generator:
    """An independent random stream per part of the drop: changing one feed's draws does
    not shift every other feed."""
    return np.random.default_rng([int(seed), zlib.crc32(part.encode("utf-8"))])


def planted_count(rate: float, n_rows: int) -> int:
    if rate <= 0 or n_rows == 0:
        return 0
    return max(MIN_DEFECT_ROWS, int(round(rate * n_rows)))
