"""Truth manifest, issue 11: the vulnerable groups of each hospital person (hospital and
social care evidence joined) and the people waiting on both lists (rq2_multiple_disadvantage).

Computed from the generator's ground truth. Social care evidence that the generator only
decides while it writes a feed (health conditions, sensory registers, languages) is taken
from the same renderer run again with the same random stream, so it is exactly what the
files hold.
"""
from __future__ import annotations

import numpy as np

from python_helpers.synth import calendar as cal
from python_helpers.synth.config import AGE_BAND_LABELS
from python_helpers.synth.feeds import render_feed
from python_helpers.synth.reference import health_conditions
from python_helpers.synth.social_care_waits import WAITS
from python_helpers.synth.vec import lookup
from python_helpers.synth.vulnerability import CODES, PLANTED

# Category lists of the marts, in display order (dim_breakdown_categories).
VULNERABLE_GROUPS = ("known_to_social_care", "learning_disability", "autism", "dementia",
                     "sensory_impairment", "interpreter_required", "no_fixed_abode", "core20")
# Social care health conditions (names of the HEALTH_CONDITION_TYPE table) per group.
CONDITION_NAMES = {
    "learning_disability": ("Learning Disability", "Other Learning, Developmental or Intellectual Disability",
                            "Down's Syndrome"),
    "autism": ("Autism (excluding Asperger Syndrome / High Functioning Autism)", "Aspergers Syndrome / Autism",
               "Autism (ASD- Autistic Spectrum Disorder)", "Diagnosed with Asperger's Syndrome / Autism",
               "Aspergers"),
    "dementia": ("Dementia", "Alzheimers", "Lewy Body Dementia", "Mixed Dementia", "Korsakoff's Dementia"),
}
LEARNING_DISABILITY_SUPPORT = "Learning Disability Support"
SOCIAL_CARE_WAITS = ("awaiting_assessment", "review_overdue", "either")
NOT_RECORDED, NOT_KNOWN = "Not recorded", "Not known to social care"

DEFINITIONS = {
    "vulnerable_groups": (
        "Per hospital person after objections, one definition joining hospital and social care evidence "
        "(models/intermediate/vulnerability). known_to_social_care: linked to a social care record. "
        "learning_disability: an ICD-10 F70-F79 code in any diagnosis position of an inpatient spell, or a "
        "linked record with a learning-disability health condition or primary support reason Learning "
        "Disability Support (of its most recently started service). autism: F84 on a spell, or an autism "
        "health condition. dementia: a dementia health condition. sensory_impairment: a linked record on a "
        "sensory register. interpreter_required: a linked record's language row needs an interpreter. "
        "no_fixed_abode: the postcode ZZ99 3VZ on the person's hospital records. core20: home LSOA in IMD "
        "2019 deciles 1-2. 'rq1' counts patients per service and group; 'evidence' says where each hospital-"
        "recordable group came from."),
    "rq2_multiple_disadvantage": (
        "Hospital persons after objections who are on the waiting-list snapshot and live in one of ECC's 12 "
        "districts (waiting_list_patients), and of them those with a linked social care record that, at the "
        "reference date, is awaiting an assessment (an assessment step requested before the date with no "
        "completion by it), has a review overdue (an open review whose due date has passed or whose last "
        "review was more than 12 months before the date), or either. Dimensions as rq1 (local_authority: "
        "the 12 districts), plus primary_support_reason (of the most recently started service of the linked "
        "records; 'Not recorded' when linked without one, 'Not known to social care' when not linked) and "
        "all. median_days: median over persons of each person's longest wait on the list (days from the "
        "earliest clock start to the reference date); others_median_days: the same for the category's "
        "waiting-list patients without that social care wait. records_*: social care case records (Mosaic "
        "IDs) planted awaiting an assessment or with a review overdue, before and after objections."),
}


def _rendered(drop, table: str) -> tuple[dict, dict]:
    return render_feed(drop, table)  # the generator's own renderer, run again


def _truthy(text: np.ndarray) -> np.ndarray:
    return np.isin(np.char.upper(np.asarray(text, dtype=str)), ["Y", "YES"])


def record_evidence(drop) -> dict[str, np.ndarray]:
    """Per social care case record: the groups its social care records show."""
    sc, n_rec = drop.sc, len(drop.sc.rec_ind)
    names = dict(zip(health_conditions()["health_condition_type"], health_conditions()["health_condition"]))
    cols, notes = _rendered(drop, "health_conditions")
    condition = lookup(cols["health_condition_type"], names, "")
    out = {}
    for group, wanted in CONDITION_NAMES.items():
        out[group] = np.zeros(n_rec, bool)
        out[group][notes["_rec"][np.isin(condition, wanted)]] = True
    has_service = np.zeros(n_rec, bool)
    has_service[drop.elements["rec"]] = True
    psr = np.where(has_service, sc.ind_psr[sc.rec_ind], "").astype(object)
    out["learning_disability"] |= psr == LEARNING_DISABILITY_SUPPORT
    out["primary_support_reason"] = psr
    _, notes = _rendered(drop, "sensory_impairment")
    out["sensory_impairment"] = np.zeros(n_rec, bool)
    out["sensory_impairment"][notes["_rec"]] = True
    cols, notes = _rendered(drop, "languages")
    out["interpreter_required"] = np.zeros(n_rec, bool)
    out["interpreter_required"][notes["_rec"][_truthy(cols["interpreter_required"])]] = True
    return out


def _once(t, name: str, compute):
    """A value computed once per truth object (the renderers run again are the slow part)."""
    cache = t.__dict__.setdefault("_issue11_cache", {})
    if name not in cache:
        cache[name] = compute()
    return cache[name]


def person_groups(t) -> tuple[dict, dict]:
    """Per person: each vulnerable group (mask), and the hospital / social care evidence of the
    groups that can have both."""
    return _once(t, "person_groups", lambda: _person_groups(t))


def _person_groups(t) -> tuple[dict, dict]:
    d = t.d
    n = t.n
    keep = d.sc.rec_has_nhs & ~t.rec_objector
    person = t.rec_person[keep]
    evidence = _once(t, "record_evidence", lambda: record_evidence(d))
    social = {}
    for group in ("learning_disability", "autism", "dementia", "sensory_impairment", "interpreter_required"):
        social[group] = np.bincount(person, weights=evidence[group][keep], minlength=n) > 0
    hospital = {g: d.planted[g] & ~d.objector for g in ("learning_disability", "autism")}
    a = t.attributes
    groups = {
        "known_to_social_care": t.linked_records(after=True) > 0,
        "learning_disability": hospital["learning_disability"] | social["learning_disability"],
        "autism": hospital["autism"] | social["autism"],
        "dementia": social["dementia"],
        "sensory_impairment": social["sensory_impairment"],
        "interpreter_required": social["interpreter_required"],
        "no_fixed_abode": d.planted["no_fixed_abode"],
        "core20": np.isin(a["imd_decile"], ["1", "2"]),
    }
    both = {g: {"hospital": hospital[g], "social_care": social[g]} for g in hospital}
    return {g: m & t.member["any"] & ~d.objector for g, m in groups.items()}, both


def primary_support_reason(t) -> np.ndarray:
    """Per person: the primary support reason of the linked records, or the none labels."""
    keep = t.d.sc.rec_has_nhs & ~t.rec_objector
    psr = _once(t, "record_evidence", lambda: record_evidence(t.d))["primary_support_reason"]
    out = np.where(t.linked_records(after=True) > 0, NOT_RECORDED, NOT_KNOWN).astype(object)
    known = keep & (psr != "")
    out[t.rec_person[known]] = psr[known]  # one individual: every record shares the reason
    return out


def vulnerable_groups(t) -> dict:
    groups, both = person_groups(t)
    rq1 = {s: {g: int((groups[g] & t.member[s]).sum()) for g in VULNERABLE_GROUPS} for s in t.member}
    evidence = {g: {"hospital_only": int((e["hospital"] & ~e["social_care"] & t.member["any"] & ~t.d.objector).sum()),
                    "social_care_only": int((~e["hospital"] & e["social_care"] & t.member["any"]
                                             & ~t.d.objector).sum()),
                    "both": int((e["hospital"] & e["social_care"] & t.member["any"] & ~t.d.objector).sum())}
                for g, e in both.items()}
    return {"planted": {"share": PLANTED, "icd10_codes": {g: list(c) for g, c in CODES.items()},
                        "people": {g: int(t.d.planted[g].sum()) for g in ("no_fixed_abode", "learning_disability",
                                                                            "autism")}},
            "categories": list(VULNERABLE_GROUPS), "rq1": rq1, "evidence": evidence}


def _median(values: np.ndarray) -> float | None:
    return float(np.median(values)) if len(values) else None


def multiple_disadvantage(t) -> dict:
    d, a = t.d, t.attributes
    keep = d.sc.rec_has_nhs & ~t.rec_objector
    n = t.n
    awaiting = np.bincount(t.rec_person[keep], weights=d.sc.rec_awaiting_assessment[keep], minlength=n) > 0
    overdue = np.bincount(t.rec_person[keep], weights=d.sc.rec_review_overdue[keep], minlength=n) > 0
    waits = {"awaiting_assessment": awaiting, "review_overdue": overdue, "either": awaiting | overdue}
    cohort = t.member["waiting_list"] & ~d.objector & a["ecc_resident"]
    wl = d.wl.keep(~d.objector[d.wl.person])
    earliest = np.full(n, np.iinfo("int64").max)
    np.minimum.at(earliest, wl.person, wl.v["clock_start"])
    days = d.ref_day - earliest
    groups, _ = person_groups(t)
    ecc_districts = sorted(set(t.geo.lad_name[t.geo.is_ecc]))
    psr = primary_support_reason(t)
    dims = {"all": {"All": cohort},
            **{dim: {c: cohort & (a[dim] == c) for c in cats} for dim, cats in (
                ("sex", ("Female", "Male", "Unknown")),
                ("age_band", AGE_BAND_LABELS + ["Unknown"]),
                ("ethnic_group", ("White", "Mixed or multiple ethnic groups", "Asian or Asian British",
                                  "Black, Black British, Caribbean or African", "Other ethnic group",
                                  "Not known")),
                ("imd_decile", [str(q) for q in range(1, 11)] + ["Unknown"]),
                ("imd_quintile", [str(q) for q in range(1, 6)] + ["Unknown"]),
                ("local_authority", ecc_districts))},
            "vulnerable_group": {g: cohort & groups[g] for g in VULNERABLE_GROUPS},
            "primary_support_reason": {c: cohort & (psr == c) for c in sorted(set(psr[cohort]))}}
    out = {}
    for dim, categories in dims.items():
        out[dim] = {}
        for category, who in categories.items():
            row = {"waiting_list_patients": int(who.sum())}
            for wait, mask in waits.items():
                row[wait] = int((who & mask).sum())
                row[f"{wait}_median_days"] = _median(days[who & mask])
                row[f"{wait}_others_median_days"] = _median(days[who & ~mask])
            out[dim][category] = row
    kept = ~t.rec_objector
    return {"planted": WAITS,
            "records_awaiting_assessment": int(d.sc.rec_awaiting_assessment.sum()),
            "records_with_review_overdue": int(d.sc.rec_review_overdue.sum()),
            "records_awaiting_assessment_after_objections": int((d.sc.rec_awaiting_assessment & kept).sum()),
            "records_with_review_overdue_after_objections": int((d.sc.rec_review_overdue & kept).sum()),
            "reference_date": cal.fmt_date(np.array([d.ref_day]))[0],
            "by_dimension": out}
