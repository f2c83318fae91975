"""Truth manifest, issue 11: the national outcome definitions, recomputed in Python from the
generator's ground truth.

- 30-day emergency readmission (NHS Digital I02040 / NHS Outcomes Framework 3b): index spells
  are spells with valid dates of a known person, discharged alive, whose 30 days (the
  discharge day and 29 more) end by the reference date, and that no clinical exclusion of
  readmissions.EXCLUSIONS applies to; a spell is readmitted when the person's first counted
  emergency admission (readmissions.counts_as_readmission) at or after the discharge is 0 to
  29 days after it. Which date a row with an impossible date broke is read from the same
  renderer run again.
- A&E four-hour measure (NHS England's monthly A&E attendances): attendances with valid
  arrival and departure times of a known person, planned follow-up attendances (emergency
  care attendance category 4) left out.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from python_helpers.synth import calendar as cal
from python_helpers.synth.feeds import render_feed
from python_helpers.synth.readmissions import (EXCLUSIONS, counts_as_readmission, first_exclusion)

MINUTES = cal.MINUTES_PER_DAY
PLANNED_FOLLOW_UP = "4"
BREAKDOWNS = ("sex", "imd_quintile")

DEFINITIONS = {
    "readmission_indicator": (
        "Inpatient spells after objections. index_spells: valid admission and discharge date-times "
        "(discharge not before admission), not ending in death (patient died = Y or discharge destination "
        "79), discharged at least 29 days before the reference date, and none of the clinical exclusions "
        "(first applicable, in this order): maternity (admission method 31, 32, 82 or 83, patient "
        "classification 5, or a primary diagnosis in ICD-10 chapter XV, O00-O99), cancer (a C00-C97 code in "
        "any diagnosis position), regular_day_or_night_attender (patient classification 3 or 4), day_case "
        "(classification 2), transferred_to_another_hospital (discharge destination 49-53). readmitted: the "
        "first emergency admission (method 2x, valid admission date-time, primary diagnosis not C00-C97 or "
        "O00-O99) of the same person at or after the discharge is 0-29 days after it (calendar days). "
        "excluded_index_spells: spells passing every other condition but excluded by the named clinical "
        "exclusion; with_readmission_30d: of those, how many such a readmission follows (what a crude "
        "indicator would have counted). by_sex / by_imd_quintile: index spells and readmitted ones per "
        "category of the person."),
    "ae_four_hour_measure": (
        "A&E attendances after objections with a valid arrival and a departure not before it. "
        "planned_follow_ups: of them, emergency care attendance category 4, left out of the measure as "
        "NHS England's monthly A&E attendance counts leave them out. attendances / over_4_hours: the rest, "
        "and those over 240 minutes, per sex and IMD quintile of the person."),
}


def _by(t, person: np.ndarray, base: np.ndarray, hit: np.ndarray) -> dict:
    out = {}
    for dim in BREAKDOWNS:
        label = t.attributes[dim][person]
        out[f"by_{dim}"] = {str(c): {"base": int((base & (label == c)).sum()),
                                     "events": int((base & hit & (label == c)).sum())}
                            for c in sorted(set(label[base]))}
    return out


def readmission_indicator(t) -> dict:
    d = t.d
    ip = d.ip.keep(~d.objector[d.ip.person])
    v = ip.v
    rendered, _ = render_feed(d, "inpatient_spells")  # the generator's own renderer, run again
    admission_ok = (rendered["admission_date_time"] == cal.fmt_datetime(d.ip.v["admission"]))[
        ~d.objector[d.ip.person]]
    valid = ~np.isin(ip.defect, ["impossible_date", "discharge_before_admission"])
    died = v["died"] | (v["destination"] == "79")
    discharge_day = v["discharge"] // MINUTES
    eligible = valid & ~died & (discharge_day + 29 <= d.ref_day)
    reason = first_exclusion(v)
    index = eligible & (reason == "")

    rows = np.arange(len(ip))
    later = pd.DataFrame({"later_row": rows, "person": ip.person, "admitted": v["admission"]})[
        counts_as_readmission(v) & admission_ok]
    spells = pd.DataFrame({"row": rows, "person": ip.person, "discharged": v["discharge"]})[eligible]
    # every counted admission of the same person at or after the discharge, but the spell's own
    # (a spell admitted and discharged in the same minute would otherwise follow itself)
    pairs = spells.merge(later, on="person")
    pairs = pairs[(pairs.admitted >= pairs.discharged) & (pairs.later_row != pairs.row)]
    nearest = pairs.groupby("row", as_index=False).agg(discharged=("discharged", "first"),
                                                       admitted=("admitted", "min"))
    readmitted = np.zeros(len(ip), bool)
    gap = nearest["admitted"] // MINUTES - nearest["discharged"] // MINUTES
    readmitted[nearest.loc[gap.le(29), "row"].to_numpy()] = True
    return {
        "exclusions": list(EXCLUSIONS),
        "planted_readmissions_after_excluded_index_spells": d.planted["readmissions_after_excluded_index_spells"],
        "index_spells": int(index.sum()),
        "readmitted_30d": int((index & readmitted).sum()),
        "excluded_index_spells": {r: int((eligible & (reason == r)).sum()) for r in EXCLUSIONS},
        "excluded_with_readmission_30d": {r: int((eligible & (reason == r) & readmitted).sum())
                                          for r in EXCLUSIONS},
        **_by(t, ip.person, index, readmitted),
    }


def ae_four_hour_measure(t) -> dict:
    d = t.d
    ae = d.ae.keep(~d.objector[d.ae.person])
    valid = ~np.isin(ae.defect, ["invalid_arrival_datetime", "departure_before_arrival"])
    follow_up = ae.v["category"] == PLANNED_FOLLOW_UP
    over = ae.v["departure"] - ae.v["arrival"] > 240
    counted = valid & ~follow_up
    return {"planned_follow_ups": int((valid & follow_up).sum()),
            "attendances": int(counted.sum()), "over_4_hours": int((counted & over).sum()),
            **_by(t, ae.person, counted, over)}
