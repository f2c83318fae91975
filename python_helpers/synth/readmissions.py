"""The 30-day emergency readmission indicator's index-spell exclusions (issue 11), as the
generator plants them and the truth manifest counts them.

NHS Digital's indicator (I02040, "Emergency readmissions within 30 days of discharge from
hospital", Compendium / NHS Outcomes Framework 3b) leaves out index spells that belong to a
planned course of care: maternity and obstetric spells, cancer, day cases and regular day or
night attenders; and a transfer to another hospital is not a discharge. The dbt model
fct_inpatient_spells applies the same rules in SQL; this is the independent Python side.

Planted: for each clinical exclusion, a few clean index spells get an emergency admission
1 to 20 days after their discharge. The national indicator would not count them; a crude
one would.
"""
from __future__ import annotations

import numpy as np

from python_helpers.synth import calendar as cal
from python_helpers.synth import codes
from python_helpers.synth.activity import Rows, arrival_minutes
from python_helpers.synth.inpatient import _clinical_coding
from python_helpers.synth.people import People

MINUTES = cal.MINUTES_PER_DAY
# The clinical exclusions, in the order the first applicable one is reported.
EXCLUSIONS = ("maternity", "cancer", "regular_day_or_night_attender", "day_case",
              "transferred_to_another_hospital")
MATERNITY_METHODS = ("31", "32", "82", "83")  # mother ante/post partum, baby born in or out
TRANSFER_DESTINATIONS = ("49", "50", "51", "52", "53")  # another NHS hospital provider
DIAGNOSES = [f"diag_{j:02d}" for j in range(1, 13)]
PLANTED_SHARE_OF_SPELLS = 0.004
MIN_PLANTED = 4
READMISSION_SPECIALTIES = ("General Medicine", "Acute Medicine")
PLANTED_KIND = "planted_readmission"  # the spells' kind, so the truth can tell them apart
PLANTED_MEAN_LOS = 2.0  # their stay: 0 to 4 days, equally likely


def icd10_category(codes_: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Chapter letter and the two digits of each code's 3-character category (-1 if none)."""
    text = np.asarray(codes_, dtype=str)
    letter = np.strings.slice(text, 0, 1)
    digits = np.strings.slice(text, 1, 3)
    number = np.where(np.strings.isdigit(digits), digits, "-1").astype("int64")
    return letter, number


def is_cancer(codes_: np.ndarray) -> np.ndarray:
    """Malignant neoplasms, ICD-10 C00-C97."""
    letter, number = icd10_category(codes_)
    return (letter == "C") & (number >= 0) & (number <= 97)


def is_obstetric(codes_: np.ndarray) -> np.ndarray:
    """ICD-10 chapter XV, pregnancy, childbirth and the puerperium (O00-O99)."""
    letter, number = icd10_category(codes_)
    return (letter == "O") & (number >= 0)


def exclusion_flags(v: dict) -> dict[str, np.ndarray]:
    """Each clinical exclusion of each spell (true values of the spell rows)."""
    cancer = np.zeros(len(v["method"]), bool)
    for column in DIAGNOSES:
        cancer |= is_cancer(v[column])
    return {
        "maternity": (np.isin(v["method"], MATERNITY_METHODS) | (v["classification"] == "5")
                      | is_obstetric(v["diag_01"])),
        "cancer": cancer,
        "regular_day_or_night_attender": np.isin(v["classification"], ["3", "4"]),
        "day_case": v["classification"] == "2",
        "transferred_to_another_hospital": np.isin(v["destination"], TRANSFER_DESTINATIONS),
    }


def first_exclusion(v: dict) -> np.ndarray:
    """The first applicable clinical exclusion of each spell, '' for none."""
    flags = exclusion_flags(v)
    out = np.full(len(v["method"]), "", dtype=object)
    for name in reversed(EXCLUSIONS):
        out = np.where(flags[name], name, out).astype(object)
    return out


def counts_as_readmission(v: dict) -> np.ndarray:
    """An emergency admission the indicator counts: not for cancer or obstetrics (by the
    primary diagnosis)."""
    emergency = np.char.startswith(np.asarray(v["method"], dtype=str), "2")
    return emergency & ~is_cancer(v["diag_01"]) & ~is_obstetric(v["diag_01"])


def _next_admission_day(ip: Rows) -> np.ndarray:
    """Day of the same person's next spell admission (a large number when none); rows are
    sorted by person, then admission, in inpatient.build's order or after re-sorting."""
    order = np.lexsort((ip.v["admission"], ip.person))
    nxt = np.full(len(ip), np.iinfo("int64").max // 2, dtype="int64")
    same = ip.person[order][1:] == ip.person[order][:-1]
    following = ip.v["admission"][order][1:] // MINUTES
    nxt[order[:-1][same]] = following[same]
    return nxt


def plant(rng, people: People, ip: Rows, ref_day: int, objector: np.ndarray) -> tuple[Rows, dict]:
    """ip with the planted readmissions appended, and {exclusion: index spells given one}."""
    reason = first_exclusion(ip.v)
    discharge_day = ip.v["discharge"] // MINUTES
    room = _next_admission_day(ip) - discharge_day >= 26
    candidate = ((ip.defect == "") & ~objector[ip.person] & ~ip.v["died"] & room
                 & (discharge_day <= ref_day - 35))
    k = max(MIN_PLANTED, int(round(PLANTED_SHARE_OF_SPELLS * len(ip))))
    chosen, planted = [], {}
    for name in EXCLUSIONS[:-1]:  # transfers are common enough without planting
        rows = rng.permutation(np.flatnonzero(candidate & (reason == name)))
        # one per person, so that two planted spells never collide
        rows = rows[np.unique(ip.person[rows], return_index=True)[1]][:k]
        candidate[np.isin(ip.person, ip.person[rows])] = False
        chosen.append(rows)
        planted[name] = int(len(rows))
    index = np.concatenate(chosen)
    person = ip.person[index]
    n = len(index)
    day = discharge_day[index] + rng.integers(1, 21, n)
    admission = arrival_minutes(rng, day)
    los = np.minimum(rng.integers(0, 5, n), ref_day - day)
    discharge = np.where(los == 0, np.minimum(admission + rng.integers(60, 360, n), day * MINUTES + MINUTES - 1),
                         (day + los) * MINUTES + rng.integers(9 * 60, 20 * 60, n))
    age = cal.age_on(people.dob[person], day)
    spec_name = np.where(age < 18, "Paediatrics",
                         np.array(READMISSION_SPECIALTIES, dtype=object)[rng.integers(0, 2, n)])
    spec = np.array([codes.SPECIALTY_INDEX[s] for s in spec_name], dtype="int64")
    emergency = np.ones(n, bool)
    new = {"admission": admission, "discharge": discharge, "los": discharge // MINUTES - day, "age": age,
           "emergency": emergency, "died": np.zeros(n, bool),
           "kind": np.full(n, PLANTED_KIND, dtype=object), "spec": spec, "discharge_spec": spec,
           "destination": np.full(n, "19", dtype=object),
           "method": np.array(["22", "24", "28"], dtype=object)[rng.integers(0, 3, n)],
           "classification": np.full(n, "1", dtype=object), "source": np.full(n, "19", dtype=object),
           "critical_days": np.zeros(n, dtype="int64"),
           **_clinical_coding(rng, age, spec, emergency)}
    rows = Rows(np.concatenate([ip.person, person]),
                {k: np.concatenate([ip.v[k], new[k]]) for k in ip.v},
                np.concatenate([ip.defect, np.full(n, "", dtype=object)]))
    return rows, planted
