"""Each feed's rows as text, from the generator's synthetic world (`generate.Drop`).

`render_feed(drop, table)` is what the generator writes and what the truth manifest runs
again where it needs a value exactly as written; each feed has its own random stream, so
rendering a feed twice gives the same text.
"""
from __future__ import annotations

import numpy as np

from python_helpers.synth import ae, asc_activity, asc_people, asc_services, inpatient, waiting_list
from python_helpers.synth.activity import first_rows
from python_helpers.synth.config import rng_for
from python_helpers.synth import calendar as cal
from python_helpers.synth.people import PC_VALID
from python_helpers.synth.reference import code_lists, geography
from python_helpers.synth.render import pseudonym_text


def _objections(rng, drop):
    who = np.flatnonzero(drop.objector)
    who = who[rng.permutation(len(who))]
    nhs, notes = pseudonym_text(rng, drop.people.pseudo[who])
    return {"nhs_number": nhs, "reason": drop.objector_reason[who]}, notes


# Feed (registry table name) -> how to render it: registry column -> text, and notes.
RENDERERS = {
    "ae_attendances": lambda rng, d, geo: ae.render(rng, d.people, d.ae, ~first_rows(d.ae.person)),
    "inpatient_spells": lambda rng, d, geo: inpatient.render(rng, d.people, d.ip, ~first_rows(d.ip.person)),
    "waiting_list": lambda rng, d, geo: waiting_list.render(rng, d.people, d.wl, ~first_rows(d.wl.person),
                                                            d.ref_day),
    "demographics": lambda rng, d, geo: asc_people.demographics(rng, d.people, d.sc, d.ref_day),
    "geographies": lambda rng, d, geo: asc_people.geographies(rng, geo, d.sc),
    "health_conditions": lambda rng, d, geo: asc_people.health_conditions(rng, d.sc, d.ref_day),
    "sensory_impairment": lambda rng, d, geo: asc_people.sensory(rng, d.people, d.sc),
    "languages": lambda rng, d, geo: asc_people.languages(rng, d.people, d.sc),
    "registrations": lambda rng, d, geo: asc_activity.registrations(rng, d.sc, d.ref_day),
    "assessments": lambda rng, d, geo: asc_activity.assessments(rng, d.sc, d.ref_day),
    "reviews": lambda rng, d, geo: asc_activity.reviews(rng, geo, d.sc, d.ref_day),
    "services": lambda rng, d, geo: asc_services.services(rng, d.people, geo, d.sc, d.elements, d.ref_day),
    "service_summary": lambda rng, d, geo: asc_services.service_summary(rng, d.sc, d.elements, d.ref_day),
    "objections": lambda rng, d, geo: _objections(rng, d),
}


def render_feed(drop, table: str, feed=None) -> tuple[dict, dict]:
    """Registry column -> text for one feed (each feed has its own random stream). A feed
    the generator has no renderer for (one just added to the registry) gets rows made from
    its registry columns (`registry_rows`) when its registry entry is given."""
    rng = rng_for(drop.seed, f"render-{table}")
    if table in RENDERERS:
        return RENDERERS[table](rng, drop, geography())
    if feed is None:
        raise KeyError(f"the feed registry has a feed {table!r} that the generator does not write")
    return registry_rows(rng, drop, feed), {}


# Rows of a feed without a renderer of its own, and the bounds of a number without them.
REGISTRY_ROWS = 500
DEFAULT_NUMBER_RANGE = (0, 100)


def registry_rows(rng, drop, feed, n: int = REGISTRY_ROWS) -> dict:
    """Plain, valid rows for a feed from its registry columns alone: one row each for up to
    `n` synthetic people who are hospital patients or social care clients with a matched
    postcode and who did not object (so the rows need no objection filter to be safe), every
    value of its column's type and within its constraints. It lets a feed added to the
    registry flow through generation, validation, loading and dbt before it has a renderer
    with realistic data of its own; a constraint it cannot satisfy generically (a `pattern`
    without accepted values or a code list) stops the generator naming feed and column."""
    people = drop.people
    pool = np.flatnonzero((people.pseudo != "") & ~drop.objector & (people.pc_status == PC_VALID))
    who = rng.permutation(pool)[:n]
    days = rng.integers(drop.window_start, drop.ref_day + 1, len(who))
    lists = code_lists()
    cols = {}
    for column in feed.columns:
        where = f"{feed.file}, column {column.header!r}"
        if column.unique and column.type not in ("pseudonym", "integer", "text"):
            raise ValueError(f"{where}: the generator cannot make unique {column.type} values "
                             "without a renderer of the feed (python_helpers/synth/feeds.py)")
        cols[column.name] = _registry_values(rng, column, who, days, people, lists, where)
    return cols


def _registry_values(rng, column, who, days, people, lists, where: str) -> np.ndarray:
    n = len(who)
    if column.accepted_values:
        return rng.choice(np.array(column.accepted_values, dtype=object), n)
    if column.code_list:
        if column.code_list not in lists:
            raise ValueError(f"{where}: the generator knows no code list {column.code_list!r}")
        return rng.choice(np.array(sorted(lists[column.code_list]), dtype=object), n)
    if column.pattern:
        raise ValueError(f"{where}: the generator cannot write values of the pattern "
                         f"{column.pattern} without a renderer of the feed "
                         "(python_helpers/synth/feeds.py)")
    low = column.min if column.min is not None else DEFAULT_NUMBER_RANGE[0]
    high = column.max if column.max is not None else DEFAULT_NUMBER_RANGE[1]
    values = {
        "pseudonym": lambda: people.pseudo[who],
        "postcode": lambda: people.postcode[who],
        "sex": lambda: people.sex[who],
        "date": lambda: cal.fmt_date(days),
        "datetime": lambda: cal.fmt_datetime(days * cal.MINUTES_PER_DAY
                                             + rng.integers(0, cal.MINUTES_PER_DAY, n)),
        "integer": lambda: (cal.fmt_int(np.arange(n)) if column.unique
                            else cal.fmt_int(rng.integers(int(low), int(high) + 1, n))),
        "decimal": lambda: np.char.mod("%.2f", rng.uniform(low, high, n)),
        "flag": lambda: rng.choice(np.array(["Y", "N"], dtype=object), n),
        "text": lambda: np.char.add(f"{column.name} ", np.arange(1, n + 1).astype(str)),
    }
    values["code"] = values["text"]
    return np.asarray(values[column.type](), dtype=object)
