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
from python_helpers.synth.reference import geography
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


def render_feed(drop, table: str) -> tuple[dict, dict]:
    """Registry column -> text for one feed (each feed has its own random stream)."""
    if table not in RENDERERS:
        raise KeyError(f"the feed registry has a feed {table!r} that the generator does not write")
    return RENDERERS[table](rng_for(drop.seed, f"render-{table}"), drop, geography())
