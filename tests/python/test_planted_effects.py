"""Issue 5: the marts recover what the generator planted.

A drop of a tenth of a trust year (`--scale trust --multiplier 0.1`: about 37,600
patients, 40,000 attendances, 20,000 spells, 17,000 pathways) is generated, loaded and
built (dbt seed, run of the marts and everything upstream, and the tests of the
research-question marts), then the marts are compared with the truth manifest:

- RQ1 and RQ2 counts: exactly the manifest's counts after the published rule (rounding
  to 5, suppression of 1 to 7), applied in Python.
- Waiting times by IMD quintile (planted: x1.35 in quintile 1 against quintile 5): each
  quintile's median equals the median the generator realised, and the quintile 1 to 5
  ratio of medians is within 0.10 of the planted 1.35.
- A&E over four hours by IMD quintile (planted 34% to 24%): each quintile's published
  percentage within 0.2 points of the realised share, the quintile 1 to 5 ratio within
  0.12 of the planted 1.417 with its 95% interval above 1, and a positive slope index.
- Emergency length of stay by age band (planted 1.5 to 10 days): each band's mean equals
  the realised mean and is within 10% of the planted mean, rising band on band.
- In-hospital mortality by age band (planted: rising with age): published percentages
  within 0.3 points of the realised shares, rising from 45-54 to 85+.
- The deliberate null, waiting time by sex (planted ratio 1): the female to male ratio of
  medians within 0.10 of 1, and the 95% intervals of the over-18 and over-52 week ratios
  containing 1.

Issue 10, comparing like with like:
- RQ3 within the catchment: the standardised patient rate rises with deprivation (the
  slope index's interval above 0 for every service) and the ward planted at 1.3 times its
  rate has a standardised ratio whose interval excludes 1.
- Waits: deprived quintiles wait over 18 weeks more often mostly through their referral
  priority mix, and within a priority quintile 1 waits 1.17 times as long (issue 11): the
  adjusted ratios (for specialty x priority) contain the planted ones, quintile 1's over
  quintile 5's within 0.05 of the planted ratio and below the crude ratio's interval; the
  adjusted slope index is above 0 and below the crude one.
- Length of stay 1.10 times as long in IMD quintile 1 on top of age: the adjusted ratio of
  quintile 1 to quintile 5 within 0.08 of 1.10 (0.03 at trust scale: test_trust_scale.py);
  where nothing is planted (length of stay and mortality by sex, IMD and Core20) nine in ten
  adjusted intervals or more contain the planted ratio.
- About 150 planted null comparisons (the manifest's null_comparisons): after Benjamini-
  Hochberg control the false discoveries among all discoveries stay near the nominal 5%.
"""
from __future__ import annotations

import json
import time

import duckdb
import numpy as np
import pytest

from python_helpers.build import run_dbt
from test_marts import as_published, expected_rq1, expected_rq2, read_mart

pytestmark = pytest.mark.slow

SCALE, MULTIPLIER, SEED = "trust", 0.1, 2022
QUINTILES = ["1", "2", "3", "4", "5"]
AGE_BANDS = ["0-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75-84", "85+"]


def _dbt(args: list[str], db_path, work) -> None:
    result = run_dbt([*args, "--log-path", str(work / "logs")], db_path=db_path,
                     target_path=work / "target", capture=True)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    from python_helpers.synth.generate import generate_drop
    from python_helpers.load import load_drop

    work = tmp_path_factory.mktemp("planted")
    drop, db_path = work / "drop", work / "planted.duckdb"
    generate_drop(drop, scale=SCALE, seed=SEED, multiplier=MULTIPLIER)
    assert load_drop(drop, db_path).ok
    started = time.perf_counter()
    _dbt(["seed"], db_path, work)
    _dbt(["run", "--select", "+path:models/marts"], db_path, work)
    seconds = time.perf_counter() - started
    # the contracts held (dbt run enforces them); now the marts' own tests at this scale,
    # the disclosure_controlled test of every research-question mart among them
    _dbt(["test", "--select", "path:models/marts/research_questions"], db_path, work)
    con = duckdb.connect(str(db_path), read_only=True)
    yield {"con": con, "truth": json.loads((drop / "truth_manifest.json").read_text()),
           "build_seconds": seconds}
    con.close()


@pytest.fixture(scope="module")
def outcomes(built):
    frame = read_mart(built["con"], "rq4_outcome_variation")
    return frame.set_index(["outcome", "dimension", "category"])


def _row(outcomes, outcome: str, dimension: str, category: str):
    return outcomes.loc[(outcome, dimension, category)]


def test_rq1_counts_are_the_truth_after_disclosure_control(built):
    mart = read_mart(built["con"], "rq1_patient_demographics")
    got = {(r.service, r.dimension, r.category): as_published(r.patients)
           for r in mart.itertuples()}
    expected = expected_rq1(built["truth"])
    assert {k: got.get(k, "missing") for k in expected} == expected


def test_rq2_contact_counts_are_the_truth_after_disclosure_control(built):
    mart = read_mart(built["con"], "rq2_social_care_contact")
    got = {(r.service, r.asc_status): as_published(r.patients) for r in mart.itertuples()}
    assert got == expected_rq2(built["truth"])


def test_waiting_times_recover_the_planted_deprivation_gradient(built, outcomes):
    effect = built["truth"]["effects"]["wl_weeks_by_imd_quintile"]
    medians = [_row(outcomes, "rtt_weeks_waiting_median", "imd_quintile", q).value
               for q in QUINTILES]
    assert medians == [effect["realised_median_weeks"][q] for q in QUINTILES]
    assert medians == sorted(medians, reverse=True), "waits should fall with deprivation"
    ratio = _row(outcomes, "rtt_weeks_waiting_median", "imd_quintile", "1").ratio_to_reference
    assert ratio == pytest.approx(effect["planted_ratio_q1_q5"], abs=0.10)
    gradient = read_mart(built["con"], "rq4_inequality_gradient").set_index("outcome")
    assert gradient.loc["rtt_weeks_waiting_median", "ci_lower"] > 0


def test_ae_four_hour_breaches_recover_the_planted_deprivation_gradient(built, outcomes):
    effect = built["truth"]["effects"]["ae_over_4h_by_imd_quintile"]
    values = [_row(outcomes, "ae_over_4_hours_pct", "imd_quintile", q).value for q in QUINTILES]
    for q, value in zip(QUINTILES, values):
        assert value == pytest.approx(100 * effect["realised_share"][q], abs=0.2), q
    assert values == sorted(values, reverse=True)
    q1 = _row(outcomes, "ae_over_4_hours_pct", "imd_quintile", "1")
    assert q1.ratio_to_reference == pytest.approx(effect["planted_ratio_q1_q5"], abs=0.12)
    assert q1.ci_lower > 1
    gradient = read_mart(built["con"], "rq4_inequality_gradient").set_index("outcome")
    assert gradient.loc["ae_over_4_hours_pct", "ci_lower"] > 0


def test_emergency_length_of_stay_recovers_the_planted_age_gradient(built, outcomes):
    effect = built["truth"]["effects"]["ip_emergency_los_by_age_band"]
    means = [_row(outcomes, "ip_length_of_stay_mean_days", "age_band", b).value
             for b in AGE_BANDS]
    for band, mean in zip(AGE_BANDS, means):
        assert mean == pytest.approx(effect["realised_mean_days"][band], rel=1e-9), band
        assert mean == pytest.approx(effect["planted_mean_days"][band], rel=0.10), band
    assert all(a < b for a, b in zip(means, means[1:])), means


def test_in_hospital_mortality_recovers_the_planted_age_gradient(built, outcomes):
    effect = built["truth"]["effects"]["ip_mortality_by_age_band"]
    shown = {}
    for band in AGE_BANDS:
        row = _row(outcomes, "ip_in_hospital_mortality_pct", "age_band", band)
        if row.value == row.value:  # not suppressed
            shown[band] = row.value
            assert row.value == pytest.approx(
                100 * effect["realised_share_of_spells"][band], abs=0.3), band
    older = ["45-54", "55-64", "65-74", "75-84", "85+"]
    assert all(b in shown for b in older)
    assert all(shown[a] < shown[b] for a, b in zip(older, older[1:])), shown
    assert _row(outcomes, "ip_in_hospital_mortality_pct", "age_band", "85+").ci_lower > 1


def test_no_waiting_time_difference_by_sex_where_none_was_planted(built, outcomes):
    assert built["truth"]["effects"]["wl_weeks_by_sex"]["planted_ratio_female_male"] == 1.0
    median_ratio = _row(outcomes, "rtt_weeks_waiting_median", "sex", "Female").ratio_to_reference
    assert median_ratio == pytest.approx(1.0, abs=0.10)
    for outcome in ("rtt_over_18_weeks_pct", "rtt_over_52_weeks_pct"):
        female = _row(outcomes, outcome, "sex", "Female")
        assert female.ci_lower < 1 < female.ci_upper, outcome


def test_rq3_standardised_rates_rise_with_deprivation_within_the_catchment(built):
    gradient = read_mart(built["con"], "rq3_deprivation_gradient").set_index("service")
    assert (gradient.slope_index > 0).all() and (gradient.ci_lower > 0).all(), gradient
    areas = read_mart(built["con"], "rq3_area_prevalence")
    deciles = areas[(areas.area_type == "imd_decile") & (areas.service == "any")
                    & (areas.area_code != "Unknown")].set_index("area_code")
    assert deciles.in_catchment.all()
    assert deciles.loc["1", "standardised_ratio"] > deciles.loc["10", "standardised_ratio"]


def test_the_planted_ward_stands_out_after_standardisation(built):
    ward = built["truth"]["patient_rates"]["planted_ward"]
    areas = read_mart(built["con"], "rq3_area_prevalence")
    row = areas[(areas.area_type == "ward") & (areas.area_code == ward["ward19_code"])
                & (areas.service == "any")].iloc[0]
    assert row.in_catchment
    assert row.sr_ci_lower > 1, (row.standardised_ratio, row.sr_ci_lower, row.sr_ci_upper)


def test_waits_within_priority_recover_the_planted_deprivation_effect(built, outcomes):
    """The priority mix differs by deprivation (issue 10) and, within a priority, IMD quintile 1
    waits 1.17 times as long (issue 11): adjusted for specialty x priority, the over-18-weeks
    ratios find the within-priority effect, and the crude ratio (mix and effect) is larger."""
    effect = built["truth"]["effects"]["wl_weeks_by_imd_quintile"]
    assert effect["planted_within_priority_ratio"] == pytest.approx(1.17)
    planted = built["truth"]["adjusted_ratios"]["rtt_over_18_weeks_pct"]["imd_quintile"]
    for q in QUINTILES:
        row = _row(outcomes, "rtt_over_18_weeks_pct", "imd_quintile", q)
        assert row.adjusted_for == "age_band x sex x specialty x referral_priority"
        assert row.adjusted_ci_lower <= planted[q] <= row.adjusted_ci_upper, q
    q1 = _row(outcomes, "rtt_over_18_weeks_pct", "imd_quintile", "1")
    q5 = _row(outcomes, "rtt_over_18_weeks_pct", "imd_quintile", "5")
    assert bool(q1.is_significant_fdr) is True, "the within-priority effect survives FDR control"
    adjusted = q1.adjusted_ratio / q5.adjusted_ratio
    assert adjusted == pytest.approx(planted["1"] / planted["5"], abs=0.05)
    assert q1.ci_lower > adjusted, "the crude comparison (priority mix as well) shows more"
    gradient = read_mart(built["con"], "rq4_inequality_gradient").set_index("outcome")
    crude = gradient.loc["rtt_over_18_weeks_pct"]
    assert crude.adjusted_ci_lower > 0, "adjusted: a gradient within priority remains"
    assert crude.adjusted_ci_upper < crude.ci_lower, "adjusted: smaller than the crude gradient"


def test_length_of_stay_in_quintile_1_is_recovered_on_top_of_age(built, outcomes):
    q1 = _row(outcomes, "ip_length_of_stay_mean_days", "imd_quintile", "1")
    q5 = _row(outcomes, "ip_length_of_stay_mean_days", "imd_quintile", "5")
    planted = built["truth"]["effects"]["ip_emergency_los_by_imd_quintile"]["planted_multiplier"]
    assert q1.adjusted_ratio / q5.adjusted_ratio == pytest.approx(planted["1"] / planted["5"], abs=0.08)
    truth = built["truth"]["adjusted_ratios"]["ip_length_of_stay_mean_days"]["imd_quintile"]
    assert q1.adjusted_ci_lower <= truth["1"] <= q1.adjusted_ci_upper


def test_where_nothing_is_planted_adjusted_intervals_contain_the_planted_ratio(built, outcomes):
    planted = built["truth"]["adjusted_ratios"]
    contains = []
    for (outcome, dimension, category), row in outcomes.iterrows():
        if outcome not in ("ip_length_of_stay_mean_days", "ip_in_hospital_mortality_pct"):
            continue
        if dimension not in ("sex", "imd_quintile", "imd_decile") and category != "core20":
            continue
        value = planted[outcome][dimension].get(category)
        if value is not None and row.adjusted_ci_lower == row.adjusted_ci_lower:
            contains.append(row.adjusted_ci_lower <= value <= row.adjusted_ci_upper)
    assert len(contains) >= 35
    assert np.mean(contains) >= 0.9


def test_false_discoveries_on_the_planted_nulls_stay_near_the_nominal_rate(built):
    mart = read_mart(built["con"], "rq4_outcome_variation")
    nulls = {tuple(key) for key in built["truth"]["null_comparisons"]}
    keys = list(zip(mart.outcome, mart.dimension, mart.category))
    mart["is_null"] = [key in nulls for key in keys]
    tested = mart[mart.is_significant_fdr.notna()]
    null_tested = tested[tested.is_null]
    assert len(null_tested) >= 50
    # before control: about 5% of the null intervals exclude 1
    excluded = (null_tested.adjusted_ci_lower > 1) | (null_tested.adjusted_ci_upper < 1)
    assert excluded.mean() <= 0.10
    # after control: false discoveries a small share of all discoveries
    discoveries = tested.is_significant_fdr.astype(bool)
    false_discoveries = (discoveries & tested.is_null).sum()
    assert discoveries.sum() > 0
    assert false_discoveries / discoveries.sum() <= 0.10, (false_discoveries, discoveries.sum())
    assert false_discoveries <= excluded.sum()


def crude_and_adjusted_table(outcomes, truth) -> list[str]:
    """Crude and adjusted ratios of length of stay, mortality and readmission by IMD
    quintile, sex and Core20, with the planted adjusted ratios beside them."""
    planted = truth["adjusted_ratios"]
    rows = [("imd_quintile", q) for q in ["1", "2", "3", "4", "5"]] + [
        ("sex", "Female"), ("sex", "Male"), ("vulnerable_group", "core20")]
    lines = ["outcome | category | crude ratio to reference (95% CI) | reference | adjusted ratio "
             "to the Trust (95% CI) | planted adjusted | adjusted / reference's adjusted | planted "
             "/ reference's planted | FDR-significant"]
    for outcome in ("ip_length_of_stay_mean_days", "ip_in_hospital_mortality_pct",
                    "ip_emergency_readmission_30d_pct"):
        for dimension, category in rows:
            row = outcomes.loc[(outcome, dimension, category)]
            reference = None if row.reference_category == "all other patients" else \
                outcomes.loc[(outcome, dimension, row.reference_category)]
            plant = planted.get(outcome, {}).get(dimension, {}).get(category)
            plant_ref = planted.get(outcome, {}).get(dimension, {}).get(row.reference_category)
            relative = "" if reference is None else f"{row.adjusted_ratio / reference.adjusted_ratio:.3f}"
            relative_plant = "" if plant is None or plant_ref is None else f"{plant / plant_ref:.3f}"
            lines.append(
                f"{outcome} | {dimension} {category} | {row.ratio_to_reference:.3f} "
                f"({row.ci_lower:.3f}-{row.ci_upper:.3f}) | {row.reference_category} | "
                f"{row.adjusted_ratio:.3f} ({row.adjusted_ci_lower:.3f}-{row.adjusted_ci_upper:.3f}) | "
                f"{'not planted' if plant is None else f'{plant:.3f}'} | {relative} | {relative_plant} | "
                f"{row.is_significant_fdr}")
    return lines


def planted_beside_reported(built, outcomes) -> list[str]:
    """The closing note: each planted effect, what the drop realised, what the marts
    report (run with -s to see it)."""
    effects = built["truth"]["effects"]
    lines = ["effect | planted | realised in the drop | reported by the marts"]
    wl, ae = effects["wl_weeks_by_imd_quintile"], effects["ae_over_4h_by_imd_quintile"]
    lines.append(
        f"waiting weeks, IMD Q1 / Q5 | x{wl['planted_ratio_q1_q5']:.2f} | median ratio "
        f"{wl['realised_median_weeks']['1'] / wl['realised_median_weeks']['5']:.3f} | "
        f"{_row(outcomes, 'rtt_weeks_waiting_median', 'imd_quintile', '1').ratio_to_reference:.3f}")
    q1 = _row(outcomes, "ae_over_4_hours_pct", "imd_quintile", "1")
    lines.append(
        f"A&E over 4 h, IMD Q1 / Q5 | x{ae['planted_ratio_q1_q5']:.3f} | "
        f"x{ae['realised_ratio_q1_q5']:.3f} | x{q1.ratio_to_reference:.3f} "
        f"({q1.ci_lower:.3f} to {q1.ci_upper:.3f})")
    for band in AGE_BANDS:
        los = effects["ip_emergency_los_by_age_band"]
        lines.append(
            f"emergency LOS {band} | {los['planted_mean_days'][band]:.2f} d | "
            f"{los['realised_mean_days'][band]:.3f} d | "
            f"{_row(outcomes, 'ip_length_of_stay_mean_days', 'age_band', band).value:.3f} d")
    died = effects["ip_mortality_by_age_band"]
    planted = died["planted_death_probability_of_emergency_spell"]
    for band in AGE_BANDS:
        value = _row(outcomes, "ip_in_hospital_mortality_pct", "age_band", band).value
        shown = "suppressed" if value != value else f"{value:.2f}%"
        lines.append(
            f"mortality {band} | p {planted[band]} (emergency spell) | "
            f"{100 * died['realised_share_of_spells'][band]:.2f}% | {shown}")
    sex = effects["wl_weeks_by_sex"]
    lines.append(
        f"waiting weeks, Female / Male (null) | x1.00 | mean ratio "
        f"{sex['realised_ratio_female_male']:.3f} | median ratio "
        f"{_row(outcomes, 'rtt_weeks_waiting_median', 'sex', 'Female').ratio_to_reference:.3f}")
    return lines


def test_marts_build_within_the_time_budget_and_report_the_effects(built, outcomes):
    # seed + run of everything the marts need on 2 cores: about a minute
    assert built["build_seconds"] < 600
    lines = planted_beside_reported(built, outcomes)
    assert len(lines) == 2 + 1 + 2 * len(AGE_BANDS) + 1
    print(f"\nplanted-effects warehouse built in {built['build_seconds']:.0f} s")
    print("\n".join(lines))
    print("\n".join(crude_and_adjusted_table(outcomes, built["truth"])))


# --- issue 11: vulnerable groups, people on both lists, national outcome definitions ---

def test_issue_11_marts_report_the_planted_truth_at_scale(built):
    """The same exact checks as the small drop's (test_vulnerable_groups,
    test_multiple_disadvantage, test_outcome_definitions), on a drop where many more
    cells are published."""
    from test_marts import published
    from test_multiple_disadvantage import check_counts_and_medians
    from test_outcome_definitions import check_readmissions, check_rq4_outcome

    con, truth = built["con"], built["truth"]
    mart = read_mart(con, "rq2_multiple_disadvantage").set_index(
        ["dimension", "category", "social_care_wait"])
    assert check_counts_and_medians(mart, truth) > 50
    rq1 = read_mart(con, "rq1_patient_demographics")
    groups = rq1[rq1.dimension == "vulnerable_group"]
    expected = {(s, g): published(n) for s, counts in truth["vulnerable_groups"]["rq1"].items()
                for g, n in counts.items()}
    assert {(r.service, r.category): as_published(r.patients) for r in groups.itertuples()} == expected
    check_readmissions(read_mart(con, "fct_inpatient_spells"), truth)
    indicators = truth["outcome_definitions"]
    assert check_rq4_outcome(con, indicators["readmission_indicator"],
                             "ip_emergency_readmission_30d_pct") >= 8
    assert check_rq4_outcome(con, indicators["ae_four_hour_measure"], "ae_over_4_hours_pct") >= 8


def test_issue_11_closing_note(built):
    """People on both lists and the readmission indicator before and after the national
    exclusions (run with -s to see it)."""
    truth = built["truth"]
    everyone = truth["research_questions"]["rq2_multiple_disadvantage"]["by_dimension"]["all"]["All"]
    mart = read_mart(built["con"], "rq2_multiple_disadvantage").set_index(
        ["dimension", "category", "social_care_wait"])
    lines = ["social care wait | waiting-list patients (ECC) | with the wait, truth | published | "
             "median days waited, with / without"]
    for wait in ("awaiting_assessment", "review_overdue", "either"):
        row = mart.loc[("all", "All", wait)]
        lines.append(f"{wait} | {everyone['waiting_list_patients']} | {everyone[wait]} | "
                     f"{as_published(row.patients)} | {row.median_days_waiting_hospital} / "
                     f"{row.median_days_waiting_hospital_others}")
    ri = truth["outcome_definitions"]["readmission_indicator"]
    excluded = sum(ri["excluded_index_spells"].values())
    crude = ri["readmitted_30d"] + sum(ri["excluded_with_readmission_30d"].values())
    lines.append(f"readmission 30d | national definition {ri['readmitted_30d']} / {ri['index_spells']} "
                 f"= {100 * ri['readmitted_30d'] / ri['index_spells']:.2f}% | without the exclusions "
                 f"{crude} / {ri['index_spells'] + excluded} = "
                 f"{100 * crude / (ri['index_spells'] + excluded):.2f}%")
    assert ri["index_spells"] > 0 and excluded > 0
    print("\n" + "\n".join(lines))


# --- issue 11 part 1: waiting-time inequality --------------------------------------------

# Stated tolerances of the adjusted IMD quintile 1 to 5 ratios at this scale (about 2,000 and
# 3,900 pathways): about two standard errors of each measure's log ratio.
WAIT_TOLERANCE = {"days_mean": 0.05, "over_18_weeks_pct": 0.05, "days_median": 0.08, "days_p92": 0.08,
                  "over_52_weeks_pct": 0.25}


@pytest.fixture(scope="module")
def waits(built):
    return read_mart(built["con"], "rq4_waiting_time_inequality")


def test_waiting_time_inequality_recovers_the_planted_effect_within_priority(built, waits):
    """Quintile 1 against 5: crude, the priority mix and the within-priority effect together;
    adjusted for treatment function x priority, the within-priority effect alone (planted
    x1.17 on the wait), non-zero and smaller than the crude one."""
    planted = built["truth"]["waiting_time_inequality"]["quintile_1_vs_5"]
    rows = waits.set_index(["dimension", "category", "measure"])
    for measure, truth in planted.items():
        row = rows.loc[("imd_quintile", "1", measure)]
        assert row.ci_lower <= truth["crude_ratio_to_reference"] <= row.ci_upper, measure
        assert (row.difference_ci_lower <= truth["crude_difference_to_reference"]
                <= row.difference_ci_upper), measure
        assert row.adjusted_ci_lower <= truth["adjusted_ratio_to_reference"] <= row.adjusted_ci_upper, measure
        assert (row.adjusted_difference_ci_lower <= truth["adjusted_difference_to_reference"]
                <= row.adjusted_difference_ci_upper), measure
        assert row.adjusted_ratio_to_reference == pytest.approx(truth["adjusted_ratio_to_reference"],
                                                                abs=WAIT_TOLERANCE[measure]), measure
        assert row.adjusted_ci_lower > 1, f"{measure}: the within-priority effect is there"
        assert row.ci_lower > row.adjusted_ratio_to_reference, f"{measure}: the crude one is larger"
    assert planted["days_mean"]["adjusted_ratio_to_reference"] == pytest.approx(1.17, abs=0.02)


def test_waiting_time_nulls_are_not_flagged_after_false_discovery_control(built, waits):
    nulls = {tuple(key) for key in built["truth"]["waiting_time_inequality"]["null_comparisons"]}
    waits = waits.assign(is_null=[(m, d, c) in nulls for m, d, c in
                                  zip(waits.measure, waits.dimension, waits.category)])
    tested = waits[waits.is_significant_fdr.notna()]
    assert tested.is_null.sum() >= 50
    discoveries = tested.is_significant_fdr.astype(bool)
    # nothing is planted by sex: no sex comparison survives
    assert not discoveries[tested.dimension == "sex"].any()
    assert discoveries.sum() >= 5
    assert (discoveries & tested.is_null).sum() / discoveries.sum() <= 0.10
    # the planted effect is among the discoveries
    q1 = tested[(tested.dimension == "imd_quintile") & (tested.category == "1")].set_index("measure")
    assert q1.loc["days_mean", "is_significant_fdr"] and q1.loc["over_18_weeks_pct", "is_significant_fdr"]


def test_waiting_time_pathways_and_persons_are_the_truth_at_scale(built, waits):
    from test_waiting_time_inequality import check_pathways_and_persons, waiting_time_table

    truth = built["truth"]["waiting_time_inequality"]
    assert check_pathways_and_persons(waits, truth) > 250
    print("\nwaiting-time inequality, IMD quintile 1 against 5 (a tenth of a trust year)")
    print("\n".join(waiting_time_table(waits, truth)))

