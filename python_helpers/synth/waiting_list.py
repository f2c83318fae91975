"""MSEFT waiting list (RTT patient tracking list) snapshot at the reference date.

Planted: weeks waited are longer the more deprived the patient's home LSOA, mostly
through the referral priority mix: deprived quintiles have more routine referrals
(EFFECTS['wl_priority_mix_by_imd_quintile']). Within a priority, IMD quintile 1 waits 1.17
times as long as the other quintiles (EFFECTS['wl_weeks_multiplier_within_priority_by_imd_quintile'],
a smaller effect than the crude one), so a comparison adjusted for treatment function x
priority finds that effect and no other. No difference by sex (a deliberate null). Ages are
at the snapshot. People who died are off the list.
"""
from __future__ import annotations

import numpy as np

from python_helpers.synth import calendar as cal
from python_helpers.synth import codes
from python_helpers.synth.activity import Rows, flag_text, pick, rows_per_person, service_weight
from python_helpers.synth.config import EFFECTS, VARIATION
from python_helpers.synth.people import People
from python_helpers.synth.render import (age_text, impossible_dates, postcode_text, pseudonym_text,
                                         sex_text)
from python_helpers.synth.vec import lookup, ragged_pick

BREACH_DAYS = 18 * 7  # the 18-week referral-to-treatment standard
MAX_WAIT_DAYS = 104 * 7
ETHNICITY_BLANK = 0.03  # share of rows with no ethnicity, on a person's later rows only


PRIORITIES = tuple(codes.REFERRAL_PRIORITIES)


def priorities(rng, quintile: np.ndarray) -> np.ndarray:
    """Each pathway's referral priority, from the mix of its patient's IMD quintile."""
    mix = EFFECTS["wl_priority_mix_by_imd_quintile"]
    cumulative = np.cumsum([[mix[q][p] for p in PRIORITIES] for q in range(6)], axis=1)
    cumulative /= cumulative[:, -1:]
    u = rng.random(len(quintile))
    return np.array(PRIORITIES, dtype=object)[(u[:, None] >= cumulative[quintile]).sum(axis=1)]


def within_priority_multiplier(quintile: np.ndarray) -> np.ndarray:
    """The planted multiplier of the wait within a priority, by IMD quintile (0: outside
    the area)."""
    table = EFFECTS["wl_weeks_multiplier_within_priority_by_imd_quintile"]
    return np.array([table[q] for q in range(6)])[quintile]


def build(rng, people: People, target: int, ref_day: int, death: np.ndarray) -> Rows:
    weight = service_weight(people, "wl") * (death < 0)
    person = rows_per_person(rng, weight, target)
    n = len(person)
    priority = priorities(rng, people.imd_quintile[person])
    shape = EFFECTS["wl_weeks_gamma_shape"]
    mean_weeks = lookup(priority, EFFECTS["wl_weeks_mean_by_priority"]).astype(float)
    mean_weeks *= within_priority_multiplier(people.imd_quintile[person])
    days_waited = np.floor(rng.gamma(shape, mean_weeks / shape) * 7).astype("int64")
    # Nobody waits over two years: the rare longer draw is a long wait of one to two years.
    too_long = days_waited >= MAX_WAIT_DAYS
    days_waited[too_long] = rng.integers(52 * 7, MAX_WAIT_DAYS, int(too_long.sum()))
    admitted = rng.random(n) < 0.25
    spec = pick(rng, codes.ELECTIVE_SPECIALTIES, n)
    spec = np.where(people.age_ref[person] < 18, "Paediatrics", spec)
    spec = np.where((spec == "Gynaecology") & (people.sex[person] == "M"), "Urology", spec).astype(object)
    dated = rng.random(n) < 0.35
    return Rows(person, {
        "clock_start": ref_day - days_waited, "weeks": days_waited // 7, "priority": priority,
        "admitted": admitted, "spec": spec, "dated": dated,
        "appointment": ref_day + rng.integers(1, 120, n),
        "clinical_priority": np.where(admitted, pick(rng, codes.CLINICAL_PRIORITIES, n), "").astype(object),
        "procedure_draw": rng.integers(0, 60, n), "clinic_no": rng.integers(1, 9, n),
        "apt_draw": rng.integers(0, 2, n),
    })


def render(rng, people: People, rows: Rows, later_row: np.ndarray, ref_day: int) -> tuple[dict, dict]:
    v, p, n = rows.v, rows.person, len(rows)
    bad_date = rows.has("impossible_date")
    dated = v["dated"] | bad_date
    appointment = cal.fmt_date(v["appointment"], blank=~dated)
    appointment[bad_date] = impossible_dates(rng, v["appointment"][bad_date])

    nhs, notes = pseudonym_text(rng, people.pseudo[p])
    postcode, pc_notes = postcode_text(rng, people, p, rows.has("missing_postcode"), later_row & (rows.defect == ""))
    eth_blank = later_row & (rng.random(n) < ETHNICITY_BLANK)
    died_text, n_died_flag = flag_text(rng, np.zeros(n, dtype=bool), VARIATION["flag_variant"])
    dated_text, n_dated_flag = flag_text(rng, dated, VARIATION["flag_variant"])
    spec_idx = lookup(v["spec"], codes.SPECIALTY_INDEX).astype("int64")
    intended = ragged_pick([s.intended for s in codes.SPECIALTIES], spec_idx, v["procedure_draw"])
    ptl = np.where(v["admitted"], "Admitted", "Non-Admitted").astype(object)
    apt_type = np.where(v["admitted"], np.array(codes.APPOINTMENT_TYPES["Admitted"], dtype=object)[v["apt_draw"]],
                        np.array(codes.APPOINTMENT_TYPES["Non-Admitted"], dtype=object)[v["apt_draw"]])
    site = people.site[p]
    clinic = (lookup(v["spec"], {s.name: s.name[:3].upper() for s in codes.SPECIALTIES})
              + np.array(codes.SITE_SHORT, dtype=object)[site] + "0" + v["clinic_no"].astype(str).astype(object))
    breach = v["clock_start"] + BREACH_DAYS
    cols = {
        "site": np.array(codes.SITE_HOSPITAL, dtype=object)[site],
        "nhs_number": nhs,
        "sex": sex_text(rng, people, p, rows.has("unknown_sex"), "M", "F", "U"),
        "age": age_text(rng, people.age_ref[p], rows.has("age_over_120")),
        "patient_died": died_text,
        "postcode": postcode,
        "ethnic_origin": np.where(eth_blank, "", people.eth[p]).astype(object),
        "ptl_type": ptl,
        "intended_procedure": np.where(v["admitted"], intended, "").astype(object),
        "clock_start_date": cal.fmt_date(v["clock_start"]),
        "referral_priority": v["priority"],
        "breach_status": np.where(breach <= ref_day, "Breach", "Non-Breach").astype(object),
        "breach_date": cal.fmt_date(breach),
        "appointment_date": appointment,
        "apt_type": np.where(dated, apt_type, "").astype(object),
        "clinic": np.where(dated, clinic, "").astype(object),
        "rtt_wks_waiting": cal.fmt_int(v["weeks"]),
        "dated": dated_text,
        "commissioner": people.ccg[p],
        "specialty_jh": v["spec"],
        "priority_code": v["clinical_priority"],
    }
    return cols, {**notes, **pc_notes, "ethnicity_blank_rows": int(eth_blank.sum()),
                  "flag_variant_rows": n_died_flag + n_dated_flag}
