"""ECC feeds about people and places: demographics, geographies (households), languages,
sensory impairment registers and health conditions."""
from __future__ import annotations

import numpy as np

from python_helpers.synth import calendar as cal
from python_helpers.synth.activity import flag_text, pick
from python_helpers.synth.config import VARIATION
from python_helpers.synth.people import People
from python_helpers.synth.reference import Geography, ethnic_categories
from python_helpers.synth.render import pseudonym_text
from python_helpers.synth.social_care import SocialCare
from python_helpers.synth.vec import lookup, ragged_pick

ESSEX = ("E10000012", "Essex")
# Experian Mosaic Public Sector groups; which are common depends on deprivation.
MOSAIC_GROUPS = dict(zip("ABCDEFGHIJKLMNO", (
    "Country Living", "Prestige Positions", "City Prosperity", "Domestic Success", "Suburban Stability",
    "Senior Security", "Rural Reality", "Aspiring Homemakers", "Urban Cohesion", "Rental Hubs",
    "Modest Traditions", "Transient Renters", "Family Basics", "Vintage Value", "Municipal Challenge")))
MOSAIC_FIRST_TYPE = dict(zip("ABCDEFGHIJKLMNO", (1, 5, 10, 14, 18, 22, 26, 30, 35, 39, 43, 47, 52, 56, 61)))
_DEPRIVED, _MIDDLE, _AFFLUENT = "IJLMNOK", "DEFHK", "ABCDEFG"

HEALTH_CONDITIONS = {
    "Physical Support": ("REF_MOB", "REF_ARTH", "REF_DI", "REF_LTHSTRO", "REF_HEARTPROB", "REF_LTHPCOPD",
                         "REF_LTHPOTH", "REF_PERC", "REF_OSTEOA", "REF_IC", "REF_HYPE", "REF_FRAC"),
    "Support with Memory and Cognition": ("REF_MHCDEM", "REF_ALZ", "REF_MIXD", "REF_LEWY", "REF_MOB", "REF_IC"),
    "Learning Disability Support": ("REF_LDLD", "REF_ASD", "REF_LD", "REF_EP", "REF_DOWN", "REF_LDOTH"),
    "Mental Health Support": ("REF_DEPR", "REF_ANX", "REF_SCHI", "REF_MHCOTH", "REF_BIPO", "REF_PTS"),
    "Sensory Support": ("REF_SIIM", "REF_HI", "REF_SESI", "REF_SENSHI", "REF_DEB", "REF_HAHE"),
    "Social Support": ("REF_ALCO", "REF_SUBS", "REF_DEPR", "REF_NRLTHC", "REF_ANX"),
}
SENSORY_REGISTERS = {
    "Sight Impairment Register": ("Severely Sight Impaired", "Sight Impaired"),
    "Hearing Impairment Register": ("Deaf with speech", "Deaf without speech", "Hard of hearing", "Deafblind"),
}
LANGUAGES = {  # main language by NHS ethnic category
    "C": {"English": .55, "Polish": .15, "Romanian": .10, "Lithuanian": .08, "Portuguese": .07, "Turkish": .05},
    "H": {"English": .60, "Gujarati": .20, "Punjabi": .10, "Hindi": .10},
    "J": {"English": .55, "Urdu": .30, "Punjabi": .15},
    "K": {"English": .50, "Bengali": .50},
    "L": {"English": .60, "Tamil": .20, "Nepali": .20},
    "N": {"English": .60, "Yoruba": .10, "Somali": .15, "Twi": .15},
    "R": {"English": .50, "Cantonese": .30, "Mandarin": .20},
    "W": {"English": .40, "Arabic": .60},
    "S": {"English": .80, "Farsi": .10, "Kurdish": .10},
}


def demographics(rng, people: People, sc: SocialCare, ref_day: int) -> tuple[dict, dict]:
    p, ind = sc.rec_person, sc.rec_ind
    n = len(p)
    death = sc.rec_death_day
    age = cal.age_on(people.dob[p], np.where(death >= 0, death, ref_day))
    eth = ethnic_categories()
    broad = lookup(people.eth[p], dict(zip(eth["ethnic_category_code"], eth["ethnic_broad_group"])))
    sub = lookup(people.eth[p], dict(zip(eth["ethnic_category_code"], eth["ethnic_category"])))
    working = age < 65
    employment = np.where(working, pick(rng, {"Not in paid employment": .7, "In paid employment": .15,
                                              "Unknown": .15}, n), "Retired").astype(object)
    salt = lookup(employment, {
        "Not in paid employment": "Not in Paid Employment (not actively seeking work / retired)",
        "In paid employment": "In Paid Employment (less than 16 hours a week)",
        "Unknown": "Unknown", "Retired": "Not in Paid Employment (not actively seeking work / retired)"})
    psr = sc.ind_psr[ind]
    tenure = pick(rng, {"Owner occupier": .45, "Council tenant": .15, "Housing association tenant": .12,
                        "Private rented": .10, "Living with family": .12, "Registered care home": .06}, n)
    tenure = np.where(np.isin(psr, ["Learning Disability Support", "Mental Health Support"])
                      & (rng.random(n) < 0.3), "Supported accommodation", tenure).astype(object)
    grouping = lookup(tenure, {"Registered care home": "Residential/Nursing Care",
                               "Supported accommodation": "Supported Accommodation"},
                      "Settled Mainstream Housing")
    score = np.round(np.clip(rng.beta(2, 3, n) + 0.25 * (age >= 80) + 0.15 * sc.rec_current, 0, 0.99), 2)
    group = np.select([score < 0.3, score < 0.55, score < 0.75], ["Low", "Medium", "High"], "Very High")
    nwow = lookup(psr, {"Learning Disability Support": "Learning Disabilities and Autism",
                        "Mental Health Support": "Mental Health"}, "")
    nwow = np.where(nwow != "", nwow, np.where(working, "Physical and Sensory Impairment", "Older People"))

    person_id, notes = pseudonym_text(rng, sc.rec_mosaic)
    nhs, nhs_notes = pseudonym_text(rng, np.where(sc.rec_has_nhs, people.pseudo[p], "").astype(object),
                                    eligible=sc.rec_has_nhs)
    household, hh_notes = pseudonym_text(rng, sc.hh_key[sc.ind_household[ind]])
    cols = {
        "person_id": person_id, "nhs_id": nhs, "ref_address_id": household,
        "age": cal.fmt_int(age), "date_of_death": cal.fmt_date(death, blank=death < 0),
        "gender": np.where(people.sex[p] == "M", "Male", "Female").astype(object),
        "ethnicity": broad, "sub_ethnicity": sub,
        "current_employment_status": employment, "current_salt_employment_status": salt,
        "tenure": tenure, "tenure_grouping": grouping,
        "vulnerability_score": cal.fmt_money(score), "vulnerability_score_group": group.astype(object),
        "nwow_specialism": nwow.astype(object),
        "loaddate": cal.fmt_date(np.full(n, ref_day)),
    }
    return cols, {"person_id": notes, "nhs_id": nhs_notes, "ref_address_id": hh_notes, "_rec": np.arange(n)}


def geographies(rng, geo: Geography, sc: SocialCare) -> tuple[dict, dict]:
    g = sc.hh_geo
    n = len(g)
    decile = geo.deciles["imd"][g]
    groups = np.where(decile <= 3, pick(rng, dict.fromkeys(_DEPRIVED, 1), n),
                      np.where(decile <= 7, pick(rng, dict.fromkeys(_MIDDLE, 1), n),
                               pick(rng, dict.fromkeys(_AFFLUENT, 1), n))).astype(object)
    pc_groups = np.where(rng.random(n) < 0.7, groups, pick(rng, dict.fromkeys(MOSAIC_GROUPS, 1), n)).astype(object)

    def mosaic_type(grp):
        number = lookup(grp, MOSAIC_FIRST_TYPE).astype("int64") + rng.integers(0, 4, n)
        code = grp + np.char.zfill(number.astype(str), 2).astype(object)
        return code, lookup(grp, MOSAIC_GROUPS) + " (type " + code + ")"

    h_type, h_type_label = mosaic_type(groups)
    pc_type, pc_type_label = mosaic_type(pc_groups)
    # Postcode-level estimates: the same for every household of a postcode.
    pcs, inverse = np.unique(g, return_inverse=True)
    households = rng.integers(5, 45, len(pcs))[inverse]
    population = np.round(households * rng.uniform(2.0, 2.6, len(pcs))[inverse]).astype("int64")
    in_households = population - (rng.random(len(pcs)) < 0.03)[inverse] * np.minimum(population, 20)
    key, notes = pseudonym_text(rng, sc.hh_key)
    # IDACI is not in the reference data: approximated from the income domain it is part of.
    idaci_rank = np.clip(geo.ranks["income"][g] + np.round(rng.normal(0, 1500, n)).astype("int64"), 1, 32844)
    postcode = geo.postcode[g].astype(str)
    cols = {
        "udprn_pseudo": key,
        "h_mosaic_type": h_type, "h_mosaic_group": groups, "h_mosaic_group_label": lookup(groups, MOSAIC_GROUPS),
        "h_mosaic_type_label": h_type_label,
        "flag_experian_2015_list_postcode": flag_text(rng, rng.random(n) < 0.97, 0)[0],
        "pc_mosaic_group": pc_groups, "pc_mosaic_type": pc_type,
        "pc_mosaic_group_label": lookup(pc_groups, MOSAIC_GROUPS), "pc_mosaic_type_label": pc_type_label,
        "pc_midyear_2019_households": cal.fmt_int(households),
        "pc_midyear_2019_population": cal.fmt_int(population),
        "pc_midyear_2019_adults_15_plus": cal.fmt_int(np.round(population * 0.82)),
        "pc_midyear_2019_adults_18_plus": cal.fmt_int(np.round(population * 0.78)),
        "pc_midyear_2019_residents_in_households": cal.fmt_int(in_households),
        "pc_postal_sector": np.strings.slice(postcode, 0, -2).astype(object),
        "pc_output_area": np.full(n, "", dtype=object),
        "pc_lsoa": geo.lsoa11[g],
        "pc_msoa": np.char.rstrip(geo.lsoa11_name[g].astype(str), "ABCDEFGHIJKLMNOPQRSTUVWXYZ").astype(object),
        "pc_electoral_ward": geo.ward_name[g],
        "pc_local_authority_code": geo.lad_code[g], "pc_local_authority_name": geo.lad_name[g],
        "pc_county_code": np.full(n, ESSEX[0], dtype=object), "pc_county_name": np.full(n, ESSEX[1], dtype=object),
        "pc_former_county_code": np.full(n, ESSEX[0], dtype=object),
        "pc_former_county_name": np.full(n, ESSEX[1], dtype=object),
    }
    for domain in ("imd", "income", "employment", "education", "health", "crime", "barriers", "living_environment"):
        cols[f"{domain}_rank"] = cal.fmt_int(geo.ranks[domain][g])
        cols[f"{domain}_decile"] = cal.fmt_int(geo.deciles[domain][g])
    cols["idaci_rank"] = cal.fmt_int(idaci_rank)
    cols["idaci_decile"] = cal.fmt_int(np.minimum(10, (idaci_rank - 1) // 3285 + 1))
    return cols, {"udprn_pseudo": notes}


def main_records(sc: SocialCare) -> np.ndarray:
    """Each individual's first record: the one person-level registers hang off."""
    return np.flatnonzero(~sc.rec_duplicate)


def health_conditions(rng, sc: SocialCare, ref_day: int) -> tuple[dict, dict]:
    """Conditions recorded before the reference date (and before death); a few ended."""
    rec = main_records(sc)
    count = 1 + rng.poisson(0.8, len(rec))
    table = list(HEALTH_CONDITIONS.values())
    group = lookup(sc.ind_psr[sc.rec_ind[rec]], {k: i for i, k in enumerate(HEALTH_CONDITIONS)}).astype("int64")
    count = np.minimum(count, np.array([len(t) for t in table])[group])
    row_rec = np.repeat(rec, count)
    row_group = np.repeat(group, count)
    nth = np.arange(len(row_rec)) - np.repeat(np.cumsum(count) - count, count)  # 0, 1, .. within a record
    first = np.repeat(rng.integers(0, 60, len(rec)), count)
    code = ragged_pick(table, row_group, first + nth)   # consecutive entries: never the same code twice
    death = sc.rec_death_day[row_rec]
    last = np.where(death >= 0, np.minimum(death, ref_day - 1), ref_day - 1)
    start = last - rng.integers(30, 10 * 365, len(row_rec))
    ended = rng.random(len(row_rec)) < 0.1
    end = start + np.floor(rng.random(len(row_rec)) * (last - start)).astype("int64")
    person_id, notes = pseudonym_text(rng, sc.rec_mosaic[row_rec])
    return {"person_id": person_id, "health_condition_type": code,
            "start_date": cal.fmt_date(start), "end_date": cal.fmt_date(end, blank=~ended)}, \
        {"person_id": notes, "_rec": row_rec}


def sensory(rng, people: People, sc: SocialCare) -> tuple[dict, dict]:
    rec = main_records(sc)
    psr = sc.ind_psr[sc.rec_ind[rec]]
    registered = (psr == "Sensory Support") | (rng.random(len(rec)) < 0.04)
    rec = rec[registered]
    both = rng.random(len(rec)) < 0.15
    sight = rng.random(len(rec)) < 0.55
    row_rec = np.concatenate([rec, rec[both]])
    register = np.concatenate([np.where(sight, "Sight Impairment Register", "Hearing Impairment Register"),
                               np.where(sight[both], "Hearing Impairment Register", "Sight Impairment Register")])
    order = np.argsort(row_rec, kind="stable")
    row_rec, register = row_rec[order], register[order].astype(object)
    names = list(SENSORY_REGISTERS)
    category = ragged_pick([SENSORY_REGISTERS[k] for k in names],
                           lookup(register, {k: i for i, k in enumerate(names)}).astype("int64"),
                           rng.integers(0, 60, len(row_rec)))
    person_id, notes = pseudonym_text(rng, sc.rec_mosaic[row_rec])
    sex = people.sex[sc.rec_person[row_rec]]
    return {"person_id": person_id, "client_gender": np.where(sex == "M", "Male", "Female").astype(object),
            "register_name": register, "category": category}, {"person_id": notes, "_rec": row_rec}


def languages(rng, people: People, sc: SocialCare) -> tuple[dict, dict]:
    rec = main_records(sc)
    rec = rec[rng.random(len(rec)) < 0.92]
    eth = people.eth[sc.rec_person[rec]]
    main = np.full(len(rec), "English", dtype=object)
    for code, table in LANGUAGES.items():  # a loop over ethnic categories, not rows
        rows = np.flatnonzero(eth == code)
        main[rows] = pick(rng, table, len(rows))
    other = main != "English"
    interpreter = other & (rng.random(len(rec)) < 0.4)
    second = other & (rng.random(len(rec)) < 0.6)    # English spoken too, not as main language
    row_rec = np.concatenate([rec, rec[second]])
    language = np.concatenate([main, np.full(int(second.sum()), "English", dtype=object)])
    is_main = np.r_[np.ones(len(rec), bool), np.zeros(int(second.sum()), bool)]
    needs = np.concatenate([interpreter, interpreter[second]])
    order = np.argsort(row_rec, kind="stable")
    person_id, notes = pseudonym_text(rng, sc.rec_mosaic[row_rec[order]])
    main_text, n1 = flag_text(rng, is_main[order], VARIATION["flag_variant"])
    needs_text, n2 = flag_text(rng, needs[order], VARIATION["flag_variant"])
    return ({"person_id": person_id, "language": language[order], "main_language": main_text,
             "interpreter_required": needs_text},
            {"person_id": notes, "flag_variant_rows": n1 + n2, "_rec": row_rec[order]})
