"""Where the Trust's patients come from (RQ3's planted truth).

The pool of residents who might use the Trust is drawn from the mid-2020 population by 2011
LSOA, five-year age band and sex. Each LSOA is weighted by the Trust's share of its MSOA's
admitted patients (OHID's catchment data, so north Essex, served by other trusts, sends
few), by a deprivation gradient within the catchment (PATIENT_RATE), and one ward, chosen
by a fixed rule, by a planted excess. The truth manifest records all three.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from python_helpers.synth.config import PATIENT_RATE
from python_helpers.synth.reference import FIVE_YEAR_BANDS, Geography


def planted_ward(geo: Geography) -> str:
    """The ward carrying the planted excess: of the wards wholly in the core catchment (every
    LSOA's share at least PATIENT_RATE['ward_min_catchment_share']) whose residents' mean IMD
    decile lies in PATIENT_RATE['ward_mean_imd_decile'], the one with the largest catchment
    population (a middling ward, so its excess is not its deprivation, and a large one, so
    that a drop a tenth of the Trust's size can see it)."""
    a = geo.lsoas
    total = a.population.sum(axis=1)
    wards = pd.DataFrame({"ward": a.ward_code, "share": a.catchment,
                          "people": total, "decile_people": total * a.imd_decile,
                          "catchment_people": total * a.catchment}).groupby("ward").agg(
        min_share=("share", "min"), people=("people", "sum"), decile_people=("decile_people", "sum"),
        catchment_people=("catchment_people", "sum"))
    low, high = PATIENT_RATE["ward_mean_imd_decile"]
    mean_decile = wards["decile_people"] / wards["people"]
    eligible = wards[(wards["min_share"] >= PATIENT_RATE["ward_min_catchment_share"])
                     & mean_decile.between(low, high)]
    return str(eligible["catchment_people"].idxmax())


def lsoa_weights(geo: Geography) -> np.ndarray:
    """Per LSOA: catchment share x deprivation multiplier x the planted ward's multiplier."""
    a = geo.lsoas
    table = PATIENT_RATE["multiplier_by_imd_decile"]
    deprivation = np.array([table[d] for d in range(1, 11)])[a.imd_decile - 1]
    ward = np.where(a.ward_code == planted_ward(geo), PATIENT_RATE["ward_multiplier"], 1.0)
    return a.catchment * deprivation * ward


def draw_residents(rng, geo: Geography, n: int, lsoa_weight: np.ndarray,
                   age_range: tuple[int, int] | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """n residents as (LSOA index, age in years, is_female): (LSOA, band) cells drawn in
    proportion to their mid-2020 population times the LSOA's weight, a single year of age
    uniformly within the band (90+: 90 to 104, thinning with age), and sex with the
    district's female share of the band. `age_range` keeps only bands inside it."""
    a = geo.lsoas
    cells = a.population * lsoa_weight[:, None]
    if age_range is not None:
        inside = np.array([lo >= age_range[0] and hi <= age_range[1] for lo, hi in FIVE_YEAR_BANDS])
        cells = cells * inside[None, :]
    flat = rng.choice(cells.size, n, p=(cells / cells.sum()).ravel())
    lsoa, band = np.divmod(flat, len(FIVE_YEAR_BANDS))
    lows = np.array([lo for lo, _ in FIVE_YEAR_BANDS])
    age = lows[band] + rng.integers(0, 5, n)
    oldest = band == len(FIVE_YEAR_BANDS) - 1
    old_ages = np.arange(90, 105)
    old_w = np.exp(-0.25 * (old_ages - 90))
    age[oldest] = rng.choice(old_ages, int(oldest.sum()), p=old_w / old_w.sum())
    female = rng.random(n) < a.female_share[lsoa, band]
    return lsoa, age, female
