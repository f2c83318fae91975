"""Truth manifest, issue 11 part 1: waiting-time inequality (rq4_waiting_time_inequality).

Days waited at the snapshot are floor(7 g), g ~ Gamma(shape, mean_p x m_q / shape) weeks, for
the pathway's referral priority p and the within-priority multiplier m_q of its patient's
true IMD quintile; a draw of 104 weeks or more is replaced by a whole number of days from 364
to 727 (waiting_list.build). So each pathway's planted distribution of days is known exactly,
as a probability for each day 0 to 727, and a category's planted distribution is the mean of
its pathways'. From it:

- `pathways`, `persons`: exact counts per dimension and category (objectors removed), the
  mart's before disclosure control: a person with three pathways is one person.
- `planted`: per dimension, category and measure, the value the mart finds in expectation.
  crude: the measure of the category's planted distribution. expected: the measure of the
  distribution its pathways would have if each waited as the Trust's pathways of its stratum
  (treatment function x referral priority: the feed's specialty x priority, as the mart).
  adjusted: crude x the Trust's value / expected (indirect standardisation). With each, the
  difference and ratio to the dimension's reference category, crude and adjusted.
- `null_comparisons`: [measure, dimension, category] whose planted adjusted ratio to the
  reference is within NULL_TOLERANCE of 1: nothing planted, so a comparison flagged after
  false-discovery control is a false discovery.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from python_helpers.synth import waiting_list
from python_helpers.synth.config import EFFECTS
from python_helpers.synth.truth_inequalities import gamma_cdf
from python_helpers.synth.truth_vulnerable import VULNERABLE_GROUPS, person_groups

DAYS = waiting_list.MAX_WAIT_DAYS  # days 0 .. DAYS - 1
MEASURES = ("days_median", "days_mean", "days_p92", "over_18_weeks_pct", "over_52_weeks_pct")
REFERENCES = {"sex": "Male", "age_band": "45-54", "ethnic_group": "White", "imd_decile": "10",
              "imd_quintile": "5", "all": "All"}
COMPLEMENT = "all other patients"  # the reference of local_authority and vulnerable_group
NULL_TOLERANCE = 0.005
EPSILON = 1e-12

DEFINITIONS = {
    "waiting_time_inequality": (
        "Waiting-list pathways after objections (every one has a known patient and a valid clock start). "
        "pathways / persons: per dimension and category of rq4_waiting_time_inequality (the person's "
        "attributes as research_questions; vulnerable_group as vulnerable_groups), pathways and distinct "
        "persons. planted: per measure (days_median, days_mean, days_p92: the 92nd percentile, the smallest "
        "day with at least 92% of the distribution at or below it; over_18_weeks_pct, over_52_weeks_pct: "
        "more than 126 / 364 days, in percent) the value of the category's planted distribution of days "
        "(crude), of the distribution at the Trust's planted distribution within each stratum of specialty x "
        "referral priority (expected), and crude x the Trust's value / expected (adjusted); differences and "
        "ratios to the reference category (sex Male, age_band 45-54, ethnic_group White, imd_decile 10, "
        "imd_quintile 5, all All; local_authority and vulnerable_group: all other patients). "
        "quintile_1_vs_5: those of IMD quintile 1 against 5, the protocol's most against least deprived. "
        "null_comparisons: planted adjusted ratio to the reference within 0.005 of 1."),
}


def _pathway_distribution(mean_weeks: float) -> np.ndarray:
    """P(days waited = d), d = 0 .. DAYS - 1, of one pathway whose mean wait is mean_weeks."""
    shape = EFFECTS["wl_weeks_gamma_shape"]
    cdf = gamma_cdf(shape, np.arange(DAYS + 1) / 7.0 * shape / mean_weeks)
    probability = np.diff(cdf)
    probability[52 * 7:] += (1.0 - cdf[-1]) / (DAYS - 52 * 7)  # the long draws, redrawn
    return probability


def measures(probability: np.ndarray) -> dict:
    """The mart's five measures of a distribution of days."""
    cdf = np.cumsum(probability) / probability.sum()
    median = (np.argmax(cdf >= 0.5 - EPSILON) + np.argmax(cdf > 0.5 + EPSILON)) / 2.0
    return {"days_median": float(median),
            "days_mean": float(np.arange(DAYS) @ probability / probability.sum()),
            "days_p92": float(np.argmax(cdf >= 0.92 - EPSILON)),
            "over_18_weeks_pct": float(100 * (1 - cdf[waiting_list.BREACH_DAYS])),
            "over_52_weeks_pct": float(100 * (1 - cdf[52 * 7]))}


class _Distributions:
    """Each pathway's kind (priority x multiplier) and stratum; the planted distributions of
    the kinds and of the strata."""

    def __init__(self, wl, quintile: np.ndarray):
        means = EFFECTS["wl_weeks_mean_by_priority"]
        multiplier = waiting_list.within_priority_multiplier(quintile)
        kinds = pd.DataFrame({"priority": wl.v["priority"], "multiplier": multiplier})
        self.kind, unique = pd.factorize(pd.MultiIndex.from_frame(kinds))
        self.by_kind = np.array([_pathway_distribution(means[p] * m) for p, m in unique])
        strata = pd.Series(wl.v["spec"].astype(str)) + " / " + pd.Series(wl.v["priority"].astype(str))
        self.stratum, names = pd.factorize(strata)
        self.shape = (len(names), len(self.by_kind))
        counts = self.counts(np.ones(len(self.kind), bool))
        self.by_stratum = counts @ self.by_kind / counts.sum(axis=1, keepdims=True)

    def counts(self, rows: np.ndarray) -> np.ndarray:
        """Pathways of the rows per stratum (row) and kind (column)."""
        cells = self.stratum[rows] * self.shape[1] + self.kind[rows]
        return np.bincount(cells, minlength=self.shape[0] * self.shape[1]).reshape(self.shape)

    def crude_and_expected(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        counts = self.counts(rows)
        return counts.sum(axis=0) @ self.by_kind, counts.sum(axis=1) @ self.by_stratum


def _compare(value: dict, reference: dict | None) -> dict:
    if reference is None:
        return {}
    out = {}
    for kind in ("crude", "adjusted"):
        a, b = value[kind], reference[kind]
        out[f"{kind}_difference_to_reference"] = a - b
        out[f"{kind}_ratio_to_reference"] = a / b if b else None
    return out


def waiting_time_inequality(t) -> dict:
    d, a = t.d, t.attributes
    wl = d.wl.keep(~d.objector[d.wl.person])
    dist = _Distributions(wl, d.people.imd_quintile[wl.person])
    everyone = np.ones(len(wl), bool)
    trust = measures(dist.crude_and_expected(everyone)[0])
    groups, _ = person_groups(t)
    labels = {dim: a[dim][wl.person] for dim in
              ("sex", "age_band", "ethnic_group", "imd_decile", "imd_quintile", "local_authority")}
    labels["all"] = np.full(len(wl), "All", dtype=object)

    def members(dimension: str) -> dict:
        if dimension == "vulnerable_group":
            return {g: groups[g][wl.person] for g in VULNERABLE_GROUPS if groups[g][wl.person].any()}
        return {str(c): labels[dimension] == c for c in sorted(set(labels[dimension]))}

    def planted(rows: np.ndarray) -> dict:
        crude, expected = (measures(x) for x in dist.crude_and_expected(rows))
        return {m: {"crude": crude[m], "expected": expected[m],
                    "adjusted": crude[m] * trust[m] / expected[m] if expected[m] else None} for m in MEASURES}

    counts, values = {}, {}
    for dimension in ("all", "sex", "age_band", "ethnic_group", "imd_decile", "imd_quintile", "local_authority",
                      "vulnerable_group"):
        cats = members(dimension)
        counts[dimension] = {c: {"pathways": int(rows.sum()), "persons": int(len(np.unique(wl.person[rows])))}
                             for c, rows in cats.items()}
        own = {c: planted(rows) for c, rows in cats.items()}
        values[dimension] = {}
        for c, by_measure in own.items():
            if dimension in REFERENCES:
                reference = own.get(REFERENCES[dimension])
            else:
                reference = planted(~cats[c]) if (~cats[c]).any() else None
            values[dimension][c] = {m: {**v, **_compare(v, None if reference is None else reference[m])}
                                    for m, v in by_measure.items()}
    q1, q5 = values["imd_quintile"].get("1"), values["imd_quintile"].get("5")
    nulls = [[m, dim, c] for dim, cats in values.items() for c, by_measure in cats.items()
             for m, v in by_measure.items()
             if c != REFERENCES.get(dim) and v.get("adjusted_ratio_to_reference") is not None
             and abs(v["adjusted_ratio_to_reference"] - 1) < NULL_TOLERANCE]
    return {
        "planted_within_priority_multiplier": {
            str(q): m for q, m in EFFECTS["wl_weeks_multiplier_within_priority_by_imd_quintile"].items() if q},
        "strata": "specialty x referral_priority (the feed has no treatment function code: its 'Specialty JH' "
                  "is the Trust's grouping of treatment functions)",
        "trust": trust,
        "pathways": counts,
        "planted": values,
        "quintile_1_vs_5": None if q1 is None or q5 is None else {m: q1[m] for m in MEASURES},
        "null_comparisons": nulls,
    }
