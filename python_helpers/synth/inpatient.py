"""MSEFT inpatient spells (mseft_inpatient_spells.csv).

Emergency spells start where an A&E attendance ended in admission; the rest are planned
(day cases, elective stays), other emergencies and maternity. Spells discharged within the
period only. Planted: emergency length of stay rises with age and is 1.10 times as long in
IMD quintile 1 on top of age; in-hospital death in an emergency spell rises with age and
depends on nothing else. Each emergency spell carries the death probability of its age band,
whatever came before it: the first spell drawn to end in death is the patient's last (later
spells and A&E attendances are not in the extract).
"""
from __future__ import annotations

import numpy as np

from python_helpers.synth import calendar as cal
from python_helpers.synth import codes
from python_helpers.synth.activity import (Rows, arrival_minutes, event_days, flag_text, join_codes,
                                           pick, rows_per_person, service_weight)
from python_helpers.synth.config import AGE_BAND_LABELS, EFFECTS, VARIATION
from python_helpers.synth.people import People
from python_helpers.synth.vec import lookup, ragged_pick
from python_helpers.synth.render import (age_text, impossible_datetimes, postcode_text,
                                         pseudonym_text, sex_text)

MINUTES = cal.MINUTES_PER_DAY
EMERGENCY_LOS = np.array([EFFECTS["ip_emergency_los_mean_by_age_band"][b] for b in AGE_BAND_LABELS])
LOS_BY_QUINTILE = np.array([EFFECTS["ip_emergency_los_multiplier_by_imd_quintile"][q] for q in range(6)])
DEATH_P = np.array([EFFECTS["ip_death_probability_by_age_band"][b] for b in AGE_BAND_LABELS])
SPEC = codes.SPECIALTIES
EXTRA_PROCEDURES = np.array(["Z94.1", "Z94.2", "Y53.1", "Y53.2", "Y70.5", "Y98.1"], dtype=object)


def _spec_index(names: np.ndarray) -> np.ndarray:
    return lookup(names, codes.SPECIALTY_INDEX).astype("int64")


def emergency_los_mean(band: np.ndarray, quintile: np.ndarray) -> np.ndarray:
    """The planted mean length of stay (days) of an emergency spell."""
    return EMERGENCY_LOS[band] * LOS_BY_QUINTILE[quintile]


def _emergency_los(rng, people: People, person: np.ndarray) -> np.ndarray:
    mean = emergency_los_mean(people.band[person], people.imd_quintile[person])
    return np.round(rng.gamma(1.3, mean / 1.3)).astype("int64")


def _discharge(rng, admission: np.ndarray, los: np.ndarray) -> np.ndarray:
    day = admission // MINUTES + los
    same_day = np.minimum(admission + rng.integers(60, 360, len(los)), day * MINUTES + MINUTES - 1)
    later = day * MINUTES + rng.integers(9 * 60, 20 * 60, len(los))
    return np.where(los == 0, same_day, later)


def _from_ae(rng, people: People, ae: Rows, ref_day: int) -> dict:
    idx = np.flatnonzero(ae.v["admitted"])
    person = ae.person[idx]
    admission = ae.v["departure"][idx]
    los = _emergency_los(rng, people, person)
    discharge = _discharge(rng, admission, los)
    keep = discharge // MINUTES <= ref_day          # still in hospital at the end: next year
    n = int(keep.sum())
    care_home = (people.age_ref[person[keep]] >= 75) & (rng.random(n) < 0.05)
    return {"person": person[keep], "admission": admission[keep], "discharge": discharge[keep],
            "kind": np.full(n, "via_ae", dtype=object),
            "spec": _spec_index(ae.v["specialty"][idx][keep]),
            "source": np.where(care_home, pick(rng, codes.SOURCES_OF_ADMISSION["care_home"], n), "19")}


def _planned_and_other(rng, people: People, n_target: int, ref_day: int) -> dict:
    person = rows_per_person(rng, service_weight(people, "ip"), n_target)
    n = len(person)
    age = people.age_ref[person]
    female = people.sex[person] == "F"
    u = rng.random(n)
    kind = np.where(u < 0.50, "day_case", np.where(u < 0.70, "elective",
                    np.where(u < 0.76, "regular_day", "emergency_other"))).astype(object)
    kind = np.where((age < 18) & (kind == "regular_day"), "day_case", kind)
    maternity = female & (age >= 16) & (age <= 45) & (rng.random(n) < 0.30)
    kind = np.where(maternity, "maternity", kind).astype(object)

    spec = pick(rng, codes.ELECTIVE_SPECIALTIES, n)
    spec = np.where(age < 18, pick(rng, {"ENT": .5, "Oral Surgery": .3, "General Surgery": .2}, n), spec)
    spec = np.where((spec == "Gynaecology") & ~female, "Urology", spec)
    emergency = kind == "emergency_other"
    spec = np.where(emergency, np.where(age < 18, "Paediatrics", pick(rng, codes.EMERGENCY_SPECIALTIES, n)), spec)
    spec = np.where(maternity, "Obstetrics", spec)

    los = np.select([emergency, kind == "elective", maternity],
                    [_emergency_los(rng, people, person), 1 + np.round(rng.gamma(1.5, 1.5, n)).astype("int64"),
                     np.round(rng.gamma(2.0, 0.8, n)).astype("int64")], 0)
    lower = people.lower_day[person]
    los = np.minimum(los, ref_day - lower)
    day = event_days(rng, lower, ref_day - los)
    planned_start = day * MINUTES + rng.integers(7 * 60, 10 * 60, n)
    admission = np.where(emergency | maternity, arrival_minutes(rng, day), planned_start)
    discharge = np.minimum(_discharge(rng, admission, los), ref_day * MINUTES + MINUTES - 1)
    return {"person": person, "admission": admission, "discharge": discharge, "kind": kind,
            "spec": _spec_index(spec), "source": np.full(n, "19", dtype=object)}


def _clinical_coding(rng, age: np.ndarray, spec: np.ndarray, emergency: np.ndarray) -> dict:
    """ICD-10 diagnoses (a primary by specialty, comorbidities rising with age), OPCS-4
    procedures (planned care always has one) and the spell HRG."""
    n = len(age)
    out = {"diag_01": ragged_pick([s.diagnoses for s in SPEC], spec, rng.integers(0, 60, n))}
    n_secondary = np.minimum(11, rng.poisson(0.3 + np.maximum(age - 40, 0) / 15.0))
    start, step = rng.integers(0, len(codes.COMORBIDITIES), n), 5  # 5 is coprime with 18: distinct codes
    comorb = np.array(codes.COMORBIDITIES, dtype=object)
    for j in range(1, 12):
        comorbidity = comorb[(start + j * step) % len(comorb)]
        out[f"diag_{j + 1:02d}"] = np.where(n_secondary >= j, comorbidity, "").astype(object)

    has_proc = ~emergency | (rng.random(n) < 0.4)
    proc1 = ragged_pick([tuple(p for p in s.procedures if p) or ("",) for s in SPEC], spec, rng.integers(0, 60, n))
    out["proc_01"] = np.where(has_proc, proc1, "").astype(object)
    n_extra = np.where(out["proc_01"] != "", rng.binomial(2, 0.25, n), 0)
    for j in range(1, 12):
        out[f"proc_{j + 1:02d}"] = np.where(n_extra >= j, EXTRA_PROCEDURES[(start + j) % len(EXTRA_PROCEDURES)],
                                            "").astype(object)
    out["hrg"] = ragged_pick([s.hrg for s in SPEC], spec, rng.integers(0, 60, n))
    return out


def build(rng, people: People, ae: Rows, target: int, ref_day: int) -> tuple[Rows, np.ndarray, np.ndarray]:
    """Inpatient spells; the death minute of each person (-1: alive); which A&E rows to keep."""
    via_ae = _from_ae(rng, people, ae, ref_day)
    other = _planned_and_other(rng, people, max(0, target - len(via_ae["person"])), ref_day)
    s = {k: np.concatenate([via_ae[k], other[k]]) for k in via_ae}
    order = np.lexsort((s["admission"], s["person"]))
    s = {k: a[order] for k, a in s.items()}
    person, n = s["person"], len(s["person"])
    emergency = np.isin(s["kind"], ["via_ae", "emergency_other"])

    # Deaths: each emergency spell ends in death with its age band's probability; a
    # patient's first such spell is their death, and what follows it is dropped below.
    fatal = emergency & (rng.random(n) < DEATH_P[people.band[person]])
    starts = np.r_[True, person[1:] != person[:-1]]
    fatal_so_far = np.cumsum(fatal)
    before_person = np.maximum.accumulate(np.where(starts, fatal_so_far - fatal, 0))
    died = fatal & (fatal_so_far - before_person == 1)
    death = np.full(len(people), -1, dtype="int64")
    death[person[died]] = s["discharge"][died]
    death_admission = np.full(len(people), np.iinfo("int64").max, dtype="int64")
    death_admission[person[died]] = s["admission"][died]
    overlapping = (death[person] >= 0) & (s["discharge"] > death[person]) & ~died
    keep = ~overlapping
    ae_keep = ae.v["arrival"] <= death_admission[ae.person]

    age = cal.age_on(people.dob[person], s["admission"] // MINUTES)
    los = s["discharge"] // MINUTES - s["admission"] // MINUTES
    critical = emergency & (los >= 2) & (rng.random(n) < 0.05)
    critical_days = np.where(critical, 1 + np.floor(rng.random(n) * np.minimum(los, 10)).astype("int64"), 0)
    discharge_spec = np.where(emergency & (age >= 65) & (rng.random(n) < 0.08),
                              codes.SPECIALTY_INDEX["Geriatric Medicine"], s["spec"])
    older_emergency = emergency & (age >= 75)
    u = rng.random(n)
    destination = np.where(older_emergency & (u < 0.06), pick(rng, codes.DISCHARGE_DESTINATIONS["care_home"], n),
                           np.where(emergency & (u > 0.97), "51", np.where(u > 0.995, "29", "19")))
    destination = np.where(died, "79", destination).astype(object)
    kind = s["kind"]
    method = np.select([kind == "via_ae", kind == "emergency_other", kind == "maternity"],
                       [np.full(n, "21", dtype=object), pick(rng, codes.ADMISSION_METHODS["emergency_other"], n),
                        np.full(n, "31", dtype=object)], pick(rng, codes.ADMISSION_METHODS["elective"], n))
    classification = np.select([kind == "day_case", kind == "regular_day"], ["2", "3"], "1").astype(object)
    values = {"admission": s["admission"], "discharge": s["discharge"], "los": los, "age": age,
              "emergency": emergency, "died": died, "kind": kind, "spec": s["spec"],
              "discharge_spec": discharge_spec, "destination": destination, "method": method,
              "classification": classification, "source": s["source"].astype(object),
              "critical_days": critical_days,
              **_clinical_coding(rng, age, s["spec"], emergency)}
    rows = Rows(person, values).keep(keep) if not keep.all() else Rows(person, values)
    return rows, death, ae_keep


def render(rng, people: People, rows: Rows, later_row: np.ndarray) -> tuple[dict, dict]:
    v, p = rows.v, rows.person
    admission_text = cal.fmt_datetime(v["admission"])
    discharge = v["discharge"].copy()
    swapped = rows.has("discharge_before_admission")   # discharge keyed with last year's year
    discharge[swapped] -= 365 * MINUTES
    discharge_text = cal.fmt_datetime(discharge)
    bad = np.flatnonzero(rows.has("impossible_date"))
    in_admission = rng.random(len(bad)) < 0.5
    admission_text[bad[in_admission]] = impossible_datetimes(rng, v["admission"][bad[in_admission]])
    discharge_text[bad[~in_admission]] = impossible_datetimes(rng, v["discharge"][bad[~in_admission]])
    los = np.where(rows.has("negative_los"), -rng.integers(1, 6, len(rows)), v["los"])

    nhs, notes = pseudonym_text(rng, people.pseudo[p])
    postcode, pc_notes = postcode_text(rng, people, p, rows.has("missing_postcode"), later_row & (rows.defect == ""))
    died_text, n_flag = flag_text(rng, v["died"], VARIATION["flag_variant"])
    site = people.site[p]
    day_unit = (v["classification"] != "1") & (rng.random(len(rows)) < 0.4)
    main_code = np.array([s.main_code for s in codes.SPECIALTIES], dtype=object)
    tfc = np.array([s.tfc for s in codes.SPECIALTIES], dtype=object)
    cols = {
        "financial_year": cal.financial_year(v["discharge"] // MINUTES),
        "site": np.array(codes.SITE_HISTORIC_TRUST, dtype=object)[site],
        "site_location": np.where(day_unit, np.array(codes.SITE_DAY_UNIT, dtype=object)[site],
                                  np.array(codes.SITE_HOSPITAL, dtype=object)[site]).astype(object),
        "nhs_number": nhs,
        "postcode_of_usual_address": postcode,
        "general_practice_code": people.gp[p],
        "admission_date_time": admission_text,
        "discharge_date_time": discharge_text,
        "spell_total_los": cal.fmt_int(los),
        "spell_critical_care_days": cal.fmt_int(v["critical_days"]),
        "source_of_admission_code": v["source"],
        "patient_classification_code": v["classification"],
        "admission_method_code": v["method"],
        "gender": sex_text(rng, people, p, rows.has("unknown_sex"), "Male", "Female", "Unknown"),
        "age_on_admission": age_text(rng, v["age"], rows.has("age_over_120")),
        "patient_died": died_text,
        "admission_main_specialty_code": main_code[v["spec"]],
        "admission_treatment_function_code": tfc[v["spec"]],
        "discharge_main_specialty_code": main_code[v["discharge_spec"]],
        "discharge_treatment_function_code": tfc[v["discharge_spec"]],
        "discharge_destination_code": v["destination"],
    }
    diag = [v[f"diag_{j:02d}"] for j in range(1, 13)]
    proc = [v[f"proc_{j:02d}"] for j in range(1, 13)]
    cols.update({f"diagnosis_code_{j + 1:02d}": d for j, d in enumerate(diag)})
    cols.update({f"procedure_code_{j + 1:02d}": c for j, c in enumerate(proc)})
    cols.update({
        "commissioner_code": people.ccg[p],
        "spell_hrg_code": v["hrg"],
        "icd10_string": join_codes(diag),
        "opcs4_string": join_codes(proc),
    })
    return cols, {**notes, **pc_notes, "flag_variant_rows": n_flag}
