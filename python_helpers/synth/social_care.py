"""ECC adult social care: who is known, their case records, households and needs.

Structure (rates in config.SOCIAL_CARE):
- an *individual* is a real person known to ECC; a share of them are MSEFT patients (the
  planted overlap), the rest are adults of the 12 ECC districts who are not;
- each individual has one case record (a Mosaic person ID); some have a duplicate second
  record under the same NHS ID; some records carry no NHS ID and cannot be linked;
- each record is *current* at the reference date (an active service, an open registration
  or an open review) or not; records of people who died are never current.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from python_helpers.synth import calendar as cal
from python_helpers.synth.activity import pick
from python_helpers.synth.config import SOCIAL_CARE
from python_helpers.synth.people import PC_VALID, People
from python_helpers.synth.pseudo import pseudonymise
from python_helpers.synth.reference import Geography

PRIMARY_SUPPORT = {
    "working_age": {"Physical Support": .30, "Learning Disability Support": .30,
                    "Mental Health Support": .25, "Sensory Support": .05, "Social Support": .10},
    "older": {"Physical Support": .60, "Support with Memory and Cognition": .25,
              "Sensory Support": .04, "Social Support": .05, "Mental Health Support": .06},
}
SUB_REASON = {
    "Physical Support": ("Personal Care Support", "Access and Mobility Only"),
    "Learning Disability Support": ("Learning Disability Support",),
    "Mental Health Support": ("Mental Health Support",),
    "Sensory Support": ("Support for Visual Impairment", "Support for Hearing Impairment",
                        "Support for Dual Impairment"),
    "Social Support": ("Substance Misuse Support", "Support for Social Isolation/Other",
                       "Support to Carer"),
    "Support with Memory and Cognition": ("Support with Memory and Cognition",),
}


@dataclass
class SocialCare:
    # one entry per individual
    ind_person: np.ndarray      # index into People
    ind_linked: np.ndarray      # the individual is an MSEFT patient
    ind_household: np.ndarray   # index into households
    ind_death_day: np.ndarray   # -1: alive at the reference date
    ind_psr: np.ndarray         # primary support reason
    # one entry per case record (Mosaic person ID)
    rec_ind: np.ndarray         # index into individuals
    rec_duplicate: np.ndarray   # the second record of an individual
    rec_has_nhs: np.ndarray     # the record carries the NHS ID
    rec_mosaic: np.ndarray      # pseudonymised Mosaic person ID (canonical)
    rec_open_service: np.ndarray
    rec_open_registration: np.ndarray
    rec_open_review: np.ndarray
    # one entry per household
    hh_geo: np.ndarray          # index into Geography
    hh_key: np.ndarray          # pseudonymised household key (UDPRN)
    # waits at the reference date, per case record (social_care_waits.plant sets them)
    rec_awaiting_assessment: np.ndarray | None = None
    rec_review_overdue: np.ndarray | None = None
    rec_overdue_by_due: np.ndarray | None = None

    @property
    def rec_person(self) -> np.ndarray:
        return self.ind_person[self.rec_ind]

    @property
    def rec_current(self) -> np.ndarray:
        return self.rec_open_service | self.rec_open_registration | self.rec_open_review

    @property
    def rec_death_day(self) -> np.ndarray:
        return self.ind_death_day[self.rec_ind]


def plan(records: int) -> dict:
    """Individuals, duplicates, records without NHS ID and patients among the individuals
    for an exact number of case records."""
    d, m, o = (SOCIAL_CARE[k] for k in ("duplicate_record", "missing_nhs_id", "hospital_overlap"))
    individuals = int(round(records / (1 + d * (1 - m))))
    return {"records": records, "individuals": individuals, "duplicates": records - individuals,
            "missing_nhs_id": int(round(m * individuals)), "patients": int(round(o * individuals))}


def weighted_sample(rng, weight: np.ndarray, k: int) -> np.ndarray:
    """k distinct indices drawn with probability proportional to weight (Efraimidis-Spirakis)."""
    candidates = np.flatnonzero(weight > 0)
    if k > len(candidates):
        raise ValueError(f"need {k} people, only {len(candidates)} are eligible")
    keys = np.log(rng.random(len(candidates))) / weight[candidates]
    return np.sort(candidates[np.argpartition(-keys, k - 1)[:k]]) if k else candidates[:0]


def build(rng, people: People, geo: Geography, counts: dict, patient_weight: np.ndarray,
          extra_people: np.ndarray, death: np.ndarray, ref_day: int, window_start: int) -> SocialCare:
    """`patient_weight`: chance of each person being known to social care (0 if not an
    eligible MSEFT patient); `extra_people`: indices of the non-patient individuals."""
    linked = weighted_sample(rng, patient_weight, counts["patients"])
    ind_person = np.concatenate([linked, extra_people])
    ind_linked = np.r_[np.ones(len(linked), bool), np.zeros(len(extra_people), bool)]
    order = rng.permutation(len(ind_person))
    ind_person, ind_linked = ind_person[order], ind_linked[order]
    n_ind = len(ind_person)
    assert (people.pc_status[ind_person] == PC_VALID).all() and geo.is_ecc[people.geo[ind_person]].all()

    # Deaths: patients who died in hospital; a few others in the period.
    death_day = np.where(death[ind_person] >= 0, death[ind_person] // cal.MINUTES_PER_DAY, -1)
    others = ~ind_linked & (rng.random(n_ind) < SOCIAL_CARE["extra_deaths"])
    death_day = np.where(others, window_start + rng.integers(0, ref_day - window_start, n_ind), death_day)

    # Households: one each, except some non-patients who live with another non-patient.
    household = np.arange(n_ind)
    extras = np.flatnonzero(~ind_linked)
    n_pairs = int(round(0.06 * len(extras)))
    movers, hosts = extras[:n_pairs], extras[n_pairs:2 * n_pairs]
    household[movers] = hosts
    people.geo[ind_person[movers]] = people.geo[ind_person[hosts]]
    people.postcode[ind_person[movers]] = people.postcode[ind_person[hosts]]
    used, household = np.unique(household, return_inverse=True)
    hh_geo = people.geo[ind_person[used]]
    udprn = 10_000_000 + rng.choice(89_999_999, len(used), replace=False)

    old = people.age_ref[ind_person] >= 65
    psr = np.where(old, pick(rng, PRIMARY_SUPPORT["older"], n_ind),
                   pick(rng, PRIMARY_SUPPORT["working_age"], n_ind)).astype(object)

    # Case records: every individual, then the duplicates, in a shuffled order.
    missing = np.zeros(n_ind, bool)
    missing[rng.permutation(n_ind)[:counts["missing_nhs_id"]]] = True
    dup_of = np.sort(rng.permutation(np.flatnonzero(~missing))[:counts["duplicates"]])
    rec_ind = np.concatenate([np.arange(n_ind), dup_of])
    rec_dup = np.r_[np.zeros(n_ind, bool), np.ones(len(dup_of), bool)]
    shuffle = rng.permutation(len(rec_ind))
    rec_ind, rec_dup = rec_ind[shuffle], rec_dup[shuffle]
    n_rec = len(rec_ind)
    mosaic_ids = 1_000_000 + rng.choice(8_999_999, n_rec, replace=False)

    # What is open at the reference date: nothing for the dead; at least one thing if current.
    alive = death_day[rec_ind] < 0
    current = alive & (rng.random(n_rec) < np.where(rec_dup, 0.3, SOCIAL_CARE["current"]))
    open_service = current & (rng.random(n_rec) < 0.7)
    open_registration = current & (rng.random(n_rec) < 0.5)
    open_review = current & (rng.random(n_rec) < 0.3)
    nothing = current & ~(open_service | open_registration | open_review)
    open_service |= nothing

    return SocialCare(
        ind_person=ind_person, ind_linked=ind_linked, ind_household=household,
        ind_death_day=death_day, ind_psr=psr,
        rec_ind=rec_ind, rec_duplicate=rec_dup, rec_has_nhs=~missing[rec_ind],
        rec_mosaic=pseudonymise(mosaic_ids, "mosaic-person:"),
        rec_open_service=open_service, rec_open_registration=open_registration,
        rec_open_review=open_review,
        hh_geo=hh_geo, hh_key=pseudonymise(udprn, "udprn:"),
    )
