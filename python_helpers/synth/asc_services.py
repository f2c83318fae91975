"""ECC services (commitments and costs) and the services summary, from one element table."""
from __future__ import annotations

from datetime import date

import numpy as np

from python_helpers.synth import calendar as cal
from python_helpers.synth.activity import flag_text, pick
from python_helpers.synth.asc_activity import GROUP_NAMES, LONG_TERM, REPORTING_GROUP
from python_helpers.synth.config import VARIATION
from python_helpers.synth.people import People
from python_helpers.synth.reference import Geography
from python_helpers.synth.render import pseudonym_text
from python_helpers.synth.social_care import SocialCare


def _week(days: np.ndarray) -> np.ndarray:
    y, _, _ = cal.ymd(days)
    return (days - cal.from_ymd(y, np.ones_like(y), np.ones_like(y))) // 7 + 1


def _ym(days: np.ndarray, blank: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    y, m, _ = cal.ymd(np.where(blank, 0, days))
    return cal.fmt_int(y, blank=blank), cal.fmt_int(m, blank=blank)


def _ids(el: dict, offset: int) -> np.ndarray:
    return (el["id"] + offset).astype(str).astype(object)


def services(rng, people: People, geo: Geography, sc: SocialCare, el: dict, ref_day: int) -> tuple[dict, dict]:
    rec, n = el["rec"], len(el["rec"])
    p = sc.rec_person[rec]
    death = sc.rec_death_day[rec]
    open_end = el["end"] < 0
    age = cal.age_on(people.dob[p], np.where(death >= 0, death, ref_day))
    group_name = np.array(GROUP_NAMES, dtype=object)[el["group"]]
    stay = np.where(open_end, ref_day, np.minimum(el["end"], ref_day)) - el["start"]
    end_year, end_month = _ym(el["end"], open_end)
    start_year, start_month = _ym(el["start"], np.zeros(n, bool))
    fy_start, fy_end = cal.financial_year_bounds(ref_day)
    status = np.where(el["active"], "Active", "Closed").astype(object)
    cost = np.where(el["one_off"] > 0, el["one_off"], el["weekly"])
    hourly = el["hours"] != 1.0
    unit = np.where(el["one_off"] > 0, "Item", np.where(hourly, "Hour", "Week")).astype(object)
    team = el["locality"] + " Purchasing Team"
    ward = geo.ward_name[sc.hh_geo[sc.ind_household[sc.rec_ind[rec]]]]
    person_id, notes = pseudonym_text(rng, sc.rec_mosaic[rec])
    household, hh_notes = pseudonym_text(rng, sc.hh_key[sc.ind_household[sc.rec_ind[rec]]])
    cancelled, n1 = flag_text(rng, np.zeros(n, bool), VARIATION["flag_variant"])
    valid, n2 = flag_text(rng, np.ones(n, bool), VARIATION["flag_variant"])
    lts, n3 = flag_text(rng, LONG_TERM[el["group"]], VARIATION["flag_variant"])
    swift = (rng.random(n) < 0.3) & (el["start"] < cal.day(date(2016, 4, 1)))
    cols = {
        "person_id": person_id,
        "swift_id_1": np.where(swift, "SW" + (100_000 + rec).astype(str).astype(object), "").astype(object),
        "swift_id_2": np.full(n, "", dtype=object),
        "workflow_step_id": _ids(el, 1_000_000), "workflow_step_type": np.where(
            el["nth"] == 0, "Service Arrangement", "Package Change").astype(object),
        "workflow_step_start_date": cal.fmt_date(el["start"]),
        "workflow_step_end_date": cal.fmt_date(el["end"], blank=open_end),
        "workflow_step_end_year": end_year, "workflow_step_end_month": end_month,
        "workflow_id": _ids(el, 2_000_000), "package_requesting_team": el["locality"] + " Locality Team",
        "element_id": _ids(el, 3_000_000), "element_detail_id": _ids(el, 4_000_000),
        "count_commitment_id": cal.fmt_int(np.ones(n)), "commitment_id": _ids(el, 5_000_000),
        "rate_id": _ids(el, 6_000_000), "rate_change_id": _ids(el, 7_000_000),
        "package_id": _ids(el, 8_000_000), "service_id": _ids(el, 9_000_000),
        "cancelled": cancelled, "package_type": np.full(n, "Adults Care Provision", dtype=object),
        "service_group": group_name, "service_type": el["type"],
        "element_type": np.where(el["direct_payment"], "Direct Payment", "Commissioned Service").astype(object),
        "contract_type": pick(rng, {"Spot": .6, "Framework": .3, "Block": .1}, n),
        "contract_type_2": pick(rng, {"Spot": .6, "Framework": .3, "Block": .1}, n),
        "element_group": np.where(el["direct_payment"], "Direct Payment", "Commissioned Service").astype(object),
        "provider_id": (10_000 + el["provider_no"]).astype(str).astype(object),
        "provider": np.where(el["direct_payment"], "Direct Payment Recipient", el["provider"]).astype(object),
        "provider_type": np.where(el["direct_payment"], "Self (Direct Payment)", pick(
            rng, {"Independent Sector": .85, "Voluntary Sector": .1, "In-house": .05}, n)).astype(object),
        "payee_org_id": (10_000 + el["provider_no"]).astype(str).astype(object),
        "payee_organisation": el["provider"],
        "budget_code_group_id": (el["group"] + 100).astype(str).astype(object),
        "budget_code": "ASC-" + (el["group"] + 100).astype(str).astype(object) + "-" + el["locality"],
        "code_1": np.full(n, "ASC", dtype=object), "code_2": group_name,
        "code_3": el["psr"], "code_4": el["locality"], "budget_code_locality": el["locality"],
        "start_current_ecc_year": cal.fmt_date(np.full(n, fy_start)),
        "end_current_ecc_year": cal.fmt_date(np.full(n, fy_end)),
        "service_start_date": cal.fmt_date(el["start"]), "service_end_date": cal.fmt_date(el["end"], blank=open_end),
        "element_start_date": cal.fmt_date(el["start"]), "element_end_date": cal.fmt_date(el["end"], blank=open_end),
        "vaild_element": valid, "length_of_stay": cal.fmt_int(stay),
        "element_start_week": cal.fmt_int(_week(el["start"])),
        "element_end_week": cal.fmt_int(_week(np.where(open_end, 0, el["end"])), blank=open_end),
        "element_start_year": start_year, "element_start_month": start_month,
        "element_end_year": end_year, "element_end_month": end_month,
        "active_package": status,
        "commitment_start_date": cal.fmt_date(el["start"]),
        "commitment_end_date": cal.fmt_date(el["end"], blank=open_end),
        "commitment_created_on": cal.fmt_date(el["start"] - rng.integers(0, 14, n)),
        "purchasing_team": team,
        "quantity": cal.fmt_money(el["hours"]), "standard_cost": cal.fmt_money(el["rate"]),
        "cost_per_frequency": cal.fmt_money(el["rate"]), "cost_per_week": cal.fmt_money(el["weekly"]),
        "one_off_cost": cal.fmt_money(el["one_off"]), "weekly_quantity": cal.fmt_money(el["hours"]),
        "rate": cal.fmt_money(el["rate"]),
        "rate_type": pick(rng, {"Standard": .8, "Enhanced": .15, "Negotiated": .05}, n),
        "frequency": np.where(el["one_off"] > 0, "One-off", "Weekly").astype(object),
        "quantity_per_frequency": cal.fmt_money(el["hours"]), "unit_of_measure": unit, "charge_unit_type": unit,
        "element_change_type": np.where(el["nth"] == 0, "New", pick(rng, {"Increase": .5, "Decrease": .2,
                                                                           "No change": .3}, n)).astype(object),
        "old_element_detail_id": np.where(el["nth"] > 0, _ids(el, 3_999_999), "").astype(object),
        "new_element_detail_id": _ids(el, 4_000_000),
        "calculated_rate": cal.fmt_money(el["weekly"]),
        "old_service_cost": cal.fmt_money(el["weekly"] * 0.97, blank=el["nth"] == 0),
        "service_cost": cal.fmt_money(cost),
        "active_package_cost": cal.fmt_money(np.where(el["active"], cost, 0.0)),
        "date_of_death": cal.fmt_date(death, blank=death < 0),
        "age": cal.fmt_int(age),
        "ageband1": np.where(age < 65, "Working Age", "Older People").astype(object),
        "ageband2": np.select([age < 65, age < 75, age < 85], ["18-64", "65-74", "75-84"], "85+").astype(object),
        "locality_name": el["locality"], "district_name": geo.lad_name[sc.hh_geo[sc.ind_household[sc.rec_ind[rec]]]],
        "ward_name": ward, "primary_support_reason": el["psr"], "primary_support_sub_reason": el["sub_reason"],
        "max_commitment_id": _ids(el, 5_000_000),
        "alt_reporting_group": np.array(REPORTING_GROUP, dtype=object)[el["group"]],
        "alt_service_group": group_name, "lts_service": lts, "pseudo_household_id": household,
    }
    return cols, {"person_id": notes, "pseudo_household_id": hh_notes, "flag_variant_rows": n1 + n2 + n3,
                  "_rec": rec}


def service_summary(rng, sc: SocialCare, el: dict, ref_day: int) -> tuple[dict, dict]:
    rec, n = el["rec"], len(el["rec"])
    open_end = el["end"] < 0
    first_start = np.full(len(sc.rec_ind), np.iinfo("int64").max)
    np.minimum.at(first_start, rec, el["start"])
    group_name = np.array(GROUP_NAMES, dtype=object)[el["group"]]
    rank = el["group"] + 1
    long_term = LONG_TERM[el["group"]]
    lts, n1 = flag_text(rng, long_term, VARIATION["flag_variant"])
    lts12, n2 = flag_text(rng, long_term & el["active"] & (el["start"] <= ref_day - 365), VARIATION["flag_variant"])
    cost = np.where(el["one_off"] > 0, el["one_off"], el["weekly"])
    person_id, notes = pseudonym_text(rng, sc.rec_mosaic[rec])
    return {
        "person_id": person_id, "workflow_id": (el["id"] + 2_000_000).astype(str).astype(object),
        "workflow_step_id": (el["id"] + 1_000_000).astype(str).astype(object),
        "started_services": cal.fmt_date(first_start[rec]),
        "service_group": group_name,
        "service_group_rank_start": cal.fmt_int(rank), "service_group_rank_end": cal.fmt_int(rank),
        "service_type": el["type"],
        "service_type_rank_start": cal.fmt_int(rank * 10), "service_type_rank_end": cal.fmt_int(rank * 10),
        "long_term_service": lts, "person_lts_12_plus_months_today": lts12,
        "element_detail_id": (el["id"] + 4_000_000).astype(str).astype(object),
        "element_id": (el["id"] + 3_000_000).astype(str).astype(object),
        "service_rank": cal.fmt_int(el["nth"] + 1),
        "element_type": np.where(el["direct_payment"], "Direct Payment", "Commissioned Service").astype(object),
        "start_date": cal.fmt_date(el["start"]), "end_date": cal.fmt_date(el["end"], blank=open_end),
        "status": np.where(el["active"], "Active", "Closed").astype(object),
        "type_id": (el["group"] + 100).astype(str).astype(object),
        "provider_id": (10_000 + el["provider_no"]).astype(str).astype(object),
        "provider": np.where(el["direct_payment"], "Direct Payment Recipient", el["provider"]).astype(object),
        "provider_type": np.where(el["direct_payment"], "Self (Direct Payment)", "Independent Sector").astype(object),
        "allocated_organisation": el["locality"] + " Locality Team",
        "budget_code": "ASC-" + (el["group"] + 100).astype(str).astype(object) + "-" + el["locality"],
        "budget_code_description": group_name + " - " + el["locality"],
        "code_2": group_name, "budget_code_locality": el["locality"], "code_3": el["psr"],
        "rate": cal.fmt_money(el["rate"]),
        "unit": np.where(el["one_off"] > 0, "Item", np.where(el["hours"] != 1.0, "Hour", "Week")).astype(object),
        "frequency": np.where(el["one_off"] > 0, "One-off", "Weekly").astype(object),
        "weekly_quantity": cal.fmt_money(el["hours"]), "weekly_cost": cal.fmt_money(el["weekly"]),
        "suspensions": np.where(rng.random(n) < 0.03, "Hospital admission", "").astype(object),
        "po": "PO" + (el["id"] + 9_100_000).astype(str).astype(object),
        "service_band": np.select([cost < 200, cost < 500, cost < 900],
                                  ["Band 1", "Band 2", "Band 3"], "Band 4").astype(object),
    }, {"person_id": notes, "flag_variant_rows": n1 + n2, "_rec": rec}
