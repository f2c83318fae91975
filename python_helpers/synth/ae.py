"""MSEFT A&E attendances (mseft_ae_attendances.csv).

Planted effect: the share of attendances over four hours in the department rises with the
deprivation of the patient's home (EFFECTS['ae_over_4h_share_by_imd_quintile']).
"""
from __future__ import annotations

import numpy as np

from python_helpers.synth import calendar as cal
from python_helpers.synth import codes
from python_helpers.synth.activity import (Rows, arrival_minutes, event_days, flag_text, pick,
                                           rows_per_person, service_weight)
from python_helpers.synth.config import EFFECTS, VARIATION
from python_helpers.synth.people import People
from python_helpers.synth.render import (NULL_DATETIME, age_text, impossible_datetimes,
                                         postcode_text, pseudonym_text, sex_text)

ADMIT_BY_BAND = np.array([0.08, 0.10, 0.11, 0.13, 0.17, 0.23, 0.33, 0.43, 0.52])


def over_4h_probability(quintile: np.ndarray) -> np.ndarray:
    table = EFFECTS["ae_over_4h_share_by_imd_quintile"]
    lookup = np.array([EFFECTS["ae_over_4h_share_unknown_imd"]] + [table[q] for q in range(1, 6)])
    return lookup[quintile]


def build(rng, people: People, target: int, ref_day: int) -> Rows:
    person = rows_per_person(rng, service_weight(people, "ae"), target)
    n = len(person)
    day = event_days(rng, people.lower_day[person], np.full(n, ref_day))
    arrival = arrival_minutes(rng, day)
    age = cal.age_on(people.dob[person], day)

    over4 = rng.random(n) < over_4h_probability(people.imd_quintile[person])
    long_stay = 241 + np.minimum(np.floor(rng.lognormal(4.3, 0.7, n)), 2400).astype("int64")
    short_stay = 10 + np.floor(230 * rng.beta(2.5, 1.6, n)).astype("int64")
    duration = np.where(over4, long_stay, short_stay)

    old = np.clip((age - 50) / 40.0, 0, 1)
    u = rng.random(n)
    ambulance = u < 0.08 + 0.5 * old
    police = (u >= 0.08 + 0.5 * old) & (u < 0.09 + 0.5 * old)
    mode = np.where(ambulance, "Ambulance", np.where(police, "Police", pick(
        rng, {"Walk in": .5, "Private transport": .4, "Public transport": .1}, n))).astype(object)
    majors = np.where(ambulance, rng.random(n) < 0.95, rng.random(n) < 0.35 + 0.4 * old)
    admitted = rng.random(n) < ADMIT_BY_BAND[people.band[person]] * np.where(majors, 1.6, 0.3)

    referral = np.where(ambulance, "Emergency services", np.where(police, "Police", pick(
        rng, codes.REFERRAL_SOURCES, n))).astype(object)
    group = np.where(age < 18, "child", np.where(age >= 75, "older", "adult"))
    complaint = np.empty(n, dtype=object)
    for g, table in codes.COMPLAINTS.items():
        rows = np.flatnonzero(group == g)
        complaint[rows] = pick(rng, table, len(rows))

    specialty = pick(rng, codes.EMERGENCY_SPECIALTIES, n)
    specialty = np.where((age >= 75) & (rng.random(n) < 0.35), "Geriatric Medicine", specialty)
    specialty = np.where(age < 18, "Paediatrics", specialty)
    specialty = np.where(admitted, specialty, "").astype(object)
    disposal = np.where(admitted, "Admitted", pick(rng, codes.DISPOSALS, n)).astype(object)

    return Rows(person, {
        "day": day, "arrival": arrival, "departure": arrival + duration, "over4": over4,
        "age": age, "mode": mode, "majors": majors, "admitted": admitted, "referral": referral,
        "complaint": complaint, "specialty": specialty, "disposal": disposal,
        "category": pick(rng, codes.ATTENDANCE_CATEGORIES, n),
    })


def render(rng, people: People, rows: Rows, later_row: np.ndarray) -> tuple[dict, dict]:
    """Registry column -> text, and the counts of harmless variation it wrote."""
    v, p, n = rows.v, rows.person, len(rows)
    arrival_text = cal.fmt_datetime(v["arrival"])
    bad = np.flatnonzero(rows.has("invalid_arrival_datetime"))
    placeholder = rng.random(len(bad)) < 0.5
    arrival_text[bad] = np.where(placeholder, NULL_DATETIME, impossible_datetimes(rng, v["arrival"][bad]))
    departure = v["departure"].copy()
    early = rows.has("departure_before_arrival")
    departure[early] = v["arrival"][early] - rng.integers(20, 600, int(early.sum()))

    nhs, notes = pseudonym_text(rng, people.pseudo[p])
    postcode, pc_notes = postcode_text(rng, people, p, rows.has("missing_postcode"),
                                       later_row & (rows.defect == ""))
    admission_flag, n_flag = flag_text(rng, v["admitted"], VARIATION["flag_variant"])
    cols = {
        "site": np.array(codes.SITE_HOSPITAL, dtype=object)[people.site[p]],
        "attendance_datetime": arrival_text,
        "commissioner_code": people.ccg[p],
        "nhs_number": nhs,
        "postcode": postcode,
        "sex": sex_text(rng, people, p, rows.has("unknown_sex"), "M", "F", "U"),
        "attendance_age": age_text(rng, v["age"], rows.has("age_over_120")),
        "gp_practice_code": people.gp[p],
        "arrival_mode": v["mode"],
        "attendance_category": v["category"],
        "referral_source": v["referral"],
        "complaint": v["complaint"],
        "attendance_disposal": v["disposal"],
        "departure_datetime": cal.fmt_datetime(departure),
        "total_time_in_department": cal.fmt_int(departure - v["arrival"]),
        "financial_year": cal.financial_year(v["day"]),
        "admission_flag": admission_flag,
        "ed_area": np.where(v["majors"], "Majors", "Minors").astype(object),
        "referred_specialty": v["specialty"],
    }
    return cols, {**notes, **pc_notes, "flag_variant_rows": n_flag}
