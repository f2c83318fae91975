"""The truth manifest's planted inequalities (issue 10): what an analyst who compares like with
like should find, computed from the generator's planted parameters over the drop's own rows.

- `patient_rates`: the catchment (OHID shares), the deprivation gradient in patient rates
  within it and the ward planted at 1.3 times its rate (RQ3).
- `adjusted_ratios`: for the outcomes of rq4_outcome_variation with a planted model, the
  indirectly standardised ratio each category would have in expectation: the sum over its
  events of the planted expected value over the sum of the whole Trust's mean planted value
  in each event's stratum (the mart's strata). A ratio of exactly 1 is a planted null.
- `waiting_priority_mix`: the planted medians and means of weeks waited by IMD quintile that
  the priority mix and the within-priority multiplier (issue 11: 1.17 in quintile 1) produce.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from python_helpers.synth import readmissions, waiting_list
from python_helpers.synth.ae import over_4h_probability
from python_helpers.synth.catchment import planted_ward
from python_helpers.synth.config import AGE_BAND_LABELS, EFFECTS, PATIENT_RATE
from python_helpers.synth.inpatient import DEATH_P, emergency_los_mean
from python_helpers.synth.truth_indicators import PLANNED_FOLLOW_UP

# The research-question marts' strata for each outcome, besides age band (which the
# age_band dimension leaves out) and sex.
STRATA = {
    "ip_length_of_stay_mean_days": ("method",),
    "ip_in_hospital_mortality_pct": ("method",),
    "ae_over_4_hours_pct": (),
    "rtt_over_18_weeks_pct": ("specialty", "priority"),
    "rtt_over_52_weeks_pct": ("specialty", "priority"),
}
EMERGENCY_METHODS = ("21", "22", "24", "2D", "2B", "28")
NULL_TOLERANCE = 0.005  # a planted ratio this close to 1 is a null comparison


def gamma_cdf(shape: float, x: np.ndarray) -> np.ndarray:
    """The regularised lower incomplete gamma function P(shape, x), by its power series
    (enough terms for the waits here: x below 100)."""
    x = np.asarray(x, dtype=float)
    terms = np.zeros_like(x)
    term = np.ones_like(x) / shape
    for k in range(1, 400):
        terms += term
        term = term * x / (shape + k)
    with np.errstate(divide="ignore"):
        log_front = shape * np.log(x) - x - math.lgamma(shape)
    return np.where(x > 0, np.exp(log_front) * terms, 0.0)


def _wait_survival(priority: np.ndarray, quintile: np.ndarray, days: int) -> np.ndarray:
    """P(more than `days` days waited) for each pathway's priority and true IMD quintile: days
    waited are floor(7 g) with g ~ Gamma(shape, mean x multiplier / shape) weeks, so more than d
    days is g >= (d+1)/7."""
    shape = EFFECTS["wl_weeks_gamma_shape"]
    multiplier = waiting_list.within_priority_multiplier(quintile)
    out = np.empty(len(priority))
    for p, m in EFFECTS["wl_weeks_mean_by_priority"].items():
        for k in np.unique(multiplier):
            rows = (priority == p) & (multiplier == k)
            out[rows] = 1.0 - float(gamma_cdf(shape, np.array((days + 1) / 7.0 * shape / (m * k))))
    return out


def waiting_priority_mix() -> dict:
    """Planted weeks waited by IMD quintile: the mixture of the priorities' gamma waits, each
    scaled by the quintile's within-priority multiplier."""
    shape = EFFECTS["wl_weeks_gamma_shape"]
    means = EFFECTS["wl_weeks_mean_by_priority"]
    mix = EFFECTS["wl_priority_mix_by_imd_quintile"]
    within = EFFECTS["wl_weeks_multiplier_within_priority_by_imd_quintile"]
    medians, mean_weeks = {}, {}
    # weeks recorded are whole weeks, floor(g): P(weeks <= k) = P(g < k + 1)
    upper = np.arange(1, 301, dtype=float)
    for q in range(1, 6):
        shares = {p: mix[q][p] / sum(mix[q].values()) for p in means}
        cdf = sum(s * gamma_cdf(shape, upper * shape / (means[p] * within[q])) for p, s in shares.items())
        medians[str(q)] = float(np.argmax(cdf >= 0.5))  # the smallest k with P(weeks <= k) >= 1/2
        mean_weeks[str(q)] = within[q] * sum(s * means[p] for p, s in shares.items())
    return {
        "planted_priority_mix": {str(q): mix[q] for q in range(1, 6)},
        "planted_mean_weeks_by_priority": means,
        "planted_within_priority_multiplier": {str(q): within[q] for q in range(1, 6)},
        "planted_within_priority_ratio": within[1] / within[5],
        "planted_median_weeks": medians,
        "planted_ratio_q1_q5": medians["1"] / medians["5"],
        "planted_mean_ratio_q1_q5": mean_weeks["1"] / mean_weeks["5"],
    }


def patient_rates(geo) -> dict:
    ward = planted_ward(geo)
    return {
        "catchment": "each LSOA's residents weighted by the Trust's (RAJ) share of its MSOA's admitted "
                     "patients, OHID catchment data 2019 (seeds/reference/trust_catchment_msoa11.csv)",
        "direction": "patient rates per catchment resident rise with deprivation (decile 1 = most deprived)",
        "planted_multiplier_by_imd_decile": {str(k): v for k, v in PATIENT_RATE["multiplier_by_imd_decile"].items()},
        "also": "each service's use rises with deprivation too (activity.DEPRIVATION_WEIGHT), so the "
                "realised gradient in patients of a service is steeper than the pool's",
        "planted_ward": {"ward19_code": ward,
                         "ward19_name": str(geo.ward_name[geo.ward_code == ward][0]),
                         "multiplier": PATIENT_RATE["ward_multiplier"],
                         "rule": "the largest ward by catchment population whose every LSOA has a share of "
                                 f"at least {PATIENT_RATE['ward_min_catchment_share']} and whose mean IMD "
                                 f"decile is {PATIENT_RATE['ward_mean_imd_decile']}"},
    }


def _ratios(expected: np.ndarray, strata: pd.DataFrame, categories: dict) -> dict:
    """dimension -> category -> sum of expected / sum of the stratum means, over its events.
    A breakdown by age band (or sex) is not standardised for it, as in the marts."""
    stratum_codes = {c: pd.factorize(strata[c])[0] for c in strata.columns}
    means = {}
    out = {}
    for dimension, labels in categories.items():
        keys = tuple(c for c in strata.columns if c != dimension)
        if keys not in means:
            code = np.zeros(len(expected), dtype="int64")
            for c in keys:
                code = code * (stratum_codes[c].max() + 1) + stratum_codes[c]
            _, inverse = np.unique(code, return_inverse=True)
            sums = np.bincount(inverse, weights=expected)
            means[keys] = (sums / np.bincount(inverse))[inverse]
        codes, uniques = pd.factorize(pd.Series(labels, dtype=object))
        known = codes >= 0
        observed = np.bincount(codes[known], weights=expected[known], minlength=len(uniques))
        standard = np.bincount(codes[known], weights=means[keys][known], minlength=len(uniques))
        out[dimension] = {str(c): float(o / s) for c, o, s in zip(uniques, observed, standard) if s > 0}
    return out


def adjusted_ratios(drop, attributes: dict) -> dict:
    """outcome -> dimension -> category -> the planted indirectly standardised ratio."""
    d, p = drop, drop.people
    labels = np.array(AGE_BAND_LABELS + ["Unknown"], dtype=object)

    def categories(person: np.ndarray) -> dict:
        cats = {dim: attributes[dim][person] for dim in
                ("sex", "age_band", "ethnic_group", "imd_decile", "imd_quintile", "local_authority")}
        decile = attributes["imd_decile"][person]
        cats["vulnerable_group"] = np.where(np.isin(decile, ["1", "2"]), "core20", None)
        return cats

    def event_band(rows) -> np.ndarray:
        # the marts take age at the event; the rows whose age field is garbled have none
        band = p.band[rows.person].copy()
        band[rows.has("age_over_120")] = len(AGE_BAND_LABELS)
        return labels[band]

    def strata(rows, extra: dict) -> pd.DataFrame:
        return pd.DataFrame({"age_band": event_band(rows), "sex": attributes["sex"][rows.person], **extra})

    out = {}
    ip = d.ip.keep(~d.objector[d.ip.person])
    emergency = np.isin(ip.v["method"], EMERGENCY_METHODS)
    valid_los = emergency & ~np.isin(ip.defect, ["negative_los", "discharge_before_admission", "impossible_date"])
    los = ip.keep(valid_los)
    # the readmissions planted after excluded index spells (issue 11) follow their own model:
    # a stay of 0 to 4 days (mean 2), no death
    replanted = ip.v["kind"] == readmissions.PLANTED_KIND
    los_expected = np.where(replanted[valid_los], readmissions.PLANTED_MEAN_LOS,
                            emergency_los_mean(p.band[los.person], p.imd_quintile[los.person]))
    out["ip_length_of_stay_mean_days"] = _ratios(
        los_expected, strata(los, {"method": los.v["method"]}), categories(los.person))
    out["ip_in_hospital_mortality_pct"] = _ratios(
        np.where(emergency & ~replanted, DEATH_P[p.band[ip.person]], 0.0),
        strata(ip, {"method": ip.v["method"]}), categories(ip.person))

    # planned follow-ups (category 4) are not counted attendances (issue 11), as in the marts
    ae = d.ae.keep(~d.objector[d.ae.person] & ~np.isin(d.ae.defect, ["invalid_arrival_datetime",
                                                                    "departure_before_arrival"])
                   & (d.ae.v["category"] != PLANNED_FOLLOW_UP))
    out["ae_over_4_hours_pct"] = _ratios(over_4h_probability(p.imd_quintile[ae.person]), strata(ae, {}),
                                         categories(ae.person))

    wl = d.wl.keep(~d.objector[d.wl.person])
    wl_strata = strata(wl, {"specialty": wl.v["spec"], "priority": wl.v["priority"]})
    for outcome, days in (("rtt_over_18_weeks_pct", waiting_list.BREACH_DAYS), ("rtt_over_52_weeks_pct", 52 * 7)):
        out[outcome] = _ratios(_wait_survival(wl.v["priority"], p.imd_quintile[wl.person], days), wl_strata,
                               categories(wl.person))
    return out


def null_comparisons(ratios: dict) -> list[list[str]]:
    """[outcome, dimension, category] of every planted ratio within NULL_TOLERANCE of 1."""
    return [[o, dim, c] for o, dims in ratios.items() for dim, cats in dims.items()
            for c, r in cats.items() if abs(r - 1.0) < NULL_TOLERANCE]
