"""Issue 5: the core and research-question marts on the small drop.

The research-question marts must reproduce the truth manifest's RQ1 and RQ2 counts once
the published disclosure rule is applied to them (computed here in Python, independently
of the dbt macros), publish nothing but controlled counts, let every percentage and rate
be recomputed from what they publish, and carry no person-level key. The derived outcomes
of the core marts are recomputed here with pandas from the rows they derive from.
"""
from __future__ import annotations

import json
import math

import duckdb
import numpy as np
import pandas as pd
import pytest
import yaml

from python_helpers import PROJECT_DIR

RQ_MARTS = {
    # mart -> its published count columns
    "rq1_patient_demographics": ["patients"],
    "rq2_social_care_contact": ["patients"],
    "rq2_social_care_needs": ["patients"],
    "rq2_multiple_disadvantage": ["waiting_list_patients", "patients"],
    "rq3_area_prevalence": ["patients"],
    "rq3_cohort_prevalence": ["cohort_persons", "patients"],
    "rq4_outcome_variation": ["base"],
    "rq4_waiting_time_inequality": ["pathways", "persons"],
    "rq4_inequality_gradient": [],
    "rq3_deprivation_gradient": [],
}
# The published contract (docs/design.md): each research-question mart's columns, in order.
CONTRACT_COLUMNS = {
    "rq1_patient_demographics": [
        "service", "dimension", "category", "patients", "pct_of_service", "is_suppressed"],
    "rq2_social_care_contact": [
        "service", "asc_status", "patients", "pct_of_service", "is_suppressed"],
    "rq2_social_care_needs": [
        "service", "need_type", "category", "patients", "pct_of_known", "is_suppressed"],
    "rq2_multiple_disadvantage": [
        "dimension", "category", "social_care_wait", "waiting_list_patients", "patients",
        "pct_of_waiting", "median_days_waiting_hospital", "is_suppressed",
        "median_days_waiting_hospital_others"],
    "rq3_area_prevalence": [
        "area_type", "area_code", "area_name", "service", "patients", "population",
        "rate_per_1000", "rate_ratio", "ci_lower", "ci_upper", "is_suppressed",
        "in_catchment", "catchment_population", "expected_patients", "standardised_ratio",
        "sr_ci_lower", "sr_ci_upper"],
    "rq3_cohort_prevalence": [
        "cohort", "service", "cohort_persons", "patients", "pct_of_cohort", "ratio_to_all",
        "is_suppressed", "comparator", "standardised_ratio", "sr_ci_lower", "sr_ci_upper"],
    "rq4_outcome_variation": [
        "outcome", "dimension", "category", "base", "value", "reference_category",
        "ratio_to_reference", "ci_lower", "ci_upper", "is_suppressed", "adjusted_ratio",
        "adjusted_ci_lower", "adjusted_ci_upper", "adjusted_for", "is_significant_fdr",
        "completeness_pct"],
    "rq4_waiting_time_inequality": [
        "dimension", "category", "measure", "pathways", "persons", "value", "adjusted_value",
        "difference_to_reference", "ratio_to_reference", "ci_lower", "ci_upper",
        "reference_category", "is_suppressed", "difference_ci_lower", "difference_ci_upper",
        "adjusted_difference_to_reference", "adjusted_difference_ci_lower",
        "adjusted_difference_ci_upper", "adjusted_ratio_to_reference", "adjusted_ci_lower",
        "adjusted_ci_upper", "adjusted_for", "is_significant_fdr"],
    "rq4_inequality_gradient": [
        "outcome", "slope_index", "relative_index", "ci_lower", "ci_upper",
        "adjusted_slope_index", "adjusted_relative_index", "adjusted_ci_lower",
        "adjusted_ci_upper", "ci_method"],
    "rq3_deprivation_gradient": [
        "service", "slope_index", "relative_index", "ci_lower", "ci_upper", "ci_method"],
}
SERVICES = ["ae", "inpatient", "waiting_list", "any"]
THRESHOLD, BASE = 7, 5  # dbt vars disclosure_threshold and disclosure_rounding_base


def published(count: int) -> int | None:
    """The published form of an exact count: the disclosure rule (docs/design.md), written out here so that
    the marts are checked against the rule, not against the macro that implements it."""
    if 1 <= count <= THRESHOLD:
        return None
    return int(math.floor(count / BASE + 0.5)) * BASE


def read_mart(con, name: str) -> pd.DataFrame:
    schema = "marts_core" if name.startswith(("dim_", "fct_")) else "marts"
    return con.sql(f'select * from "{schema}"."{name}"').df()


def expected_rq1(manifest: dict) -> dict:
    """(service, dimension, category) -> published count, from the truth manifest."""
    out = {}
    for service, dims in manifest["research_questions"]["rq1_patient_demographics"].items():
        for dimension, categories in dims.items():
            if dimension != "persons":
                out.update({(service, dimension, c): published(n) for c, n in categories.items()})
    return out


def expected_rq2(manifest: dict) -> dict:
    truth = manifest["research_questions"]["rq2_social_care_contact"]
    return {(service, status): published(counts[status])
            for service, counts in truth.items() for status in ("current", "previous", "not_known")}


def as_published(value) -> int | None:
    return None if pd.isna(value) else int(value)


@pytest.fixture(scope="module")
def warehouse(small_warehouse):
    con = duckdb.connect(str(small_warehouse["db_path"]), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def dbt_manifest(small_warehouse) -> dict:
    return json.loads((small_warehouse["target"] / "manifest.json").read_text())


def test_rq1_counts_are_the_truth_after_disclosure_control(warehouse, small_manifest):
    mart = read_mart(warehouse, "rq1_patient_demographics")
    got = {(r.service, r.dimension, r.category): as_published(r.patients)
           for r in mart.itertuples()}
    expected = expected_rq1(small_manifest)
    assert {k: got.get(k, "missing") for k in expected} == expected
    # the manifest's dimensions are all there; the mart adds only the vulnerable groups
    assert set(got) - set(expected) == {k for k in got if k[1] == "vulnerable_group"}


def test_rq2_contact_counts_are_the_truth_after_disclosure_control(warehouse, small_manifest):
    mart = read_mart(warehouse, "rq2_social_care_contact")
    got = {(r.service, r.asc_status): as_published(r.patients) for r in mart.itertuples()}
    assert got == expected_rq2(small_manifest)


@pytest.mark.parametrize("mart", [m for m, counts in RQ_MARTS.items() if counts])
def test_research_question_mart_publishes_only_controlled_counts(warehouse, mart):
    frame = read_mart(warehouse, mart)
    assert len(frame) > 0
    for column in RQ_MARTS[mart]:
        shown = frame[column].dropna().astype("int64")
        assert not shown.between(1, THRESHOLD).any(), f"{mart}.{column} shows a small count"
        assert (shown % BASE == 0).all(), f"{mart}.{column} shows an unrounded count"
        assert (shown >= 0).all()
    assert frame["is_suppressed"].notna().all()
    # a count is only ever withheld by suppression
    withheld = frame[RQ_MARTS[mart]].isna().any(axis=1)
    assert frame.loc[withheld, "is_suppressed"].all(), mart


@pytest.mark.parametrize("mart", list(RQ_MARTS))
def test_research_question_mart_has_the_contract_columns_and_no_person_key(warehouse, mart):
    frame = read_mart(warehouse, mart)
    assert list(frame.columns) == CONTRACT_COLUMNS[mart]
    assert not [c for c in frame.columns if "pseudonym" in c or c.endswith("_id")]
    patients = read_mart(warehouse, "dim_patient")
    keys = set(patients["nhs_number_pseudonym"]) | set(patients["asc_person_pseudonym"].dropna())
    for column in [c for c in frame.columns if pd.api.types.is_string_dtype(frame[c])]:
        assert not set(frame[column].dropna()) & keys, f"{mart}.{column} holds a person key"


def test_research_question_marts_enforce_their_contract_and_are_described(dbt_manifest):
    nodes = {n["name"]: n for n in dbt_manifest["nodes"].values()
             if n["resource_type"] == "model"}
    for mart in RQ_MARTS:
        node = nodes[mart]
        assert node["config"]["contract"]["enforced"] is True, mart
        assert list(node["columns"]) == CONTRACT_COLUMNS[mart], mart
        assert all(c.get("data_type") for c in node["columns"].values()), mart
    tested = {n["attached_node"].split(".")[-1] for n in dbt_manifest["nodes"].values()
              if n["resource_type"] == "test"
              and n.get("test_metadata", {}).get("name") == "disclosure_controlled"}
    assert tested == {m for m, counts in RQ_MARTS.items() if counts}


def test_every_mart_and_column_is_described(dbt_manifest, warehouse):
    marts = [n for n in dbt_manifest["nodes"].values()
             if n["resource_type"] == "model" and "/marts/" in "/" + n["original_file_path"]]
    assert len(marts) >= 16
    for node in marts:
        assert len(node["description"]) > 80, node["name"]
        assert "grain" in node["description"].lower(), f"{node['name']} states no grain"
        built = read_mart(warehouse, node["name"]).columns
        undocumented = [c for c in built if not node["columns"].get(c, {}).get("description")]
        assert not undocumented, f"{node['name']}: {undocumented}"


def test_core_marts_are_restricted_and_only_research_marts_are_exposed(dbt_manifest):
    nodes = dbt_manifest["nodes"]
    for node in nodes.values():
        if node["resource_type"] == "model" and node["name"].startswith(("dim_patient", "fct_",
                                                                          "dim_asc_person")):
            assert node["access"] in ("private", "protected"), node["name"]
            assert "not for publication" in node["description"].lower(), node["name"]
    exposures = dbt_manifest["exposures"].values()
    assert exposures
    read = {nodes[uid]["name"] for e in exposures for uid in e["depends_on"]["nodes"]}
    assert read == set(RQ_MARTS)


def test_percentages_are_computed_from_the_published_counts(warehouse, small_manifest):
    mart = read_mart(warehouse, "rq1_patient_demographics")
    persons = small_manifest["research_questions"]["rq1_patient_demographics"]
    totals = mart["service"].map({s: published(v["persons"]) for s, v in persons.items()})
    expected = 100.0 * mart["patients"].astype("float64") / totals
    np.testing.assert_allclose(mart["pct_of_service"].to_numpy(dtype=float),
                               expected.to_numpy(dtype=float), rtol=1e-12)

    needs = read_mart(warehouse, "rq2_social_care_needs")
    contact = read_mart(warehouse, "rq2_social_care_contact")
    known = contact[contact.asc_status == "current"].set_index("service")["patients"]
    expected = 100.0 * needs["patients"].astype("float64") / needs["service"].map(known)
    np.testing.assert_allclose(needs["pct_of_known"].to_numpy(dtype=float),
                               expected.to_numpy(dtype=float), rtol=1e-12)


def test_area_rates_and_ratios_are_recomputed_from_published_counts(warehouse):
    mart = read_mart(warehouse, "rq3_area_prevalence")
    lsoa = read_mart(warehouse, "dim_lsoa")
    patients = mart["patients"].astype("float64")
    np.testing.assert_allclose(mart["rate_per_1000"].to_numpy(dtype=float),
                               (1000.0 * patients / mart["population"]).to_numpy(dtype=float))
    # each area type partitions the same 1,077 LSOAs, their population and catchment
    known = mart[mart.area_code != "Unknown"]
    assert (known.groupby(["area_type", "service"])["population"].sum()
            == lsoa["population_total"].sum()).all()
    np.testing.assert_allclose(known.groupby(["area_type", "service"])["catchment_population"].sum(),
                               lsoa["catchment_population"].sum())
    assert (mart[mart.area_code == "Unknown"]["population"].isna()).all()
    assert not mart.loc[mart.area_code == "Unknown", "in_catchment"].any()
    # in the catchment when the Trust's share of its residents is at least 0.2
    np.testing.assert_array_equal(
        known.in_catchment, known.catchment_population >= 0.2 * known.population)
    # the comparator is the whole catchment: the service's patients with a known LSOA
    # (published) over the catchment population of every LSOA; no ratio outside it
    located = read_mart(warehouse, "dim_patient").lsoa11_code.isin(lsoa.lsoa11_code)
    services = read_mart(warehouse, "dim_patient_services").merge(
        read_mart(warehouse, "dim_patient")[["nhs_number_pseudonym"]].assign(located=located),
        on="nhs_number_pseudonym")
    area_patients = services[services.located].groupby("service").size().map(published)
    assert known.loc[~known.in_catchment, ["rate_ratio", "standardised_ratio"]].isna().all().all()
    rows = known[known.in_catchment].copy()
    rows["b"] = rows.service.map(area_patients).astype(float)
    overall = rows.b / lsoa["catchment_population"].sum()
    np.testing.assert_allclose(rows.rate_ratio, rows.patients / rows.catchment_population / overall,
                               rtol=1e-12)
    rows = rows[rows.patients > 0]  # no log interval around a ratio of 0
    assert rows.ci_lower.notna().any()
    se = np.sqrt(1 / rows.patients.astype(float) + 1 / rows.b)
    np.testing.assert_allclose(rows.ci_lower, rows.rate_ratio * np.exp(-1.959964 * se),
                               rtol=1e-12)
    np.testing.assert_allclose(rows.ci_upper, rows.rate_ratio * np.exp(1.959964 * se),
                               rtol=1e-12)


def icd10_in(codes: pd.Series, letter: str, first: int, last: int) -> pd.Series:
    """Codes whose 3-character category is letter + first..last (with or without a dot)."""
    text = codes.fillna("").astype(str)
    number = pd.to_numeric(text.str[1:3], errors="coerce")
    return (text.str[0] == letter) & number.between(first, last)


def test_emergency_readmission_matches_an_independent_recomputation(warehouse):
    """NHS Digital's indicator (I02040): index spells leave out deaths, spells not followed
    for 30 days, and the clinical exclusions (first that applies: maternity, cancer,
    regular day or night attender, day case, transfer to another hospital); a readmission
    is the first emergency admission not for cancer or obstetrics, 0-29 days after."""
    spells = read_mart(warehouse, "fct_inpatient_spells")
    diagnoses = warehouse.sql("select source_row, diagnosis_code from "
                              '"intermediate"."int_inpatient_spell_diagnoses_permitted"').df()
    cancer_rows = set(diagnoses.loc[icd10_in(diagnoses.diagnosis_code, "C", 0, 97), "source_row"])
    reference = pd.Timestamp("2022-03-31")
    primary = spells.primary_diagnosis_code
    rules = {
        "maternity": (spells.admission_method_code.isin(["31", "32", "82", "83"])
                      | (spells.patient_classification_code == "5") | icd10_in(primary, "O", 0, 99)),
        "cancer": spells.spell_id.isin(cancer_rows),
        "regular_day_or_night_attender": spells.patient_classification_code.isin(["3", "4"]),
        "day_case": spells.patient_classification_code == "2",
        "transferred_to_another_hospital": spells.discharge_destination_code.isin(
            ["49", "50", "51", "52", "53"]),
    }
    followed = (spells.has_valid_dates & ~spells.is_in_hospital_death
                & spells.nhs_number_pseudonym.notna()
                & (spells.discharge_date + pd.Timedelta(days=29) <= reference))
    reason = pd.Series(None, index=spells.index, dtype=object)
    for name, applies in reversed(rules.items()):
        reason = reason.mask(followed & applies.fillna(False), name)
    assert (spells.loc[followed, "readmission_index_exclusion"].fillna("")
            == reason[followed].fillna("")).all()
    index = spells[followed & reason.isna()]
    assert (spells.is_readmission_index_spell == spells.spell_id.isin(index.spell_id)).all()
    assert set(reason.dropna()) == set(rules), "every exclusion should apply somewhere in the drop"

    counted = spells[spells.is_emergency_admission & spells.admitted_at.notna()
                     & ~icd10_in(primary, "C", 0, 97) & ~icd10_in(primary, "O", 0, 99)]
    pairs = index[["spell_id", "nhs_number_pseudonym", "discharged_at"]].merge(
        counted[["spell_id", "nhs_number_pseudonym", "admitted_at"]],
        on="nhs_number_pseudonym", suffixes=("", "_later"))
    pairs = pairs[(pairs.spell_id != pairs.spell_id_later)
                  & (pairs.admitted_at >= pairs.discharged_at)]
    first = pairs.groupby("spell_id").admitted_at.min()
    days = (first.dt.normalize() - index.set_index("spell_id").discharged_at.dt.normalize()
            ).dt.days
    expected = days.reindex(index.spell_id).between(0, 29)
    got = spells.set_index("spell_id").loc[index.spell_id, "has_emergency_readmission_30d"]
    assert (got.astype(bool).to_numpy() == expected.to_numpy()).all()
    assert got.sum() > 0, "the small drop should have some emergency readmissions"
    assert spells.loc[~spells.is_readmission_index_spell,
                      "has_emergency_readmission_30d"].isna().all()


def test_outcome_values_match_the_core_facts(warehouse):
    """rq4's medians and means by IMD quintile, recomputed from the core facts."""
    mart = read_mart(warehouse, "rq4_outcome_variation").set_index(
        ["outcome", "dimension", "category"])
    patients = read_mart(warehouse, "dim_patient")
    quintile = patients.set_index("nhs_number_pseudonym").imd_quintile.map(
        lambda q: "Unknown" if pd.isna(q) else str(int(q)))
    pathways = read_mart(warehouse, "fct_waiting_list_pathways")
    pathways["q"] = pathways.nhs_number_pseudonym.map(quintile)
    spells = read_mart(warehouse, "fct_inpatient_spells")
    emergency = spells[spells.is_emergency_admission & spells.length_of_stay_days.notna()].copy()
    emergency["q"] = emergency.nhs_number_pseudonym.map(quintile)
    checks = {
        "rtt_weeks_waiting_median": pathways.groupby("q").weeks_waiting.median(),
        "ip_length_of_stay_mean_days": emergency.groupby("q").length_of_stay_days.mean(),
    }
    for outcome, values in checks.items():
        for q, value in values.items():
            row = mart.loc[(outcome, "imd_quintile", q)]
            if not row.is_suppressed:
                assert row.value == pytest.approx(value, rel=1e-9), (outcome, q)
        reference = values["5"]
        for q in ("1", "2", "3", "4"):
            assert mart.loc[(outcome, "imd_quintile", q)].ratio_to_reference == \
                pytest.approx(values[q] / reference, rel=1e-9)


def test_ratio_intervals_contain_their_ratio_and_reference_rows_are_one(warehouse):
    mart = read_mart(warehouse, "rq4_outcome_variation")
    with_ci = mart.dropna(subset=["ci_lower", "ci_upper"])
    assert len(with_ci) > 0
    assert ((with_ci.ci_lower <= with_ci.ratio_to_reference)
            & (with_ci.ratio_to_reference <= with_ci.ci_upper)).all()
    reference = mart[mart.category == mart.reference_category]
    assert set(reference.dimension) == {"sex", "age_band", "ethnic_group", "imd_decile",
                                        "imd_quintile"}
    shown = reference.dropna(subset=["value"])
    assert (shown.ratio_to_reference == 1.0).all() and shown.ci_lower.isna().all()
    assert set(mart[mart.dimension.isin(["local_authority", "vulnerable_group"])]
               .reference_category) == {"all other patients"}
    # ratios of medians have Price and Bonett's interval (a small group's lower order
    # statistic can be 0 weeks, whose log has none)
    medians = mart[mart.outcome.str.endswith("_median") & ~(mart.category == mart.reference_category)
                   & mart.ratio_to_reference.notna() & (mart.ratio_to_reference > 0)
                   & (mart.base >= 50)]
    assert len(medians) > 20 and medians.ci_lower.notna().all()


def test_analyses_cover_each_research_question():
    analyses = sorted(p.stem for p in (PROJECT_DIR / "analyses").glob("rq*.sql"))
    assert [a[:3] for a in analyses] == ["rq1", "rq2", "rq3", "rq4"]
    documented = yaml.safe_load((PROJECT_DIR / "analyses" / "_analyses.yml").read_text())
    assert {a["name"] for a in documented["analyses"]} == set(analyses)
