"""The synthetic residents: each with fixed true attributes that every record of theirs
reflects (defects only blank or garble a record, they never change the truth).

A person's age band cannot change during the period: their activity is drawn only from the
day they entered the age band they have at the reference date. So "age on the most recent
record" gives the same band whichever record is taken as the most recent.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from python_helpers.synth import calendar as cal
from python_helpers.synth.catchment import draw_residents, lsoa_weights
from python_helpers.synth.config import AGE_BAND_LOWER, ECC_DISTRICTS, PERSON_DEFECTS, planted_count
from python_helpers.synth.pseudo import pseudonymise
from python_helpers.synth.reference import Geography
from python_helpers.synth.vec import isin, lookup

# Postcode status of a person (the same on every hospital record of theirs).
PC_VALID, PC_MISSING, PC_INVALID, PC_UNMATCHED = 0, 1, 2, 3
PC_STATUS_NAMES = {PC_VALID: "matched", PC_MISSING: "missing", PC_INVALID: "invalid",
                   PC_UNMATCHED: "unmatched"}

# Not postcodes at all: an outward code alone, a sector, words a clerk types.
INVALID_POSTCODES = np.array(["CM1", "SS14", "CM2 8", "UNKNOWN", "NFA", "00000", "SS0 0ZZZ"],
                             dtype=object)
# Outward codes outside the area (London, Hertfordshire, Suffolk, Kent): a patient living
# there has a valid postcode that the area's lookup cannot match.
OUT_OF_AREA_OUTWARDS = np.array(["E1", "E17", "N1", "N22", "SE15", "SW9", "IG1", "RM1", "RM7",
                                 "DA1", "ME4", "SG1", "AL1", "IP1", "IP4", "CO10", "NR1", "EN1"],
                                dtype=object)
_INWARD_LETTERS = np.array(list("ABDEFGHJLNPQRSTUWXYZ"), dtype=object)

# Share of residents who are not White British, by district (2021 census, rounded).
NON_WHITE_BRITISH = {
    "E06000033": 0.17, "E06000034": 0.30, "E07000066": 0.17, "E07000067": 0.09,
    "E07000068": 0.14, "E07000069": 0.07, "E07000070": 0.14, "E07000071": 0.17,
    "E07000072": 0.17, "E07000073": 0.25, "E07000074": 0.06, "E07000075": 0.08,
    "E07000076": 0.07, "E07000077": 0.10,
}
OUT_OF_AREA_NON_WHITE_BRITISH = 0.25
# Mix of the other NHS ethnic categories among those who are not White British.
OTHER_ETHNIC_MIX = {"B": .04, "C": .38, "T": .01, "D": .04, "E": .03, "F": .04, "G": .03,
                    "H": .06, "J": .03, "K": .03, "L": .06, "R": .03, "M": .03, "N": .12,
                    "P": .02, "S": .03, "W": .02}
NOT_STATED_SHARE = 0.04  # recorded as Z (not stated) or 99 (not known) everywhere

# CCG (2021/22 commissioner) and main MSEFT site by district.
CCG = {"E06000033": "99G", "E06000034": "07G", "E07000066": "99E", "E07000068": "99E",
       "E07000069": "99F", "E07000075": "99F", "E07000070": "06Q", "E07000074": "06Q",
       "E07000067": "06Q", "E07000071": "06T", "E07000076": "06T", "E07000072": "07H",
       "E07000073": "07H", "E07000077": "07H"}
OUT_OF_AREA_CCGS = np.array(["08F", "07L", "08N", "06L", "06K"], dtype=object)
SITES = ("Basildon", "Broomfield", "Southend")
MAIN_SITE = {"E06000033": 2, "E07000075": 2, "E07000069": 2, "E06000034": 0, "E07000066": 0,
             "E07000068": 0}  # others: Broomfield


@dataclass
class People:
    nhs: np.ndarray             # synthetic NHS number (never written to a file)
    pseudo: np.ndarray          # canonical pseudonym (upper-case hex)
    sex: np.ndarray             # 'M' / 'F', true
    dob: np.ndarray             # days
    age_ref: np.ndarray         # age at the reference date
    band: np.ndarray            # index into AGE_BAND_LABELS, fixed over the period
    lower_day: np.ndarray       # first day activity may fall on
    eth: np.ndarray             # NHS ethnic category code (Z / 99 when not stated)
    geo: np.ndarray             # index into Geography; -1 when living outside the area
    pc_status: np.ndarray       # PC_VALID / PC_MISSING / PC_INVALID / PC_UNMATCHED
    postcode: np.ndarray        # what hospital records show ('' when missing)
    unknown_sex: np.ndarray     # every hospital record shows sex unknown
    frailty: np.ndarray         # shared propensity to use services
    gp: np.ndarray
    ccg: np.ndarray
    site: np.ndarray            # index into SITES
    imd_quintile: np.ndarray    # true quintile of the home LSOA, 0 outside the area

    def __len__(self) -> int:
        return len(self.nhs)

    def take(self, idx: np.ndarray) -> "People":
        return People(**{f.name: getattr(self, f.name)[idx] for f in fields(self)})

    @staticmethod
    def concat(a: "People", b: "People") -> "People":
        return People(**{f.name: np.concatenate([getattr(a, f.name), getattr(b, f.name)])
                         for f in fields(a)})


def adult_social_care_ages(rng, n: int) -> np.ndarray:
    """Adult social care clients: about 30% of working age, the rest mostly 75 to 95."""
    old_ages = np.arange(65, 105)
    old_w = np.exp(-((old_ages - 85) / 9.0) ** 2)
    return np.where(rng.random(n) < 0.30, rng.integers(18, 65, n),
                    rng.choice(old_ages, n, p=old_w / old_w.sum()))


def _dob_for_age(rng, age: np.ndarray, ref_day: int) -> np.ndarray:
    """A birth date giving exactly `age` at the reference date (never 29 February)."""
    hi = cal.add_years(np.full(len(age), ref_day), -age)                  # birthday on ref
    lo = cal.add_years(np.full(len(age), ref_day + 1), -(age + 1))        # day after, a year before
    dob = lo + np.floor(rng.random(len(age)) * (hi - lo + 1)).astype("int64")
    _, m, d = cal.ymd(dob)
    dob = np.where((m == 2) & (d == 29), dob - 1, dob)
    assert (cal.age_on(dob, np.full(len(age), ref_day)) == age).all()
    return dob


def _ethnicity(rng, share: np.ndarray) -> np.ndarray:
    """NHS ethnic category codes, given each person's chance of not being White British."""
    n = len(share)
    codes = np.array(list(OTHER_ETHNIC_MIX), dtype=object)
    weights = np.array(list(OTHER_ETHNIC_MIX.values()))
    other = rng.choice(codes, n, p=weights / weights.sum())
    eth = np.where(rng.random(n) < share, other, "A").astype(object)
    not_stated = rng.random(n) < NOT_STATED_SHARE
    return np.where(not_stated, np.where(rng.random(n) < 0.7, "Z", "99"), eth).astype(object)


def _out_of_area_postcodes(rng, n: int, known: np.ndarray) -> np.ndarray:
    out = (rng.choice(OUT_OF_AREA_OUTWARDS, n) + " " + rng.integers(1, 10, n).astype(str).astype(object)
           + rng.choice(_INWARD_LETTERS, n) + rng.choice(_INWARD_LETTERS, n))
    clash = isin(out, known)
    if clash.any():  # never a postcode of the area's lookup
        out[clash] = _out_of_area_postcodes(rng, int(clash.sum()), known)
    return out


def make_people(rng, nhs: np.ndarray, geo: Geography, ref_day: int, window_start: int, *,
                social_care_only: bool = False) -> People:
    """n residents. The hospital pool is drawn from the mid-2020 population by LSOA, age
    band and sex, weighted to the Trust's catchment with the planted deprivation gradient
    and ward (catchment.lsoa_weights), and carries the person-level postcode and sex
    conditions; `social_care_only` people (adults in ECC's districts who are not MSEFT
    patients) always have a matched postcode."""
    n = len(nhs)
    if social_care_only:
        in_ecc = np.isin(geo.lsoas.lad_code, ECC_DISTRICTS).astype(float)
        lsoa, _, female = draw_residents(rng, geo, n, in_ecc, age_range=(18, 104))
        ages = adult_social_care_ages(rng, n)
    else:
        lsoa, ages, female = draw_residents(rng, geo, n, lsoa_weights(geo))
    where = geo.postcode_in(rng, lsoa)
    dob = _dob_for_age(rng, ages, ref_day)
    band = np.searchsorted(AGE_BAND_LOWER, ages, side="right") - 1
    band_start = cal.add_years(dob, AGE_BAND_LOWER[band])
    lower = np.maximum(np.maximum(band_start, dob), window_start)
    sex = np.where(female, "F", "M").astype(object)

    status = np.full(n, PC_VALID, dtype="int8")
    unknown_sex = np.zeros(n, dtype=bool)
    if not social_care_only:
        order = rng.permutation(n)
        start = 0
        for code, key in ((PC_MISSING, "missing_postcode"), (PC_INVALID, "invalid_postcode"),
                          (PC_UNMATCHED, "unmatched_postcode")):
            k = planted_count(PERSON_DEFECTS[key], n)
            status[order[start:start + k]] = code
            start += k
        unknown_sex[rng.permutation(n)[:planted_count(PERSON_DEFECTS["unknown_sex"], n)]] = True
    geo_idx = np.where(status == PC_UNMATCHED, -1, where)

    postcode = geo.postcode[where].copy()
    postcode[status == PC_MISSING] = ""
    bad = status == PC_INVALID
    postcode[bad] = rng.choice(INVALID_POSTCODES, int(bad.sum()))
    away = status == PC_UNMATCHED
    postcode[away] = _out_of_area_postcodes(rng, int(away.sum()), geo.postcode)

    # District facts per postcode of the lookup, then per person (people living outside
    # the area: practices E8xxxx, neighbouring commissioners, more diverse).
    district_no = lookup(geo.lad_code, {c: i for i, c in enumerate(sorted(CCG))}).astype("int64")[where]
    gp = "F" + (81000 + district_no * 10 + rng.integers(0, 10, n)).astype(str).astype(object)
    gp[away] = "E" + (81000 + rng.integers(0, 4000, int(away.sum()))).astype(str).astype(object)
    ccg = lookup(geo.lad_code, CCG)[where]
    ccg[away] = rng.choice(OUT_OF_AREA_CCGS, int(away.sum()))
    main_site = lookup(geo.lad_code, MAIN_SITE, 1).astype("int64")[where]
    site = np.where(rng.random(n) < 0.85, main_site, rng.integers(0, 3, n))
    diversity = lookup(geo.lad_code, NON_WHITE_BRITISH).astype(float)[where]
    diversity[away] = OUT_OF_AREA_NON_WHITE_BRITISH

    return People(
        nhs=nhs, pseudo=np.full(n, "", dtype=object), sex=sex, dob=dob, age_ref=ages, band=band,
        lower_day=lower, eth=_ethnicity(rng, diversity), geo=geo_idx, pc_status=status,
        postcode=postcode, unknown_sex=unknown_sex,
        frailty=rng.gamma(0.8, 1 / 0.8, n), gp=gp, ccg=ccg, site=site,
        imd_quintile=np.where(geo_idx >= 0, geo.imd_quintile[where], 0),
    )


def add_pseudonyms(people: People, used: np.ndarray) -> None:
    """Hash only those who appear in a file (hashing is the slow part)."""
    people.pseudo[used] = pseudonymise(people.nhs[used])
