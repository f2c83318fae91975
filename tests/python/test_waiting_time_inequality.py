"""Issue 11 part 1: waiting-time inequality (rq4_waiting_time_inequality) on the small drop.

- pathways and persons are the truth manifest's after the published rule, in every
  dimension and category: a person with several pathways is one person;
- every published value, adjusted value, difference, ratio and interval is recomputed here
  with pandas from fct_waiting_list_pathways and dim_patient_breakdowns, independently of
  the SQL and its macros: the mixture quantiles of the adjustment, Price and Bonett's median
  interval with the exact binomial z0, the order statistics of the 92nd percentile, Katz's
  and Wald's intervals of the percentages from the published counts, the ratio estimator's
  standard error, and the Benjamini-Hochberg flags.
The planted within-priority deprivation effect needs more pathways than the small drop has:
test_planted_effects.py (a tenth of a trust year) and test_trust_scale.py recover it.
"""
from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest

from test_marts import as_published, published, read_mart

Z = 1.959964
THRESHOLD = 7
REFERENCES = {"sex": "Male", "age_band": "45-54", "ethnic_group": "White", "imd_decile": "10",
              "imd_quintile": "5", "all": "All"}
COMPLEMENT = "all other patients"
DAYS_MEASURES = ("days_median", "days_mean", "days_p92")
PCT_MEASURES = {"over_18_weeks_pct": "is_over_18_weeks", "over_52_weeks_pct": "is_over_52_weeks"}
CHECKED = ["value", "adjusted_value", "difference_to_reference", "ratio_to_reference", "ci_lower",
           "ci_upper", "difference_ci_lower", "difference_ci_upper", "adjusted_difference_to_reference",
           "adjusted_difference_ci_lower", "adjusted_difference_ci_upper", "adjusted_ratio_to_reference",
           "adjusted_ci_lower", "adjusted_ci_upper"]


@pytest.fixture(scope="module")
def mart(small_warehouse_con) -> pd.DataFrame:
    return read_mart(small_warehouse_con, "rq4_waiting_time_inequality")


def small(count) -> bool:
    return count is not None and 1 <= count <= THRESHOLD


# --- pathways and persons --------------------------------------------------------------------

def check_pathways_and_persons(mart: pd.DataFrame, truth: dict) -> int:
    """Every category's published pathways and persons against the truth manifest's exact
    counts after the published rule; returns how many rows were compared."""
    rows = mart.set_index(["dimension", "category", "measure"])
    compared = 0
    for dimension, categories in truth["pathways"].items():
        for category, counts in categories.items():
            for measure in (*DAYS_MEASURES, *PCT_MEASURES):
                row = rows.loc[(dimension, category, measure)]
                assert as_published(row.pathways) == published(counts["pathways"]), (dimension, category)
                assert as_published(row.persons) == published(counts["persons"]), (dimension, category)
                compared += 1
    return compared


def test_pathways_and_persons_are_the_truth_after_disclosure_control(mart, small_manifest):
    truth = small_manifest["waiting_time_inequality"]
    assert check_pathways_and_persons(mart, truth) > 250
    everyone = truth["pathways"]["all"]["All"]
    assert everyone["persons"] < everyone["pathways"], "the drop should have people on several pathways"
    # every category of every dimension is listed, with 0 where nobody is in it
    assert len(mart) == 5 * len(mart[["dimension", "category"]].drop_duplicates())


def waiting_time_table(mart: pd.DataFrame, truth: dict) -> list[str]:
    """The closing note: IMD quintile 1 against 5, crude and adjusted, difference and ratio
    with their intervals, beside the planted values."""
    planted = truth["quintile_1_vs_5"]
    rows = mart.set_index(["dimension", "category", "measure"])
    lines = ["measure | Q1 / Q5 value (crude) | crude difference (95% CI) | planted | crude ratio (95% CI) | "
             "planted | adjusted difference (95% CI) | planted | adjusted ratio (95% CI) | planted | FDR"]
    for measure in (*DAYS_MEASURES, *PCT_MEASURES):
        r, q5, p = rows.loc[("imd_quintile", "1", measure)], rows.loc[("imd_quintile", "5", measure)], planted[measure]
        lines.append(
            f"{measure} | {r.value:.1f} / {q5.value:.1f} | {r.difference_to_reference:.1f} "
            f"({r.difference_ci_lower:.1f} to {r.difference_ci_upper:.1f}) | {p['crude_difference_to_reference']:.1f} | "
            f"{r.ratio_to_reference:.3f} ({r.ci_lower:.3f}-{r.ci_upper:.3f}) | {p['crude_ratio_to_reference']:.3f} | "
            f"{r.adjusted_difference_to_reference:.1f} ({r.adjusted_difference_ci_lower:.1f} to "
            f"{r.adjusted_difference_ci_upper:.1f}) | {p['adjusted_difference_to_reference']:.1f} | "
            f"{r.adjusted_ratio_to_reference:.3f} ({r.adjusted_ci_lower:.3f}-{r.adjusted_ci_upper:.3f}) | "
            f"{p['adjusted_ratio_to_reference']:.3f} | {r.is_significant_fdr}")
    return lines


# --- an independent recomputation ------------------------------------------------------------

def _round_half_away(x: float) -> int:
    return int(math.floor(x + 0.5))


def _price_bonett(values: np.ndarray) -> tuple[float | None, float | None]:
    """(se of ln median, se of median) by Price and Bonett, z0 exact from the binomial."""
    n = len(values)
    if n < 2:
        return None, None
    a = max(1, _round_half_away(n / 2 - math.sqrt(n)))
    if n <= 100:
        z0 = NormalDist().inv_cdf(1 - sum(math.comb(n, k) for k in range(a)) / 2 ** n)
    else:
        z0 = (n - 2 * a + 1) / math.sqrt(n)
    low, high = values[a - 1], values[n - a]
    se_log = (math.log(high) - math.log(low)) / (2 * z0) if low > 0 and high > 0 else None
    return se_log, (high - low) / (2 * z0)


def _p92(values: np.ndarray) -> tuple[float, float | None, float | None]:
    """The 92nd percentile y(ceil(0.92 n)) and the standard errors of its log and of itself
    from the order statistics at n p -/+ z sqrt(n p (1 - p)), rounded outwards."""
    n = len(values)
    point = values[-(-n * 92 // 100) - 1]
    spread = Z * math.sqrt(n * 0.92 * 0.08)
    low, high = math.floor(n * 0.92 - spread), math.ceil(n * 0.92 + spread)
    if low < 1 or high > n:
        return point, None, None
    y_low, y_high = values[low - 1], values[high - 1]
    se_log = (math.log(y_high) - math.log(y_low)) / (2 * Z) if y_low > 0 else None
    return point, se_log, (y_high - y_low) / (2 * Z)


def _mixture_quantiles(group_strata: pd.Series, stratum_days: dict) -> tuple[float, float]:
    """Median and 92nd percentile of the Trust's stratum distributions of days, weighted by
    the group's pathways in each stratum."""
    weights = {}
    for stratum, count in group_strata.items():
        days = stratum_days[stratum]
        for day, share in (days / days.sum()).items():
            weights[day] = weights.get(day, 0.0) + count * share
    w = pd.Series(weights).sort_index()
    cumulative, total = w.cumsum(), w.sum()
    lower = cumulative.index[np.argmax(cumulative.to_numpy() >= 0.5 * total * (1 - 1e-9))]
    upper = cumulative.index[np.argmax(cumulative.to_numpy() > 0.5 * total * (1 + 1e-9))]
    p92 = cumulative.index[np.argmax(cumulative.to_numpy() >= 0.92 * total * (1 - 1e-9))]
    return (lower + upper) / 2, p92


def _ratio_estimator_se_log(y: np.ndarray, e: np.ndarray) -> float | None:
    n, sy, se = len(y), y.sum(), e.sum()
    if n < 2 or sy <= 0 or se <= 0:
        return None
    r = sy / se
    return math.sqrt(n / (n - 1) * max(((y - r * e) ** 2).sum(), 0.0)) / sy


@pytest.fixture(scope="module")
def recomputed(small_warehouse_con) -> pd.DataFrame:
    con = small_warehouse_con
    pathways = read_mart(con, "fct_waiting_list_pathways")
    known = set(read_mart(con, "dim_patient").nhs_number_pseudonym)
    pathways = pathways[pathways.nhs_number_pseudonym.isin(known)].copy()
    pathways["stratum"] = (pathways.specialty.fillna("Unknown") + " / "
                           + pathways.referral_priority.fillna("Unknown"))
    breakdowns = read_mart(con, "dim_patient_breakdowns")[["nhs_number_pseudonym", "dimension", "category"]]
    categories = read_mart(con, "dim_breakdown_categories")[["dimension", "category"]]
    categories = pd.concat([categories, pd.DataFrame({"dimension": ["all"], "category": ["All"]})])

    days = pathways[pathways.days_waiting.notna()].assign(y=lambda d: d.days_waiting.astype(float))
    days["e"] = days.groupby("stratum").y.transform("mean")
    stratum_days = {s: g.y.value_counts() for s, g in days.groupby("stratum")}
    flags = {}
    for measure, column in PCT_MEASURES.items():
        rows = pathways[pathways[column].notna()].assign(y=lambda d, c=column: d[c].astype(float))
        rows["e"] = rows.groupby("stratum").y.transform("mean")
        flags[measure] = rows

    def persons_in(dimension: str, category: str) -> set:
        chosen = breakdowns[(breakdowns.dimension == dimension) & (breakdowns.category == category)]
        return set(chosen.nhs_number_pseudonym)

    def stats(frame_days: pd.DataFrame, frame_flags: dict) -> dict:
        out = {}
        y = np.sort(frame_days.y.to_numpy())
        n = len(y)
        base = {"pathways": n, "persons": frame_days.nhs_number_pseudonym.nunique()}
        if n:
            median_se_log, median_se = _price_bonett(y)
            p92, p92_se_log, p92_se = _p92(y)
            expected_median, expected_p92 = _mixture_quantiles(frame_days.stratum.value_counts(), stratum_days)
            mean = y.mean()
            sd = y.std(ddof=1) if n > 1 else float("nan")
            out["days_median"] = {**base, "value": float(np.median(y)), "se_log": median_se_log, "se": median_se,
                                  "expected": expected_median, "adjusted_se_log": median_se_log}
            out["days_mean"] = {**base, "value": mean, "se_log": sd / math.sqrt(n) / mean if mean else None,
                                "se": sd / math.sqrt(n), "expected": frame_days.e.mean(),
                                "adjusted_se_log": _ratio_estimator_se_log(frame_days.y.to_numpy(),
                                                                           frame_days.e.to_numpy())}
            out["days_p92"] = {**base, "value": float(p92), "se_log": p92_se_log, "se": p92_se,
                               "expected": float(expected_p92), "adjusted_se_log": p92_se_log}
        else:
            out.update({m: {**base} for m in DAYS_MEASURES})
        for measure, rows in frame_flags.items():
            k = len(rows)
            entry = {"pathways": k, "persons": rows.nhs_number_pseudonym.nunique(),
                     "numerator": int(rows.y.sum())}
            if k:
                entry.update({"value": 100 * rows.y.mean(), "expected": 100 * rows.e.mean(),
                              "adjusted_se_log": _ratio_estimator_se_log(rows.y.to_numpy(), rows.e.to_numpy())})
            out[measure] = entry
        return out

    def group(who: set | None, inside: bool = True) -> dict:
        if who is None:
            return stats(days, flags)
        pick = (lambda f: f[f.nhs_number_pseudonym.isin(who) == inside])
        return stats(pick(days), {m: pick(f) for m, f in flags.items()})

    own = {(d, c): group(None if d == "all" else persons_in(d, c)) for d, c in categories.itertuples(index=False)}
    trust = {m: v["value"] for m, v in own[("all", "All")].items()}
    for by_measure in own.values():
        for m, v in by_measure.items():
            if v.get("expected"):
                v["adjusted"] = v["value"] * trust[m] / v["expected"]

    rows = []
    for (dimension, category), by_measure in own.items():
        if dimension in REFERENCES:
            reference_category = REFERENCES[dimension]
            reference = own.get((dimension, reference_category))
        else:
            reference_category = COMPLEMENT
            reference = group(persons_in(dimension, category), inside=False)
            for m, v in reference.items():
                if v.get("expected"):
                    v["adjusted"] = v["value"] * trust[m] / v["expected"]
        for measure, v in by_measure.items():
            rows.append(_published_row(dimension, category, measure, v, reference[measure],
                                       reference_category, category == reference_category))
    frame = pd.DataFrame(rows)
    return _benjamini_hochberg(frame)


def _shown(stat: dict, measure: str) -> tuple[float | None, float | None]:
    """The published value and adjusted value of one side, or None when withheld."""
    n, persons = stat["pathways"], stat["persons"]
    if small(n) or small(persons) or n == 0:
        return None, None
    if measure in PCT_MEASURES:
        numerator = published(stat["numerator"])
        if numerator is None:
            return None, None
        return 100.0 * numerator / published(n), stat["adjusted"]
    return stat["value"], stat["adjusted"]


def _published_row(dimension, category, measure, own, ref, reference_category, is_reference) -> dict:
    value, adjusted = _shown(own, measure)
    ref_value, ref_adjusted = _shown(ref, measure)
    row = {"dimension": dimension, "category": category, "measure": measure,
           "value": value, "adjusted_value": adjusted, "p_value": None}
    for column in CHECKED[2:]:
        row[column] = None
    if value is None:
        return row
    if is_reference:
        row.update(difference_to_reference=0.0, ratio_to_reference=1.0, adjusted_ratio_to_reference=1.0,
                   adjusted_difference_to_reference=0.0)
        return row
    if ref_value is None:
        return row
    if measure in PCT_MEASURES:
        a, n1 = published(own["numerator"]), published(own["pathways"])
        b, n2 = published(ref["numerator"]), published(ref["pathways"])
        se = math.sqrt(value * (100 - value) / n1 + ref_value * (100 - ref_value) / n2)
        ratio = (a / n1) / (b / n2) if b else None
        ratio_se_log = math.sqrt(1 / a - 1 / n1 + 1 / b - 1 / n2) if a and b else None
    else:
        se = None if own["se"] is None or ref["se"] is None else math.hypot(own["se"], ref["se"])
        ratio = value / ref_value if ref_value else None
        ratio_se_log = (None if own["se_log"] is None or ref["se_log"] is None
                        else math.hypot(own["se_log"], ref["se_log"]))
    difference = value - ref_value
    row.update(difference_to_reference=difference, ratio_to_reference=ratio)
    if se is not None and se == se:
        row.update(difference_ci_lower=difference - Z * se, difference_ci_upper=difference + Z * se)
    if ratio is not None and ratio_se_log is not None:
        row.update(ci_lower=ratio * math.exp(-Z * ratio_se_log), ci_upper=ratio * math.exp(Z * ratio_se_log))
    adjusted_difference = adjusted - ref_adjusted
    adjusted_ratio = adjusted / ref_adjusted if ref_adjusted else None
    row.update(adjusted_difference_to_reference=adjusted_difference, adjusted_ratio_to_reference=adjusted_ratio)
    a_se, r_se = own["adjusted_se_log"], ref["adjusted_se_log"]
    if a_se is not None and r_se is not None:
        se_log = math.hypot(a_se, r_se)
        se = math.hypot(adjusted * a_se, ref_adjusted * r_se)
        row.update(adjusted_difference_ci_lower=adjusted_difference - Z * se,
                   adjusted_difference_ci_upper=adjusted_difference + Z * se)
        if adjusted_ratio:
            row.update(adjusted_ci_lower=adjusted_ratio * math.exp(-Z * se_log),
                       adjusted_ci_upper=adjusted_ratio * math.exp(Z * se_log),
                       p_value=2 * (1 - NormalDist().cdf(abs(math.log(adjusted_ratio)) / se_log)))
    return row


def _benjamini_hochberg(frame: pd.DataFrame, level: float = 0.05) -> pd.DataFrame:
    frame["is_significant_fdr"] = None
    for _, tests in frame[frame.p_value.notna()].groupby("measure"):
        ordered = tests.p_value.astype(float).sort_values()
        m = len(ordered)
        passing = [i for i, p in enumerate(ordered, start=1) if p <= i / m * level]
        k = max(passing, default=0)
        for rank, index in enumerate(ordered.index, start=1):
            frame.at[index, "is_significant_fdr"] = rank <= k
    return frame


def test_values_and_comparisons_match_an_independent_recomputation(mart, recomputed):
    merged = mart.merge(recomputed, on=["dimension", "category", "measure"], suffixes=("", "_expected"),
                        validate="one_to_one")
    assert len(merged) == len(mart) == len(recomputed)
    for column in CHECKED:
        got = merged[column].astype(float)
        expected = merged[f"{column}_expected"].astype(float)
        assert (got.isna() == expected.isna()).all(), (column, merged.loc[got.isna() != expected.isna(),
                                                                          ["dimension", "category", "measure"]])
        both = got.notna()
        # Price and Bonett's z0 comes from a 9-decimal table in the SQL, exact here
        assert np.allclose(got[both], expected[both], rtol=1e-9, atol=1e-6), column
        assert both.sum() > 20, column
    flags = merged.is_significant_fdr.astype(object).where(merged.is_significant_fdr.notna(), None)
    assert list(flags) == list(merged.is_significant_fdr_expected)


def test_the_whole_trust_is_its_own_standard(mart):
    trust = mart[mart.dimension == "all"].set_index("measure")
    for measure in DAYS_MEASURES:
        assert trust.loc[measure, "adjusted_value"] == pytest.approx(trust.loc[measure, "value"])
    assert (trust.adjusted_for == "specialty x referral_priority").all()
    # the 92nd percentile lies above the median, the mean between the two here
    assert trust.loc["days_median", "value"] < trust.loc["days_mean", "value"] < trust.loc["days_p92", "value"]
