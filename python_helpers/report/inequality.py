"""The inequality report: one self-contained HTML page of charts from the published
research-question marts, for analysts and service leads.

Data-driven: each mart is one small `Section` (its question, a function that draws its
charts from the mart's rows, and the caveats that go beside them). A mart that is not in
the warehouse renders as "not built", so a mart added later (rq2_multiple_disadvantage,
rq4_waiting_time_inequality) needs no change here. Every number in the text is read from
the marts when the page is written: the code holds words, never figures. The only
figures taken from a table that is not disclosure-controlled (linkage by district, from
data_quality.dq_linkage_quality) pass through the marts' own disclosure rule first.
"""
from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import jinja2
import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from python_helpers.report import charts
from python_helpers.report.warehouse import DisclosureRule, Warehouse
from python_helpers.settings import project_vars

TEMPLATES = Path(__file__).parent / "templates"
MARTS = "marts"

# Words for the marts' codes (presentation only; the values are the marts').
SERVICES = {"any": "any service", "ae": "A&E", "inpatient": "inpatient care",
            "waiting_list": "the waiting list"}
OUTCOMES = {
    "rtt_weeks_waiting_median": ("median weeks waited (waiting list)", "weeks"),
    "rtt_over_18_weeks_pct": ("% waiting over 18 weeks", "percentage points"),
    "rtt_over_52_weeks_pct": ("% waiting over 52 weeks", "percentage points"),
    "ae_minutes_in_department_median": ("median minutes in A&E", "minutes"),
    "ae_over_4_hours_pct": ("% over 4 hours in A&E", "percentage points"),
    "ip_length_of_stay_mean_days": ("mean length of stay, emergency admissions", "days"),
    "ip_emergency_readmission_30d_pct": ("% readmitted as an emergency within 30 days",
                                         "percentage points"),
    "ip_in_hospital_mortality_pct": ("% of spells ending in death", "percentage points"),
}
ASC_STATUS = {"current": "currently known", "previous": "known before, not now",
              "not_known": "not known"}


@dataclass
class Chart:
    title: str
    reading: str                      # one line of plain English, numbers from the data
    figure: go.Figure | None = None   # None: the reading says why there is no chart


@dataclass
class Drawn:
    charts: list[Chart]
    caveats: list[str] = field(default_factory=list)


@dataclass
class Context:
    wh: Warehouse
    rule: DisclosureRule
    vars: dict

    def mart(self, name: str) -> pd.DataFrame | None:
        return self.wh.table(MARTS, name)


@dataclass
class Section:
    mart: str
    question: int
    title: str
    draw: Callable[[pd.DataFrame, Context], Drawn]
    count_columns: tuple[str, ...] = ("patients",)


# -- formatting ---------------------------------------------------------------------------

def pct(x) -> str:
    return "n/a" if x is None or pd.isna(x) else f"{x:.1f}%"


def num(x, places: int = 2) -> str:
    return "n/a" if x is None or pd.isna(x) else f"{x:,.{places}f}"


def ci(lo, hi, places: int = 2) -> str:
    return f"95% CI {num(lo, places)} to {num(hi, places)}"


def _decile_key(code: str) -> float:
    return float(code) if str(code).isdigit() else 99.0


def category_order(categories) -> list[str]:
    """Display order of a breakdown's categories: by their leading number (deciles,
    quintiles, age bands), Unknown and Not known last."""
    def key(c: str):
        digits = "".join(ch for ch in str(c).split("-")[0] if ch.isdigit())
        return (str(c) in ("Unknown", "Not known"), int(digits) if digits else 10**6, str(c))
    return sorted(dict.fromkeys(str(c) for c in categories), key=key)


# -- RQ1 ----------------------------------------------------------------------------------

def draw_rq1(df: pd.DataFrame, ctx: Context) -> Drawn:
    anyone = df[df["service"] == "any"]
    deciles = anyone[(anyone["dimension"] == "imd_decile") & (anyone["category"] != "Unknown")]
    deciles = deciles.assign(k=deciles["category"].map(_decile_key)).sort_values("k")
    known = deciles["patients"].sum()
    shares = deciles.assign(share=100 * deciles["patients"] / known, series="Trust patients")
    rows = [shares[["category", "share", "series"]]]
    reading = ""
    rq3 = ctx.mart("rq3_area_prevalence")
    if rq3 is not None:
        pop = rq3[(rq3["area_type"] == "imd_decile") & (rq3["service"] == "any")
                  & (rq3["area_code"] != "Unknown")]
        pop = pop.assign(share=100 * pop["catchment_population"]
                         / pop["catchment_population"].sum(),
                         series="catchment population", category=pop["area_code"])
        rows.append(pop[["category", "share", "series"]])
        most = pop[pop["category"].isin(["1", "2"])]["share"].sum()
        reading = (f"{pct(shares[shares['category'].isin(['1', '2'])]['share'].sum())} of the "
                   "Trust's patients (with a known area) live in the two most deprived IMD "
                   f"deciles, against {pct(most)} of its catchment population.")
    else:
        reading = (f"{pct(shares[shares['category'].isin(['1', '2'])]['share'].sum())} of the "
                   "Trust's patients with a known area live in the two most deprived IMD "
                   "deciles (the catchment population needs rq3_area_prevalence).")
    fig1 = charts.grouped_bars(pd.concat(rows), "category", "share", "series",
                               "IMD 2019 decile (1 = most deprived)", "% of the total",
                               order=[str(i) for i in range(1, 11)])
    ages = df[(df["dimension"] == "age_band") & (df["service"] != "any")
              & (df["category"] != "Unknown")]
    fig2 = charts.grouped_bars(ages.assign(service=ages["service"].map(SERVICES)), "category",
                               "pct_of_service", "service", "age band",
                               "% of the service's patients",
                               order=category_order(ages["category"]))
    by_service = {}
    for service, part in ages.groupby("service"):
        older = part[part["category"].isin(["65-74", "75-84", "85+"])]["pct_of_service"].sum()
        by_service[service] = older
    oldest = max(by_service, key=by_service.get) if by_service else None
    reading2 = (f"Patients aged 65 and over are {pct(by_service.get(oldest))} of "
                f"{SERVICES.get(oldest, oldest)}'s patients, the oldest service; "
                + ", ".join(f"{pct(v)} of {SERVICES.get(s, s)}'s" for s, v in by_service.items()
                            if s != oldest) + ".") if oldest else "No age bands published."
    caveats = []
    unknown = anyone[(anyone["dimension"] == "imd_decile") & (anyone["category"] == "Unknown")]
    if not unknown.empty:
        caveats.append(f"{pct(unknown['pct_of_service'].iloc[0])} of patients have no known "
                       "home area (postcode missing, invalid or outside the area): they are "
                       "left out of the decile shares.")
    eth = anyone[(anyone["dimension"] == "ethnic_group") & (anyone["category"] == "Not known")]
    if not eth.empty:
        caveats.append(f"Ethnic group is not known for {pct(eth['pct_of_service'].iloc[0])} of "
                       "patients: only the waiting list and social care record it.")
    return Drawn([Chart("Patients by IMD decile against the catchment population", reading,
                        fig1),
                  Chart("Age of each service's patients", reading2, fig2)], caveats)


# -- RQ2 ----------------------------------------------------------------------------------

def draw_rq2_contact(df: pd.DataFrame, ctx: Context) -> Drawn:
    shares = df.assign(service=df["service"].map(SERVICES),
                       asc_status=df["asc_status"].map(ASC_STATUS))
    fig1 = charts.stacked_shares(shares, "service", "pct_of_service", "asc_status",
                                 "% of the service's patients living in ECC's 12 districts",
                                 list(ASC_STATUS.values()))
    anyone = df[df["service"] == "any"].set_index("asc_status")["pct_of_service"]
    reading = (f"Of patients of any service living in the 12 districts where ECC provides "
               f"social care, {pct(anyone.get('current'))} are currently known to adult social "
               f"care and {pct(anyone.get('previous'))} were known before.")
    out = [Chart("Known to adult social care, by service", reading, fig1)]
    caveats = ["Southend-on-Sea and Thurrock residents are left out: their councils, not ECC, "
               "provide their social care."]
    quality = ctx.wh.table("data_quality", "dq_linkage_quality")
    if quality is not None:
        d = quality[(quality["population"] == "ecc_resident_patients")
                    & (quality["dimension"] == "local_authority")].copy()
        d["persons_pub"] = d["persons"].map(ctx.rule.publish)
        d["linked_pub"] = d["persons_linked"].map(ctx.rule.publish)
        d["rate"] = 100 * d["linked_pub"] / d["persons_pub"]
        shown = d.dropna(subset=["rate"]).sort_values("rate", ascending=False)
        withheld = len(d) - len(shown)
        if not shown.empty:
            top, low = shown.iloc[0], shown.iloc[-1]
            out.append(Chart(
                "Known to adult social care, by district",
                f"The share of patients known to social care (now or before) ranges from "
                f"{pct(low['rate'])} in {low['category']} to {pct(top['rate'])} in "
                f"{top['category']}" + (f"; {withheld} district(s) withheld (small counts)."
                                        if withheld else "."),
                charts.horizontal_bars(shown, "category", "rate",
                                       "% of the district's patients known to social care")))
        caveats.append("District rates come from data_quality.dq_linkage_quality (patients "
                       "linked to any social care record) and are disclosure-controlled here "
                       f"with the marts' rule: {ctx.rule.describe()}.")
        all_sc = quality[(quality["population"] == "social_care_persons")
                         & (quality["dimension"] == "all")]
        if not all_sc.empty:
            caveats.append(f"{pct(100 - all_sc['pct_with_nhs_number'].iloc[0])} of social care "
                           "persons have no NHS number and cannot be linked: known-to-social-"
                           "care rates are a floor.")
            # groups whose linkage is lower, named without their (unrounded) figures, and
            # only groups above the disclosure threshold
            rate = all_sc["pct_linked"].iloc[0]
            low = quality[(quality["population"] == "social_care_persons")
                          & (quality["dimension"] != "all")
                          & (quality["persons"] > ctx.rule.threshold)
                          & (quality["pct_linked_ci_upper"] < rate)]
            if not low.empty:
                caveats.append(
                    "Social care persons link to hospital records less often than average "
                    "(95% interval below the overall rate) in: " + ", ".join(
                        f"{r.dimension.replace('_', ' ')} {r.category}"
                        for r in low.itertuples())
                    + ". A lower rate can mean fewer hospital contacts (north Essex residents "
                    "mostly use other trusts) as well as failed linkage; the governance pack "
                    "gives the rates.")
    return Drawn(out, caveats)


def draw_rq2_needs(df: pd.DataFrame, ctx: Context) -> Drawn:
    anyone = df[(df["service"] == "any") & df["pct_of_known"].notna()]
    panels = {}
    for need, part in anyone.groupby("need_type", sort=False):
        panels[need.replace("_", " ")] = part.sort_values("pct_of_known",
                                                           ascending=False).head(6)
    psr = anyone[(anyone["need_type"] == "primary_support_reason")
                 & (anyone["category"] != "Not recorded")].sort_values("pct_of_known",
                                                                       ascending=False)
    reading = (f"Among patients currently known to social care, the most common primary "
               f"support reason is {psr['category'].iloc[0]} ({pct(psr['pct_of_known'].iloc[0])})."
               if not psr.empty else "No primary support reason is published.")
    fig = charts.facet_bars(panels, "category", "pct_of_known", "% of those currently known") \
        if panels else None
    return Drawn([Chart("Current social care needs (up to six most common of each kind)",
                        reading, fig)],
                 ["A patient counts in every need their social care records show, so the "
                  "shares of a kind can add up to more than 100%."])


def draw_rq2_multiple_disadvantage(df: pd.DataFrame, ctx: Context) -> Drawn:
    either = df[df["social_care_wait"] == "either"]
    overall = either[either["dimension"] == "all"]
    districts = either[(either["dimension"] == "local_authority")
                       & either["pct_of_waiting"].notna()].sort_values("pct_of_waiting",
                                                                       ascending=False)
    reading = (f"{pct(overall['pct_of_waiting'].iloc[0]) if not overall.empty else 'n/a'} of "
               "ECC-resident patients on the hospital waiting list are also waiting for social "
               "care (an assessment, or a review overdue: the last more than 12 months ago or its "
               "due date passed)"
               + (f"; highest in {districts['category'].iloc[0]} "
                  f"({pct(districts['pct_of_waiting'].iloc[0])})." if not districts.empty
                  else "."))
    out = [Chart("Waiting on both lists, by district", reading,
                 charts.horizontal_bars(districts, "category", "pct_of_waiting",
                                        "% of the district's waiting-list patients")
                 if not districts.empty else None)]
    waits = df[(df["dimension"] == "all")].dropna(subset=["median_days_waiting_hospital"])
    if not waits.empty:
        out.append(Chart(
            "Days waited for hospital treatment, by social care wait",
            "Median days waited for hospital treatment: " + "; ".join(
                f"{r.social_care_wait.replace('_', ' ')} {num(r.median_days_waiting_hospital, 0)}"
                for r in waits.itertuples()) + ".",
            charts.horizontal_bars(waits.assign(label=waits["social_care_wait"]
                                                .str.replace("_", " ")),
                                   "label", "median_days_waiting_hospital",
                                   "median days waited (hospital)")))
    return Drawn(out, ["Only the 12 districts where ECC provides social care are covered."])


# -- RQ3 ----------------------------------------------------------------------------------

def draw_rq3_areas(df: pd.DataFrame, ctx: Context) -> Drawn:
    anyone = df[df["service"] == "any"]
    wards = anyone[(anyone["area_type"] == "ward") & anyone["standardised_ratio"].notna()]
    above = wards[wards["sr_ci_lower"] > 1]
    below = wards[wards["sr_ci_upper"] < 1]
    out = []
    if not wards.empty:
        top = wards.sort_values("standardised_ratio").iloc[-1]
        out.append(Chart(
            "Wards of the catchment ranked by their age-and-sex standardised ratio",
            f"{len(above)} of {len(wards)} catchment wards have more patients than their age "
            f"and sex predict (95% interval above 1) and {len(below)} fewer; the highest is "
            f"{top['area_name']} ({num(top['standardised_ratio'])}, "
            f"{ci(top['sr_ci_lower'], top['sr_ci_upper'])}).",
            charts.ranked_intervals(wards, "area_name", "standardised_ratio", "sr_ci_lower",
                                    "sr_ci_upper", "standardised ratio (1 = catchment)")))
    districts = anyone[(anyone["area_type"] == "local_authority")
                       & anyone["standardised_ratio"].notna()]
    if not districts.empty:
        d = districts.sort_values("standardised_ratio", ascending=False)
        out.append(Chart(
            "Districts of the catchment",
            f"Standardised ratios of the districts range from {num(d['standardised_ratio'].min())}"
            f" ({d.iloc[-1]['area_name']}) to {num(d['standardised_ratio'].max())} "
            f"({d.iloc[0]['area_name']}).",
            charts.forest(d, "area_name", "standardised_ratio", "sr_ci_lower", "sr_ci_upper",
                          "standardised ratio (1 = catchment)")))
    caveats = []
    outside = anyone[(anyone["area_type"] == "ward") & ~anyone["in_catchment"]]
    caveats.append(f"{len(outside)} wards outside the Trust's catchment (mostly north Essex, "
                   "served by other trusts) get no ratio: their residents are not compared "
                   "with the catchment's.")
    unknown = anyone[(anyone["area_type"] == "ward") & (anyone["area_code"] == "Unknown")]
    total = anyone[anyone["area_type"] == "ward"]["patients"].sum()
    if not unknown.empty and total:
        caveats.append(f"{pct(100 * unknown['patients'].iloc[0] / total)} of patients have no "
                       "known area and are not placed in any ward.")
    return Drawn(out, caveats)


def draw_rq3_gradient(df: pd.DataFrame, ctx: Context) -> Drawn:
    d = df.dropna(subset=["slope_index"]).assign(label=df["service"].map(SERVICES))
    anyone = d[d["service"] == "any"]
    reading = (f"For any service, the standardised patient rate is "
               f"{num(anyone['slope_index'].iloc[0])} per 1,000 catchment residents higher in "
               f"the most deprived than in the least deprived decile "
               f"({ci(anyone['ci_lower'].iloc[0], anyone['ci_upper'].iloc[0])}; relative index "
               f"{num(anyone['relative_index'].iloc[0])})." if not anyone.empty
               else "No gradient is published (a decile is suppressed or outside the catchment).")
    out = [Chart("Slope index of inequality across IMD deciles, by service", reading,
                 charts.forest(d, "label", "slope_index", "ci_lower", "ci_upper",
                               "patients per 1,000 catchment residents, most minus least "
                               "deprived", null=0) if not d.empty else None)]
    rq3 = ctx.mart("rq3_area_prevalence")
    if rq3 is not None:
        dec = rq3[(rq3["area_type"] == "imd_decile") & (rq3["service"] == "any")
                  & rq3["standardised_ratio"].notna()]
        dec = dec.assign(k=dec["area_code"].map(_decile_key)).sort_values("k")
        if not dec.empty:
            out.append(Chart(
                "Standardised ratio by IMD decile (any service)",
                f"Decile 1 (most deprived) has a standardised ratio of "
                f"{num(dec.iloc[0]['standardised_ratio'])}, decile 10 "
                f"{num(dec.iloc[-1]['standardised_ratio'])}.",
                charts.forest(dec, "area_name", "standardised_ratio", "sr_ci_lower",
                              "sr_ci_upper", "standardised ratio (1 = catchment)")))
    return Drawn(out, ["Deciles are compared within the catchment only: each is weighted by "
                       "its catchment population."])


def draw_rq3_cohorts(df: pd.DataFrame, ctx: Context) -> Drawn:
    d = df[(df["service"] == "any") & df["standardised_ratio"].notna()]
    above = d[d["sr_ci_lower"] > 1].sort_values("standardised_ratio", ascending=False)
    below = d[d["sr_ci_upper"] < 1]
    if not above.empty:
        top = above.iloc[0]
        reading = (f"{len(above)} of {len(d)} social care cohorts are seen in hospital more "
                   "often than people of the same age and sex outside them (95% interval above "
                   f"1), most of all {top['cohort']} ({num(top['standardised_ratio'])}, "
                   f"{ci(top['sr_ci_lower'], top['sr_ci_upper'])}); {len(below)} less often.")
    else:
        reading = (f"None of {len(d)} social care cohorts is seen in hospital significantly more "
                   f"often than the people outside it; {len(below)} less often.")
    fig = charts.forest(d.sort_values("standardised_ratio", ascending=False), "cohort",
                        "standardised_ratio", "sr_ci_lower", "sr_ci_upper",
                        "standardised ratio (1 = as the people outside the cohort)") \
        if not d.empty else None
    return Drawn([Chart("Social care cohorts seen in hospital (any service)", reading, fig)],
                 ["Cohorts overlap (a person with several records belongs to each record's "
                  "cohorts); intervals are not corrected for the number of cohorts."])


# -- RQ4 ----------------------------------------------------------------------------------

def draw_rq4_variation(df: pd.DataFrame, ctx: Context) -> Drawn:
    quint = df[(df["dimension"] == "imd_quintile") & (df["category"] != "Unknown")
               & df["adjusted_ratio"].notna()].copy()
    quint["k"] = quint["category"].map(_decile_key)
    quint = quint.sort_values(["outcome", "k"])
    quint["label"] = "quintile " + quint["category"]
    panels = {}
    for outcome, part in quint.groupby("outcome", sort=False):
        panels[OUTCOMES.get(outcome, (outcome,))[0]] = part.assign(series="adjusted ratio")
    tested = df[df["is_significant_fdr"].notna()]
    flagged = tested[tested["is_significant_fdr"].astype(bool)]
    examples = "; ".join(
        f"{OUTCOMES.get(r.outcome, (r.outcome,))[0]}, {r.dimension.replace('_', ' ')} "
        f"{r.category} ({num(r.adjusted_ratio)})"
        for r in flagged.sort_values("adjusted_ratio", ascending=False).head(3).itertuples())
    reading = (f"{len(flagged)} of {len(tested)} tested comparisons differ from the whole "
               f"Trust after adjusting for age, sex and case mix, keeping the false discovery "
               f"rate at {100 * float(ctx.vars.get('false_discovery_rate', 0.05)):.0f}%"
               + (f": {examples}." if examples else "."))
    fig = charts.facet_forest(panels, "label", "adjusted_ratio", "adjusted_ci_lower",
                              "adjusted_ci_upper", "series", null=1.0) if panels else None
    caveats = []
    threshold = float(ctx.vars.get("completeness_threshold_pct", 90))
    low = (df.groupby(["outcome", "dimension"])["completeness_pct"].min().reset_index())
    low = low[low["completeness_pct"] < threshold]
    for dimension, part in low.groupby("dimension"):
        caveats.append(
            f"{dimension.replace('_', ' ')} is known for only "
            f"{pct(part['completeness_pct'].min())} to {pct(part['completeness_pct'].max())} of "
            f"the events of {len(part)} outcome(s): below the {threshold:.0f}% threshold, "
            "published but not tested.")
    caveats.append("Medians have no adjusted ratio; crude ratios are in the mart beside the "
                   "adjusted ones.")
    return Drawn([Chart("Outcomes by IMD quintile, adjusted for age, sex and case mix "
                        "(1 = the whole Trust)", reading, fig)], caveats)


def draw_rq4_gradient(df: pd.DataFrame, ctx: Context) -> Drawn:
    rows = []
    for r in df.itertuples():
        label, unit = OUTCOMES.get(r.outcome, (r.outcome, ""))
        rows.append(dict(outcome=f"{label} ({unit})", series="crude", sii=r.slope_index,
                         lo=r.ci_lower, hi=r.ci_upper))
        rows.append(dict(outcome=f"{label} ({unit})", series="adjusted",
                         sii=r.adjusted_slope_index, lo=r.adjusted_ci_lower,
                         hi=r.adjusted_ci_upper))
    d = pd.DataFrame(rows).dropna(subset=["sii"])
    panels = {o: part.assign(label=part["series"]) for o, part in d.groupby("outcome",
                                                                             sort=False)}
    sig = df[(df["ci_lower"] > 0) | (df["ci_upper"] < 0)].copy()
    if not sig.empty:
        sig["size"] = sig["relative_index"].abs()
        r = sig.sort_values("size", ascending=False).iloc[0]
        label, unit = OUTCOMES.get(r["outcome"], (r["outcome"], ""))
        reading = (f"The steepest gradient: {label} is {num(r['slope_index'], 1)} {unit} "
                   f"{'higher' if r['slope_index'] > 0 else 'lower'} in the most deprived than "
                   f"the least deprived ({ci(r['ci_lower'], r['ci_upper'], 1)}), "
                   + (f"{num(r['adjusted_slope_index'], 1)} after adjusting for age, sex and "
                      "case mix." if pd.notna(r["adjusted_slope_index"])
                      else "with no adjusted value (a median)."))
    else:
        reading = "No outcome has a slope index whose 95% interval excludes 0."
    missing = df[df["slope_index"].isna()]["outcome"].tolist()
    caveats = []
    if missing:
        caveats.append(f"{len(missing)} outcome(s) have no slope index because a decile's value "
                       "is suppressed: " + ", ".join(OUTCOMES.get(m, (m,))[0] for m in missing)
                       + ".")
    return Drawn([Chart("Slope index of inequality across IMD deciles, crude and adjusted",
                        reading,
                        charts.facet_forest(panels, "label", "sii", "lo", "hi", "series",
                                            null=0.0, panel_height=150) if panels else None)],
                 caveats)


def draw_rq4_waiting(df: pd.DataFrame, ctx: Context) -> Drawn:
    measure = "days_median" if (df["measure"] == "days_median").any() else "days_mean"
    q = df[(df["dimension"] == "imd_quintile") & (df["measure"] == measure)
           & (df["category"] != "Unknown")].copy()
    q["k"] = q["category"].map(_decile_key)
    q = q.sort_values("k")
    long = pd.concat([q.assign(series="crude", days=q["value"]),
                      q.assign(series="adjusted for treatment function and priority",
                               days=q["adjusted_value"])])
    fig = charts.grouped_bars(long, "category", "days", "series",
                              "IMD 2019 quintile (1 = most deprived)",
                              f"days waited ({measure.replace('days_', '')})",
                              order=[c for c in q["category"]])
    most, least = (q.iloc[0], q.iloc[-1]) if len(q) else (None, None)
    if most is not None:
        reading = (f"Patients in the most deprived quintile wait {num(most['value'], 0)} days "
                   f"({measure.replace('days_', '')}) against {num(least['value'], 0)} in the "
                   f"least deprived: {num(most.get('difference_to_reference'), 0)} days "
                   f"crude, {num(most.get('adjusted_difference_to_reference'), 0)} days after "
                   "adjusting for treatment function and referral priority.")
    else:
        reading = "No waiting times by IMD quintile are published."
    return Drawn([Chart("Days waited by deprivation, crude and adjusted", reading, fig)],
                 ["The protocol quotes a national gap of up to 43 days (35%) between the most "
                  "and least deprived (Moscelli et al. 2018, within provider and specialty)."],)


SECTIONS = [
    Section("rq1_patient_demographics", 1, "Who the Trust's patients are", draw_rq1),
    Section("rq2_social_care_contact", 2, "Patients known to adult social care",
            draw_rq2_contact),
    Section("rq2_social_care_needs", 2, "Their current social care needs", draw_rq2_needs),
    Section("rq2_multiple_disadvantage", 2,
            "Waiting for hospital treatment and for social care", draw_rq2_multiple_disadvantage,
            ("waiting_list_patients", "patients")),
    Section("rq3_area_prevalence", 3, "Areas with more patients than expected", draw_rq3_areas),
    Section("rq3_deprivation_gradient", 3, "The deprivation gradient within the catchment",
            draw_rq3_gradient, ()),
    Section("rq3_cohort_prevalence", 3, "Social care cohorts in hospital", draw_rq3_cohorts,
            ("cohort_persons", "patients")),
    Section("rq4_outcome_variation", 4, "Outcomes by deprivation and group", draw_rq4_variation,
            ("base",)),
    Section("rq4_inequality_gradient", 4, "The social gradient of each outcome",
            draw_rq4_gradient, ()),
    Section("rq4_waiting_time_inequality", 4, "Waiting-time inequality in days",
            draw_rq4_waiting, ("pathways", "persons")),
]

QUESTIONS = {
    1: "RQ1: What is the demographic make-up of people in the MSEFT patient data?",
    2: "RQ2: How many people in the MSEFT patient data are known to social care, and what "
       "are their current social care needs?",
    3: "RQ3: Are there cohorts or areas more prevalent in the MSEFT patient data?",
    4: "RQ4: Do healthcare outcomes vary by protected characteristics, area deprivation or "
       "vulnerable groups?",
}


def disclosure_note(df: pd.DataFrame, section: Section, ctx: Context) -> str:
    if not section.count_columns:
        return ("Disclosure control: built only from published, disclosure-controlled values; "
                "it carries no counts.")
    withheld = int(df["is_suppressed"].sum()) if "is_suppressed" in df else 0
    return (f"Disclosure control: {ctx.rule.describe()}. {withheld:,} of {len(df):,} rows of "
            f"{section.mart} have something withheld.")


def _figure_html(figure: go.Figure, div_id: str) -> str:
    return figure.to_html(full_html=False, include_plotlyjs=False, div_id=div_id,
                          config={"displaylogo": False, "responsive": True})


def render_report(wh: Warehouse, manifest: dict | None = None) -> str:
    ctx = Context(wh, DisclosureRule.from_project(), project_vars())
    questions = []
    for number, text in QUESTIONS.items():
        sections = []
        for section in (s for s in SECTIONS if s.question == number):
            df = ctx.mart(section.mart)
            entry = {"mart": section.mart, "title": section.title, "built": df is not None,
                     "charts": [], "notes": []}
            if df is not None:
                drawn = section.draw(df, ctx)
                for i, chart in enumerate(drawn.charts):
                    entry["charts"].append({
                        "title": chart.title, "reading": chart.reading,
                        "html": _figure_html(chart.figure, f"{section.mart}-{i}")
                        if chart.figure is not None else ""})
                entry["notes"] = [disclosure_note(df, section, ctx)] + drawn.caveats
            sections.append(entry)
        questions.append({"number": number, "text": text, "sections": sections})
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                             autoescape=jinja2.select_autoescape(["html", "j2"]))
    meta = (manifest or {}).get("metadata", {})
    return env.get_template("inequality_report.html.j2").render(
        questions=questions,
        written=dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        built=str(meta.get("generated_at", ""))[:19],
        reference_date=ctx.vars.get("reference_date"),
        rule=ctx.rule.describe(),
        warehouse=str(wh.path),
        style=(TEMPLATES / "style.css").read_text(encoding="utf-8"),
        plotlyjs=get_plotlyjs(),
        escape=html.escape,
    )
