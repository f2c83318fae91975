"""The truth manifest: planted rates and effects, and the exact counts a correct pipeline
must report, computed from the generator's own ground truth (never by reading the files
back). Its "definitions" say in words how each count is meant.
"""
from __future__ import annotations

from dataclasses import asdict
from functools import cached_property

import numpy as np
import pandas as pd

from python_helpers.synth import calendar as cal
from python_helpers.synth import truth_indicators, truth_inequalities, truth_vulnerable, truth_waits
from python_helpers.synth.config import (AGE_BAND_LABELS, EFFECTS, PERSON_DEFECTS, PSEUDONYM_KEY_ID,
                                         ROW_DEFECTS, SOCIAL_CARE, VARIATION)
from python_helpers.synth.people import PC_INVALID, PC_MISSING, PC_STATUS_NAMES, PC_UNMATCHED, PC_VALID
from python_helpers.synth.reference import ethnic_categories, geography
from python_helpers.synth.vec import lookup

SERVICES = ("ae", "inpatient", "waiting_list", "any")
SEX_CATEGORIES = ("Female", "Male", "Unknown")
ETHNIC_GROUPS = ("White", "Mixed or multiple ethnic groups", "Asian or Asian British",
                 "Black, Black British, Caribbean or African", "Other ethnic group", "Not known")
ASC_STATUSES = ("current", "previous", "not_known")
EMERGENCY_METHODS = ("21", "22", "24", "2D", "2B", "28")

DEFINITIONS = {
    "rows_per_file": "Data rows of each file, header excluded.",
    "defects": (
        "Per feed and defect: 'rate' is the planted share of the feed's rows (person-level conditions: of "
        "the residents), 'rows' the exact number of rows of the file showing it. Row-level defects fall only "
        "on a person's second or later row in that feed, never on an objector's row, one defect per row, so "
        "quarantining those rows loses no person. Recount rules: invalid_arrival_datetime: "
        "ATTENDANCE_DATETIME is not a real dd/mm/yyyy hh:mm date-time (00/00/0000 00:00 or a day like "
        "31/02/2022). departure_before_arrival: both date-times valid and DEPARTURE_DATETIME earlier. "
        "impossible_date: inpatient ADMISSION_DATE_TIME or DISCHARGE_DATE_TIME, or waiting-list Appointment "
        "Date, is not a real date. discharge_before_admission: both valid, discharge earlier. negative_los: "
        "SPELL_TOTAL_LOS below 0. unknown_sex: the sex column is blank, U or Unknown. missing_postcode: "
        "blank. invalid_postcode: not blank and, upper-cased without spaces, not of the UK format "
        "^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$. unmatched_postcode: of that format but not in "
        "reference/postcode_lsoa21.csv. age_over_120: the age column above 120."),
    "variation": (
        "Harmless variation a pipeline must normalise, not defects: pseudonyms in lower case or with "
        "leading/trailing spaces; postcodes without the space or in lower case; Y/N flags as y, Yes, YES, n, "
        "No, NO; waiting-list rows with a blank EthnicOrigin (only on a person's later rows)."),
    "linkage": (
        "Pseudonyms compared after trimming and upper-casing. hospital_persons: distinct NHS_NUMBER / "
        "NhsNumber over the three MSEFT feeds. social_care_records: distinct 'Person ID' of "
        "ecc_asc_demographics.csv (Mosaic IDs). social_care_records_without_nhs_id: those with a blank "
        "'NHS ID'. hospital_persons_linked: hospital persons whose pseudonym equals the 'NHS ID' of at least "
        "one social care record; hospital_persons_one_to_many: of them, those matching two or more records. "
        "social_care_records_linked: records whose NHS ID matches a hospital person. 'after_objections' "
        "removes every hospital row and every social care record whose NHS pseudonym is on objections.csv."),
    "objections": (
        "people: rows of objections.csv (one per person). rows_removed: rows of each file belonging to them: "
        "hospital rows by NHS number; social care rows by Person ID of a record whose NHS ID is an "
        "objector's. The geographies file has no person key: nothing is removed from it."),
    "postcodes": (
        "Per hospital person: a person's postcode never changes, and a blank on one row only happens to "
        "people whose other rows carry their postcode, so 'the most recent known postcode' is the same "
        "whichever row is the most recent. matched: in the lookup after normalising case and space; "
        "missing: blank on every row; invalid: not a postcode on every row; unmatched: a valid postcode "
        "outside the area (not in the lookup) on every row; no_fixed_abode: the NHS pseudo-postcode "
        "ZZ99 3VZ (no fixed abode) on every row, counted apart from unmatched."),
    "research_questions": (
        "Exact person counts before disclosure control, after objections and quarantine, by docs/design.md's "
        "rules: a person's attribute is taken from the most recent hospital record with a known value, then "
        "from social care records. By construction every person has a fixed true sex, age band, ethnicity "
        "and postcode and every record shows either that value or nothing known, so the answer does not "
        "depend on which record is the most recent. sex: Female/Male from any hospital row, else from a "
        "linked social care record (Gender), else Unknown. age_band: age on the person's records, which "
        "never crosses a band boundary during the period. ethnic_group: NHS broad group of the waiting-list "
        "EthnicOrigin, else of the linked social care Ethnicity; Z, 99 and X are 'Not known'. imd_quintile / "
        "imd_decile / local_authority: from the hospital postcode via LSOA 2021 -> LSOA 2011 -> IMD 2019 and "
        "district (lsoa11_lsoa21_lad22 names); Unknown when missing, invalid or unmatched (such people are "
        "never social care clients, so no fallback applies). Service 'any': in at least one of the three. "
        "rq2_social_care_contact: hospital persons whose district is one of ECC's 12, per service; current: a "
        "linked social care record has, at the reference date, an active service element (start before, no "
        "end or end after; Active_Package / Status 'Active'), an open registration (started before, no "
        "deregistration date) or an open review (no Last Review Date on or after its Review Due Date); "
        "previous: linked but nothing open; not_known: not linked. No social care date equals the "
        "reference date."),
    "effects": (
        "Planted parameters and the values realised in this drop, measured on rows after objections and "
        "without defect rows that touch the measure, with the person's resolved IMD quintile and sex as "
        "above. wl_weeks: RTT Wks Waiting of waiting-list pathways. ae_over_4h: share of attendances with "
        "DEPARTURE_DATETIME - ATTENDANCE_DATETIME over 240 minutes, planned follow-ups (category 4) left "
        "out. ip_emergency_los: mean SPELL_TOTAL_LOS of spells with an emergency ADMISSION_METHOD_CODE (21, 22, 24, 2B, 2D, 28). ip_mortality: share of "
        "spells with patient died = Y."),
    "patient_rates": (
        "RQ3's planted truth: the pool of residents who may use the Trust is drawn from the mid-2020 population "
        "by LSOA, five-year band and sex, weighted by the Trust's OHID catchment share, by the deprivation "
        "multiplier of the LSOA's IMD decile and, in the planted ward, by its multiplier."),
    "adjusted_ratios": (
        "Per outcome, dimension and category of rq4_outcome_variation: the indirectly standardised ratio a "
        "correct adjustment finds in expectation, sum over the category's events of the planted expected value "
        "(mean length of stay of the age band times the quintile multiplier; death probability of the age "
        "band in an emergency spell (a readmission planted after an excluded index spell: 2 days, no death); "
        "the quintile's share over four hours (planned follow-ups, category 4, left out); the chance of "
        "waiting over 18 / 52 weeks of the priority's wait scaled by the true IMD quintile's within-priority "
        "multiplier) over the sum of the whole Trust's mean planted value in each event's stratum: age "
        "band at the event (Unknown where the age field is garbled) x sex x admission method (spells), x "
        "specialty x referral priority (pathways); the age_band dimension leaves age out. Events as the marts "
        "take them (objectors removed; valid length or times). vulnerable_group has core20 only."),
    "null_comparisons": (
        "[outcome, dimension, category] whose planted adjusted ratio is within 0.005 of 1: nothing planted, "
        "so a comparison flagged after false-discovery control is a false discovery."),
}


# What is invented rather than taken from reference data (so nobody reads meaning into it).
SYNTHETIC_VALUES = {
    "from_reference_data": "postcodes, 2011/2021 LSOAs, wards, districts, IMD 2019 ranks and deciles "
                           "(reference/, seeds/reference/); NHS Data Dictionary codes, ethnic categories and "
                           "health condition types (seeds/reference/)",
    "real_code_formats": "ICD-10, OPCS-4 and HRG codes are common real codes; CCG codes are the 2021/22 "
                         "commissioners of each district",
    "invented": "NHS numbers (9xx range), Mosaic and household identifiers, GP practice codes (F81ddp, E8xxxx "
                "outside the area), Experian Mosaic types and their labels, postcode population estimates, "
                "provider names, budget codes, clinic codes, all social care identifiers and costs",
    "approximated": "the IDACI rank and decile of the geographies feed are not in the reference data: they are "
                    "the LSOA's IMD income-domain rank plus noise",
    "left_blank": "(PC) Output Area (OA) of the geographies feed: no output-area lookup in the reference data",
}


def _counts(labels: np.ndarray, categories) -> dict:
    found = {str(k): int(v) for k, v in pd.Series(labels, dtype=object).value_counts().items()}
    unexpected = set(found) - set(categories)
    if unexpected:
        raise AssertionError(f"unexpected categories {sorted(unexpected)}")
    return {c: found.get(c, 0) for c in categories}


class _Truth:
    def __init__(self, drop):
        self.d = drop
        p = drop.people
        self.n = len(p)
        self.geo = geography()
        self.member = {"ae": self._mask(drop.ae.person), "inpatient": self._mask(drop.ip.person),
                       "waiting_list": self._mask(drop.wl.person)}
        self.member["any"] = self.member["ae"] | self.member["inpatient"] | self.member["waiting_list"]
        sc = drop.sc
        self.rec_person = sc.rec_person
        self.rec_objector = sc.rec_has_nhs & drop.objector[self.rec_person]

    def _mask(self, idx: np.ndarray) -> np.ndarray:
        m = np.zeros(self.n, bool)
        m[idx] = True
        return m

    def linked_records(self, after: bool) -> np.ndarray:
        """Per person: how many social care records carry their NHS ID."""
        keep = self.d.sc.rec_has_nhs & (~self.rec_objector if after else True)
        return np.bincount(self.rec_person[keep], minlength=self.n)

    def linkage(self, after: bool) -> dict:
        sc, objector = self.d.sc, self.d.objector if after else np.zeros(self.n, bool)
        hospital = self.member["any"] & ~objector
        n_links = self.linked_records(after)
        records = ~self.rec_objector if after else np.ones(len(sc.rec_ind), bool)
        return {
            "hospital_persons": int(hospital.sum()),
            "hospital_persons_by_service": {s: int((self.member[s] & ~objector).sum()) for s in SERVICES[:3]},
            "social_care_records": int(records.sum()),
            "social_care_records_without_nhs_id": int((records & ~sc.rec_has_nhs).sum()),
            "social_care_distinct_nhs_ids": int(len(np.unique(self.rec_person[records & sc.rec_has_nhs]))),
            "hospital_persons_linked": int((hospital & (n_links > 0)).sum()),
            "hospital_persons_one_to_many": int((hospital & (n_links > 1)).sum()),
            "social_care_records_linked": int((records & sc.rec_has_nhs & self.member["any"][self.rec_person]).sum()),
        }

    @cached_property
    def attributes(self) -> dict:
        """Each person's resolved attribute labels (see definitions)."""
        d, p, geo = self.d, self.d.people, self.geo
        n_links = self.linked_records(after=True)
        linked = self.member["any"] & (n_links > 0)
        sex = np.where(p.sex == "F", "Female", "Male").astype(object)
        sex = np.where(p.unknown_sex & ~linked, "Unknown", sex)
        eth = ethnic_categories()
        broad = dict(zip(eth["ethnic_category_code"], eth["ethnic_broad_group"]))
        group = lookup(p.eth, broad)
        ethnic = np.where(self.member["waiting_list"] | linked, group, "Not known")
        known = p.pc_status == PC_VALID
        g = np.where(known, p.geo, 0)
        decile = geo.deciles["imd"][g]
        return {
            "sex": sex,
            "age_band": np.array(AGE_BAND_LABELS, dtype=object)[p.band],
            "ethnic_group": ethnic,
            "imd_quintile": np.where(known, ((decile + 1) // 2).astype(str), "Unknown").astype(object),
            "imd_decile": np.where(known, decile.astype(str), "Unknown").astype(object),
            "local_authority": np.where(known, geo.lad_name[g], "Unknown").astype(object),
            "ecc_resident": known & geo.is_ecc[g],
            "asc_status": self.asc_status(),
        }

    def asc_status(self) -> np.ndarray:
        sc = self.d.sc
        keep = sc.rec_has_nhs & ~self.rec_objector
        current = np.bincount(self.rec_person[keep], weights=sc.rec_current[keep], minlength=self.n) > 0
        linked = self.linked_records(after=True) > 0
        return np.where(current, "current", np.where(linked, "previous", "not_known")).astype(object)

    def research_questions(self) -> dict:
        a = self.attributes
        dims = {"sex": SEX_CATEGORIES, "age_band": AGE_BAND_LABELS + ["Unknown"], "ethnic_group": ETHNIC_GROUPS,
                "imd_quintile": [str(q) for q in range(1, 6)] + ["Unknown"],
                "imd_decile": [str(q) for q in range(1, 11)] + ["Unknown"],
                "local_authority": sorted(set(self.geo.lad_name)) + ["Unknown"]}
        rq1, rq2 = {}, {}
        for s in SERVICES:
            who = self.member[s] & ~self.d.objector
            rq1[s] = {"persons": int(who.sum()), **{dim: _counts(a[dim][who], cats) for dim, cats in dims.items()}}
            ecc = who & a["ecc_resident"]
            rq2[s] = {"persons": int(ecc.sum()), **_counts(a["asc_status"][ecc], ASC_STATUSES)}
        return {"rq1_patient_demographics": rq1, "rq2_social_care_contact": rq2,
                "rq2_multiple_disadvantage": truth_vulnerable.multiple_disadvantage(self)}

    def defects(self) -> dict:
        d, p = self.d, self.d.people
        out = {}
        for name, rows in (("ae_attendances", d.ae), ("inpatient_spells", d.ip), ("waiting_list", d.wl)):
            status = p.pc_status[rows.person]
            feed = {}
            for defect, rate in ROW_DEFECTS[name].items():
                planted = int(rows.has(defect).sum())
                entry = {"level": "row", "rate": rate, "rows": planted}
                if defect == "unknown_sex":
                    whole = int(p.unknown_sex[rows.person].sum())
                    entry.update(level="row and person", rows=planted + whole, rows_planted=planted,
                                 rows_of_people_never_recorded=whole, person_rate=PERSON_DEFECTS["unknown_sex"])
                if defect == "missing_postcode":
                    whole = int((status == PC_MISSING).sum())
                    entry.update(level="row and person", rows=planted + whole, rows_planted=planted,
                                 rows_of_people_never_recorded=whole, person_rate=PERSON_DEFECTS["missing_postcode"])
                feed[defect] = entry
            feed["invalid_postcode"] = {"level": "person", "rate": PERSON_DEFECTS["invalid_postcode"],
                                        "rows": int((status == PC_INVALID).sum())}
            feed["unmatched_postcode"] = {"level": "person", "rate": PERSON_DEFECTS["unmatched_postcode"],
                                          "rows": int((status == PC_UNMATCHED).sum())}
            out[name] = feed
        sc = d.sc
        has = sc.rec_has_nhs
        per_nhs = np.bincount(self.rec_person[has], minlength=self.n)
        out["demographics"] = {
            "duplicate_records_for_one_nhs_id": {
                "level": "person", "rate": SOCIAL_CARE["duplicate_record"],
                "rows": int(sc.rec_duplicate.sum()), "nhs_ids_with_more_than_one_record": int((per_nhs > 1).sum()),
                "rows_sharing_an_nhs_id": int(per_nhs[per_nhs > 1].sum())},
            "missing_nhs_id": {"level": "person", "rate": SOCIAL_CARE["missing_nhs_id"],
                               "rows": int((~has).sum())},
        }
        return out

    def postcodes(self, after: bool) -> dict:
        who = self.member["any"] & (~self.d.objector if after else True)
        status = self.d.people.pc_status[who]
        counts = {PC_STATUS_NAMES[k]: int((status == k).sum()) for k in PC_STATUS_NAMES}
        # ZZ99 3VZ is a valid postcode outside the lookup, but it says "no fixed abode"
        no_fixed_abode = int(self.d.planted["no_fixed_abode"][who].sum())
        counts["unmatched"] -= no_fixed_abode
        return {"hospital_persons": int(who.sum()), **counts, "no_fixed_abode": no_fixed_abode}

    def objections(self) -> dict:
        d = self.d
        removed = {"mseft_ae_attendances.csv": int(d.objector[d.ae.person].sum()),
                   "mseft_inpatient_spells.csv": int(d.objector[d.ip.person].sum()),
                   "mseft_waiting_list.csv": int(d.objector[d.wl.person].sum())}
        for file, rec in d.row_records.items():
            removed[file] = int(self.rec_objector[rec].sum()) if rec is not None else 0
        reasons = d.objector_reason[d.objector]
        in_sc = np.zeros(self.n, bool)
        in_sc[self.rec_person[d.sc.rec_has_nhs]] = True
        return {"people": int(d.objector.sum()),
                "by_reason": {r: int((reasons == r).sum()) for r in sorted(set(reasons))},
                "in_social_care": int((d.objector & in_sc).sum()),
                "social_care_records": int(self.rec_objector.sum()),
                "rows_removed": dict(sorted(removed.items()))}

    def effects(self) -> dict:
        d, a = self.d, self.attributes
        out = {}
        wl = d.wl.keep(~d.objector[d.wl.person])
        q = a["imd_quintile"][wl.person]
        weeks = wl.v["weeks"].astype(float)
        mean = {k: float(weeks[q == k].mean()) for k in ("1", "2", "3", "4", "5") if (q == k).any()}
        median = {k: float(np.median(weeks[q == k])) for k in mean}
        sex = a["sex"][wl.person]
        out["wl_weeks_by_imd_quintile"] = {
            "direction": "longer waits in more deprived quintiles (1 = most deprived), mostly through the "
                         "referral priority mix; within a priority, quintile 1 waits longer than the others by "
                         "the planted multiplier",
            **truth_inequalities.waiting_priority_mix(),
            "realised_mean_weeks": mean, "realised_median_weeks": median,
            "realised_ratio_q1_q5_mean": mean["1"] / mean["5"] if "1" in mean and "5" in mean else None,
            "pathways": {k: int((q == k).sum()) for k in mean}}
        f, m = weeks[sex == "Female"], weeks[sex == "Male"]
        out["wl_weeks_by_sex"] = {"direction": "none: a deliberate null", "planted_ratio_female_male": 1.0,
                                  "realised_mean_weeks": {"Female": float(f.mean()), "Male": float(m.mean())},
                                  "realised_ratio_female_male": float(f.mean() / m.mean())}

        # planned follow-up attendances are not in the four-hour measure (truth_indicators)
        ae = d.ae.keep(~d.objector[d.ae.person] & (d.ae.defect != "invalid_arrival_datetime")
                       & (d.ae.defect != "departure_before_arrival")
                       & (d.ae.v["category"] != truth_indicators.PLANNED_FOLLOW_UP))
        q = a["imd_quintile"][ae.person]
        over = (ae.v["departure"] - ae.v["arrival"]) > 240
        share = {k: float(over[q == k].mean()) for k in ("1", "2", "3", "4", "5") if (q == k).any()}
        planted_4h = EFFECTS["ae_over_4h_share_by_imd_quintile"]
        out["ae_over_4h_by_imd_quintile"] = {
            "direction": "a larger share over four hours in more deprived quintiles",
            "planted_share": {str(k): v for k, v in EFFECTS["ae_over_4h_share_by_imd_quintile"].items()},
            "planted_ratio_q1_q5": planted_4h[1] / planted_4h[5],
            "realised_share": share,
            "realised_ratio_q1_q5": share["1"] / share["5"] if "1" in share and "5" in share else None,
            "attendances": {k: int((q == k).sum()) for k in share}}

        clean = ~np.isin(d.ip.defect, ["negative_los", "discharge_before_admission", "impossible_date"])
        ip = d.ip.keep(~d.objector[d.ip.person] & clean)
        band = np.array(AGE_BAND_LABELS, dtype=object)[d.people.band[ip.person]]
        emergency = np.isin(ip.v["method"], EMERGENCY_METHODS)
        los = {b: float(ip.v["los"][emergency & (band == b)].mean()) for b in AGE_BAND_LABELS
               if (emergency & (band == b)).any()}
        q_los = a["imd_quintile"][ip.person]
        quintile_los = {k: float(ip.v["los"][emergency & (q_los == k)].mean()) for k in ("1", "2", "3", "4", "5")
                        if (emergency & (q_los == k)).any()}
        out["ip_emergency_los_by_imd_quintile"] = {
            "direction": "1.10 times as long in IMD quintile 1, on top of the age gradient",
            "planted_multiplier": {str(k): v for k, v in
                                   EFFECTS["ip_emergency_los_multiplier_by_imd_quintile"].items() if k},
            "realised_mean_days": quintile_los}
        out["ip_emergency_los_by_age_band"] = {
            "direction": "longer emergency stays with age",
            "planted_mean_days": EFFECTS["ip_emergency_los_mean_by_age_band"],
            "realised_mean_days": los,
            "spells": {b: int((emergency & (band == b)).sum()) for b in los}}
        ip_all = d.ip.keep(~d.objector[d.ip.person])
        band_all = np.array(AGE_BAND_LABELS, dtype=object)[d.people.band[ip_all.person]]
        died = {b: float(ip_all.v["died"][band_all == b].mean()) for b in AGE_BAND_LABELS if (band_all == b).any()}
        out["ip_mortality_by_age_band"] = {
            "direction": "more in-hospital deaths with age",
            "planted_death_probability_of_emergency_spell": EFFECTS["ip_death_probability_by_age_band"],
            "realised_share_of_spells": died,
            "deaths": int(ip_all.v["died"].sum())}
        return out


def manifest(drop) -> dict:
    t = _Truth(drop)
    ref = drop.ref_day
    sc = drop.sc
    adjusted = truth_inequalities.adjusted_ratios(drop, t.attributes)
    return {
        "generator": "python_helpers.synth.generate",
        "manifest_version": 1,
        "seed": drop.seed, "scale": drop.scale, "years": drop.years, "multiplier": drop.multiplier,
        "reference_date": cal.fmt_date(np.array([ref]))[0],
        "reference_date_iso": str(np.datetime64(ref, "D")),
        "period": {"start": str(np.datetime64(drop.window_start, "D")), "end": str(np.datetime64(ref, "D"))},
        "volumes_planned": asdict(drop.volumes),
        "pseudonymisation": {
            "method": "HMAC-SHA256 with one shared synthetic key, 64 upper-case hex characters; the hospital "
                      "NHS_NUMBER / NhsNumber and the social care NHS ID of one person are the same",
            "key_id": PSEUDONYM_KEY_ID,
            "nhs_numbers": "synthetic valid 10-digit numbers of the 9xx range, never written"},
        "rows_per_file": dict(drop.rows),
        "defects": t.defects(),
        "variation": {"planted_rates": VARIATION, "rows": drop.notes},
        "linkage": {"before_objections": t.linkage(after=False), "after_objections": t.linkage(after=True)},
        "objections": t.objections(),
        "postcodes": {"before_objections": t.postcodes(after=False), "after_objections": t.postcodes(after=True)},
        "social_care": {
            "planted": SOCIAL_CARE, "plan": drop.sc_plan,
            "individuals": int(len(sc.ind_person)),
            "individuals_who_are_patients": int(sc.ind_linked.sum()),
            "records_current_at_reference_date": int(sc.rec_current.sum()),
            "records_with_active_service": int(sc.rec_open_service.sum()),
            "records_with_open_registration": int(sc.rec_open_registration.sum()),
            "records_with_open_review": int(sc.rec_open_review.sum()),
            "individuals_died_in_period": int((sc.ind_death_day >= 0).sum()),
            "live_in_ecc_districts_only": True},
        "effects": t.effects(),
        "patient_rates": truth_inequalities.patient_rates(t.geo),
        "adjusted_ratios": adjusted,
        "null_comparisons": truth_inequalities.null_comparisons(adjusted),
        "research_questions": t.research_questions(),
        "vulnerable_groups": truth_vulnerable.vulnerable_groups(t),
        "outcome_definitions": {"readmission_indicator": truth_indicators.readmission_indicator(t),
                                "ae_four_hour_measure": truth_indicators.ae_four_hour_measure(t)},
        "waiting_time_inequality": truth_waits.waiting_time_inequality(t),
        "synthetic_values": SYNTHETIC_VALUES,
        "definitions": {**DEFINITIONS, **truth_vulnerable.DEFINITIONS, **truth_indicators.DEFINITIONS,
                        **truth_waits.DEFINITIONS},
    }
