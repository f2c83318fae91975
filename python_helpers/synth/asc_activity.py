"""ECC activity feeds: registrations, assessments, reviews, services and their summary.

What is open at the reference date follows SocialCare's rec_open_* flags exactly, with no
date on the reference date itself (so "on or before" and "before" read the same):
- a registration is open when it started before the date and has no deregistration date,
- a service element is active when it started before the date and has no end date or ends
  after it (Active_Package / Status say 'Active'),
- a review is open when it has no Last Review Date on or after its Review Due Date.
Who is awaiting an assessment or overdue for a review follows social_care_waits' plan.
"""
from __future__ import annotations

import numpy as np

from python_helpers.synth import calendar as cal
from python_helpers.synth.activity import flag_text, pick
from python_helpers.synth.config import VARIATION
from python_helpers.synth.reference import Geography
from python_helpers.synth.render import pseudonym_text
from python_helpers.synth.social_care import SUB_REASON, SocialCare
from python_helpers.synth.social_care_waits import OPEN_ASSESSMENT_STATUSES
from python_helpers.synth.vec import lookup, ragged_pick

YEAR = 365
LOCALITY = {"E07000071": "North", "E07000076": "North", "E07000070": "Mid", "E07000067": "Mid",
            "E07000074": "Mid", "E07000072": "West", "E07000073": "West", "E07000077": "West",
            "E07000066": "South West", "E07000068": "South West", "E07000069": "South", "E07000075": "South"}
SPECIALIST_REGISTER = {
    "Physical Support": ("PD", "Physical Disability"), "Learning Disability Support": ("LD", "Learning Disability"),
    "Mental Health Support": ("MH", "Mental Health"), "Sensory Support": ("SI", "Sensory Impairment"),
    "Social Support": ("SS", "Social Support"), "Support with Memory and Cognition": ("DEM", "Dementia"),
}
SERVICE_GROUPS = {
    "Physical Support": {"Home Care": .45, "Residential Care": .15, "Nursing Care": .08, "Direct Payment": .12,
                         "Day Care": .05, "Reablement": .10, "Equipment": .05},
    "Support with Memory and Cognition": {"Home Care": .35, "Residential Care": .30, "Nursing Care": .15,
                                          "Day Care": .10, "Direct Payment": .05, "Reablement": .05},
    "Learning Disability Support": {"Supported Living": .35, "Day Care": .25, "Direct Payment": .20,
                                    "Residential Care": .15, "Home Care": .05},
    "Mental Health Support": {"Supported Living": .30, "Home Care": .25, "Direct Payment": .20,
                              "Residential Care": .15, "Day Care": .10},
    "Sensory Support": {"Home Care": .40, "Equipment": .30, "Direct Payment": .20, "Day Care": .10},
    "Social Support": {"Home Care": .40, "Day Care": .30, "Direct Payment": .30},
}
GROUP_NAMES = ("Home Care", "Residential Care", "Nursing Care", "Supported Living", "Direct Payment",
               "Day Care", "Reablement", "Equipment")
SERVICE_TYPES = (("Domiciliary Care", "Live-in Care"), ("Residential Care - Permanent", "Residential Care - Respite"),
                 ("Nursing Care - Permanent", "Nursing Care - Respite"), ("Supported Living",),
                 ("Direct Payment - Personal Assistant", "Direct Payment - Agency"),
                 ("Day Care - Older People", "Day Opportunities"), ("Reablement",),
                 ("Community Equipment",))
WEEKLY_COST = np.array([280.0, 760.0, 950.0, 1100.0, 330.0, 140.0, 0.0, 0.0])
HOURLY = np.array([True, False, False, True, True, False, True, False])
LONG_TERM = np.array([True, True, True, True, True, True, False, False])
REPORTING_GROUP = ("Long Term Community", "Long Term Residential", "Long Term Nursing", "Long Term Community",
                   "Long Term Community", "Long Term Community", "Short Term", "Short Term")
STEP_TYPES = {"Care Act Assessment": (.55, "1201"), "Occupational Therapy Assessment": (.15, "1202"),
              "Carers Assessment": (.10, "1203"), "Reablement Assessment": (.15, "1204"),
              "Mental Capacity Assessment": (.05, "1205")}
ROUTES_OF_ACCESS = {"Community": .5, "Discharge from hospital": .25, "Diversion from hospital services": .05,
                    "Self-funder": .08, "Planned entry (transition)": .04, "Other": .08}
ASSESSMENT_SOURCES = {"Self": .25, "Family/Friend": .25, "Hospital": .25, "GP": .12, "Police": .03, "Other": .10}
TRIGGERS = {"Hospital discharge": .3, "Fall": .15, "Carer unable to continue": .1, "Deterioration in health": .3,
            "Safeguarding concern": .05, "Change in circumstances": .1}
PROVIDER_STEMS = ("Chelmer", "Blackwater", "Crouch", "Colne", "Stour", "Roding", "Thameside", "Dengie",
                  "Wickford", "Rayleigh", "Maldon", "Dunmow", "Witham", "Canvey", "Hadleigh", "Ongar")
PROVIDER_KINDS = ("Care Ltd", "Homecare", "Care Services", "Support Ltd", "Care Home", "Living Ltd")


def _upper_bound(sc: SocialCare, rec: np.ndarray, ref_day: int) -> np.ndarray:
    """Last day a closed item can end: the day before the reference date, or the death."""
    death = sc.rec_death_day[rec]
    return np.where(death >= 0, np.minimum(death, ref_day - 1), ref_day - 1)


def _closed(rng, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    end = hi - np.floor(rng.random(len(hi)) ** 2 * 4 * YEAR).astype("int64")
    return end - rng.integers(7, 3 * YEAR, len(hi)), end


def _expand(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Record index and 0-based position within the record, for `counts` rows per record."""
    rec = np.repeat(np.arange(len(counts)), counts)
    nth = np.arange(len(rec)) - np.repeat(np.cumsum(counts) - counts, counts)
    return rec, nth


def _ids(start: int, n: int) -> np.ndarray:
    return (start + np.arange(n)).astype(str).astype(object)


def _district(geo: Geography, sc: SocialCare, rec: np.ndarray) -> np.ndarray:
    return geo.lad_code[sc.hh_geo[sc.ind_household[sc.rec_ind[rec]]]]


def registrations(rng, sc: SocialCare, ref_day: int) -> tuple[dict, dict]:
    rec, nth = _expand(1 + rng.poisson(0.3, len(sc.rec_ind)))
    n = len(rec)
    is_open = (nth == 0) & sc.rec_open_registration[rec]
    start, end = _closed(rng, _upper_bound(sc, rec, ref_day))
    start = np.where(is_open, ref_day - rng.integers(30, 8 * YEAR, n), start)
    psr = sc.ind_psr[sc.rec_ind[rec]]
    specialist = lookup(psr, {k: v[0] for k, v in SPECIALIST_REGISTER.items()})
    specialist_name = lookup(psr, {k: v[1] for k, v in SPECIALIST_REGISTER.items()})
    dead = sc.rec_death_day[rec] >= 0
    reason_out = np.where(dead, "Deceased", pick(rng, {"Needs met": .4, "Moved out of area": .15,
                                                       "No eligible needs": .25, "Transferred to health": .1,
                                                       "Client declined": .1}, n)).astype(object)
    person_id, notes = pseudonym_text(rng, sc.rec_mosaic[rec])
    return {
        "registration_id": "REG" + _ids(5_000_000, n), "person_id": person_id,
        "register_id": np.where(nth == 0, "ASC", specialist).astype(object),
        "register_name": np.where(nth == 0, "Adult Social Care", specialist_name).astype(object),
        "registration_reason": pick(rng, {"New referral": .6, "Hospital discharge": .2, "Reassessment": .15,
                                          "Transition from children's services": .05}, n),
        "registration_start_date": cal.fmt_date(start),
        "registration_step_id": _ids(20_000_000, n),
        "deregistration_reason": np.where(is_open, "", reason_out).astype(object),
        "deregistration_date": cal.fmt_date(end, blank=is_open),
        "deregistration_step_id": np.where(is_open, "", _ids(30_000_000, n)).astype(object),
    }, {"person_id": notes, "_rec": rec}


def assessments(rng, sc: SocialCare, ref_day: int) -> tuple[dict, dict]:
    """Completed assessment steps, all finished before the reference date (or the death),
    and one open step for each record planted as awaiting an assessment
    (social_care_waits): requested before the date, started or not, with no duration."""
    done, _ = _expand(rng.poisson(1.1, len(sc.rec_ind)) + sc.rec_current)
    waiting = np.flatnonzero(sc.rec_awaiting_assessment)
    order = np.argsort(np.concatenate([done, waiting]), kind="stable")
    rec = np.concatenate([done, waiting])[order]
    is_open = np.r_[np.zeros(len(done), bool), np.ones(len(waiting), bool)][order]
    n = len(rec)
    incoming = np.where(is_open, ref_day - rng.integers(1, 240, n),
                        _upper_bound(sc, rec, ref_day) - 95 - rng.integers(0, 3 * YEAR, n))
    started = np.where(is_open, np.minimum(incoming + rng.integers(0, 14, n), ref_day - 1),
                       incoming + rng.integers(0, 14, n))
    duration = 1 + np.floor(rng.gamma(1.5, 16, n)).astype("int64").clip(0, 78)
    status = np.where(is_open, pick(rng, OPEN_ASSESSMENT_STATUSES, n), "Completed").astype(object)
    not_started = is_open & (status != "Started")
    step_type = pick(rng, {k: w for k, (w, _) in STEP_TYPES.items()}, n)
    needs = pick(rng, {"Eligible needs identified": .7, "Some eligible needs": .15, "No eligible needs": .15}, n)
    eligible = needs != "No eligible needs"
    impairment, n1 = flag_text(rng, eligible | (rng.random(n) < 0.1), VARIATION["flag_variant"])
    impact, n2 = flag_text(rng, eligible, VARIATION["flag_variant"])
    in_28, n3 = flag_text(rng, duration <= 28, VARIATION["flag_variant"])
    person_id, notes = pseudonym_text(rng, sc.rec_mosaic[rec])
    blank = is_open  # no outcome yet
    return {
        "person_id": person_id, "workflow_id": _ids(40_000_000, n), "workflow_step_id": _ids(50_000_000, n),
        "workflow_step_type_id": lookup(step_type, {k: code for k, (_, code) in STEP_TYPES.items()}),
        "proposed_date": cal.fmt_date(incoming + 28), "incoming_date": cal.fmt_date(incoming),
        "started_date": cal.fmt_date(started, blank=not_started),
        "step_status": status,
        "step_type": step_type,
        "route_of_access": pick(rng, ROUTES_OF_ACCESS, n),
        "assessment_source": pick(rng, ASSESSMENT_SOURCES, n),
        "duration": cal.fmt_int(duration, blank=blank),
        "in_28_days": np.where(blank, "", in_28).astype(object),
        "date_of_contact": cal.fmt_date(incoming - rng.integers(0, 4, n)),
        "significant_event_trigger_type": pick(rng, TRIGGERS, n),
        "assessment_type": pick(rng, {"Needs Assessment": .8, "Carers Assessment": .1, "Reassessment": .1}, n),
        "identified_needs": np.where(blank, "", needs).astype(object),
        "difficulties_due_to_impairment": np.where(blank, "", impairment).astype(object),
        "significant_impact_on_wellbeing": np.where(blank, "", impact).astype(object),
    }, {"person_id": notes, "flag_variant_rows": n1 + n2 + n3, "_rec": rec}


def reviews(rng, geo: Geography, sc: SocialCare, ref_day: int) -> tuple[dict, dict]:
    n_rec = len(sc.rec_ind)
    closed_count = (rng.random(n_rec) < 0.35).astype("int64")
    rec, nth = _expand(sc.rec_open_review.astype("int64") + closed_count)
    n = len(rec)
    is_open = (nth == 0) & sc.rec_open_review[rec]
    hi = _upper_bound(sc, rec, ref_day)
    due_closed = hi - 25 - rng.integers(0, 700, n)
    # open reviews (social_care_waits): overdue because the due date has passed, overdue
    # because the last review was more than 12 months before the date, or not overdue
    overdue = is_open & sc.rec_review_overdue[rec]
    by_due = overdue & sc.rec_overdue_by_due[rec]
    due_open = np.where(by_due, ref_day - rng.integers(1, 200, n), ref_day + rng.integers(1, 180, n))
    last_open = np.where(by_due, due_open - rng.integers(300, 420, n),
                         np.where(overdue, ref_day - rng.integers(380, 600, n), ref_day - rng.integers(30, 330, n)))
    due = np.where(is_open, due_open, due_closed)
    last = np.where(is_open, last_open, due_closed + rng.integers(0, 26, n))
    never_reviewed = is_open & ~(overdue & ~by_due) & (rng.random(n) < 0.5)
    team = lookup(_district(geo, sc, rec), LOCALITY) + " Locality Team"
    person_id, notes = pseudonym_text(rng, sc.rec_mosaic[rec])
    return {
        "person_id": person_id, "workflow_id": _ids(60_000_000, n), "workflow_step_id": _ids(70_000_000, n),
        "review_type": pick(rng, {"Planned Review": .6, "Annual Review": .25, "Unplanned Review": .15}, n),
        "review_due_date": cal.fmt_date(due), "last_review_date": cal.fmt_date(last, blank=never_reviewed),
        "team": team,
    }, {"person_id": notes, "_rec": rec}


def service_elements(rng, geo: Geography, sc: SocialCare, ref_day: int) -> dict:
    """One entry per service element: the shared truth behind services and their summary."""
    has = sc.rec_open_service | (rng.random(len(sc.rec_ind)) < 0.45)
    rec, nth = _expand(np.where(has, 1 + rng.poisson(0.8, len(has)), 0))
    n = len(rec)
    active = (nth == 0) & sc.rec_open_service[rec]
    start, end = _closed(rng, _upper_bound(sc, rec, ref_day))
    start = np.where(active, ref_day - rng.integers(14, 6 * YEAR, n), start)
    planned_end = active & (rng.random(n) < 0.15)
    end = np.where(active, np.where(planned_end, ref_day + rng.integers(30, YEAR, n), -1), end)
    psr = sc.ind_psr[sc.rec_ind[rec]]
    group = np.empty(n, dtype=object)
    for reason, table in SERVICE_GROUPS.items():  # a loop over support reasons, not rows
        rows = np.flatnonzero(psr == reason)
        group[rows] = pick(rng, table, len(rows))
    g = lookup(group, {name: i for i, name in enumerate(GROUP_NAMES)}).astype("int64")
    hours = np.where(HOURLY[g], np.round(rng.uniform(3, 25, n) * 2) / 2, 1.0)
    rate = np.where(HOURLY[g], np.round(rng.uniform(18.5, 24.5, n), 2),
                    np.round(WEEKLY_COST[g] * rng.uniform(0.8, 1.25, n), 2))
    weekly = np.round(hours * rate, 2)
    one_off = np.where(GROUP_NAMES.index("Equipment") == g, np.round(rng.uniform(40, 1800, n), 2), 0.0)
    weekly = np.where(g == GROUP_NAMES.index("Reablement"), 0.0, np.where(one_off > 0, 0.0, weekly))
    provider_no = rng.integers(0, len(PROVIDER_STEMS) * len(PROVIDER_KINDS), n)
    district = _district(geo, sc, rec)
    return {"rec": rec, "nth": nth, "active": active, "start": start, "end": end, "group": g, "psr": psr,
            "type": ragged_pick(list(SERVICE_TYPES), g, rng.integers(0, 60, n)), "hours": hours, "rate": rate,
            "weekly": weekly, "one_off": one_off, "provider_no": provider_no,
            "provider": (np.array(PROVIDER_STEMS, dtype=object)[provider_no % len(PROVIDER_STEMS)] + " "
                         + np.array(PROVIDER_KINDS, dtype=object)[provider_no // len(PROVIDER_STEMS)]),
            "direct_payment": g == GROUP_NAMES.index("Direct Payment"),
            "district": district, "locality": lookup(district, LOCALITY),
            "sub_reason": ragged_pick([SUB_REASON[k] for k in SUB_REASON],
                                      lookup(psr, {k: i for i, k in enumerate(SUB_REASON)}).astype("int64"),
                                      rng.integers(0, 60, n)),
            "id": 80_000_000 + np.arange(n)}
