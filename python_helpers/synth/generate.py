"""`hi generate`: write a synthetic partner drop folder and its truth manifest.

    generate_drop(out_dir, scale="small", seed=2022, years=None, multiplier=None, progress=False)

writes the 13 partner files of the drop-folder contract (names and verbatim headers from
the feed registry), objections.csv and truth_manifest.json, and returns the manifest. The
same seed gives byte-identical files. The manifest holds every planted rate and effect and
the exact counts a correct pipeline must report (see its "definitions").

Scales: `small` (about 2,000 hospital patients, for tests) and `trust` (one year of MSEFT
activity); `--years N` spreads activity over N financial years ending at the reference
date and multiplies the volume by N; `--multiplier M` multiplies every volume by M.
"""
from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from python_helpers.registry import load_registry
from python_helpers.synth import (ae, asc_activity, codes, inpatient, readmissions, social_care,
                                  social_care_waits, truth, vulnerability, waiting_list)
from python_helpers.synth import calendar as cal
from python_helpers.synth.activity import Rows
from python_helpers.synth.config import (REFERENCE_DATE, ROW_DEFECTS, SOCIAL_CARE, Volumes, rng_for,
                                         scale_volumes)
from python_helpers.synth.defects import eligible_rows, plant
from python_helpers.synth.people import PC_VALID, People, add_pseudonyms, make_people
from python_helpers.synth.pseudo import synthetic_nhs_numbers
from python_helpers.synth.reference import geography
from python_helpers.synth.feeds import render_feed
from python_helpers.synth.writer import write_feed

OBJECTION_REASONS = {"national_data_opt_out": .80, "article_21_objection": .15, "article_18_restriction": .05}
# Relative chance of a patient being known to adult social care, by age band (0-17 ... 85+).
SOCIAL_CARE_AGE_WEIGHT = np.array([0.0, 0.4, 0.35, 0.35, 0.4, 0.6, 1.2, 3.5, 7.0])


class Progress:
    def __init__(self, enabled: bool):
        self.enabled, self.start = enabled, time.perf_counter()

    def __call__(self, message: str) -> None:
        if self.enabled:
            print(f"[{time.perf_counter() - self.start:6.1f}s] {message}", file=sys.stderr, flush=True)


@dataclass
class Drop:
    """Everything the generator knows: the ground truth the manifest is computed from."""
    seed: int
    scale: str
    years: float | None
    multiplier: float | None
    volumes: Volumes
    ref_day: int
    window_start: int
    people: People
    n_pool: int
    ae: Rows
    ip: Rows
    wl: Rows
    death: np.ndarray
    sc: social_care.SocialCare
    sc_plan: dict
    elements: dict
    objector: np.ndarray           # per person
    objector_reason: np.ndarray    # per person, '' when not an objector
    rows: dict                     # file -> rows written
    row_records: dict              # social care file -> case record of each row (None: no person key)
    notes: dict                    # feed -> variation counts
    planted: dict = field(default_factory=dict)  # issue 11: vulnerability and readmission truths


def _window_start(ref_day: int, years: float | None) -> int:
    if years is None or years == 1:
        return cal.financial_year_bounds(ref_day)[0]
    return ref_day + 1 - int(round(years * 365.25))


def _sorted(rows: Rows, key: str) -> Rows:
    return rows.keep(np.argsort(rows.v[key], kind="stable"))


def _choose_objectors(rng, people: People, sc: social_care.SocialCare, hospital: np.ndarray,
                      death: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Objectors: hospital patients alive at the date, some of them linked to social care."""
    normal = (people.pc_status == PC_VALID) & ~people.unknown_sex & (death < 0) & hospital
    linked_ind = sc.ind_linked & (np.bincount(sc.rec_ind, weights=sc.rec_has_nhs, minlength=len(sc.ind_person)) > 0)
    in_sc = np.zeros(len(people), bool)
    in_sc[sc.ind_person] = True
    linked = np.zeros(len(people), bool)
    linked[sc.ind_person[linked_ind]] = True
    n_sc = int(round(SOCIAL_CARE["objectors_in_social_care"] * n))
    from_sc = rng.permutation(np.flatnonzero(normal & linked))[:n_sc]
    others = rng.permutation(np.flatnonzero(normal & ~in_sc))[:n - len(from_sc)]
    chosen = np.concatenate([from_sc, others])
    objector = np.zeros(len(people), bool)
    objector[chosen] = True
    reason = np.full(len(people), "", dtype=object)
    names = np.array(list(OBJECTION_REASONS), dtype=object)
    weights = np.array(list(OBJECTION_REASONS.values()))
    reason[chosen] = rng.choice(names, len(chosen), p=weights / weights.sum())
    return objector, reason


def build(seed: int, scale: str, years: float | None, multiplier: float | None, say: Progress) -> Drop:
    """The synthetic world, before it is written: people, activity, social care, objectors
    and the rows that carry defects."""
    volumes = scale_volumes(scale, years, multiplier)
    ref_day = cal.day(REFERENCE_DATE)
    window_start = _window_start(ref_day, years)
    geo = geography()
    codes.check_all_codes()
    say(f"reference data: {len(geo):,} postcodes; volumes {volumes}")

    sc_plan = social_care.plan(volumes.sc_records)
    n_extra = sc_plan["individuals"] - sc_plan["patients"]
    nhs = synthetic_nhs_numbers(rng_for(seed, "nhs-numbers"), volumes.pool + n_extra)
    pool = make_people(rng_for(seed, "people"), nhs[:volumes.pool], geo, ref_day, window_start)
    extra = make_people(rng_for(seed, "social-care-people"), nhs[volumes.pool:], geo, ref_day, window_start,
                        social_care_only=True)
    extra.frailty[:] = 0.0   # never hospital patients
    people = People.concat(pool, extra)
    say(f"people: {volumes.pool:,} residents, {n_extra:,} social care clients who are not patients")

    ae_rows = ae.build(rng_for(seed, "ae"), people, volumes.ae_rows, ref_day)
    ip_rows, death, ae_keep = inpatient.build(rng_for(seed, "inpatient"), people, ae_rows, volumes.ip_spells, ref_day)
    ae_rows = _sorted(ae_rows.keep(ae_keep), "arrival")
    ip_rows = _sorted(ip_rows, "admission")
    wl_rows = _sorted(waiting_list.build(rng_for(seed, "waiting-list"), people, volumes.wl_pathways, ref_day, death),
                      "clock_start")
    say(f"hospital: {len(ae_rows):,} A&E attendances, {len(ip_rows):,} spells, {len(wl_rows):,} pathways")

    hospital = np.zeros(len(people), bool)
    for rows in (ae_rows, ip_rows, wl_rows):
        hospital[rows.person] = True
    in_ip = np.zeros(len(people), bool)
    in_ip[ip_rows.person] = True
    home_ecc = np.zeros(len(people), bool)
    home_ecc[people.geo >= 0] = geo.is_ecc[people.geo[people.geo >= 0]]
    eligible = hospital & home_ecc & (people.pc_status == PC_VALID) & (people.age_ref >= 18)
    weight = eligible * SOCIAL_CARE_AGE_WEIGHT[people.band] * (1 + 1.5 * in_ip)
    sc = social_care.build(rng_for(seed, "social-care"), people, geo, sc_plan, weight,
                           volumes.pool + np.arange(n_extra), death, ref_day, window_start)
    in_wl = np.zeros(len(people), bool)
    in_wl[wl_rows.person] = True
    social_care_waits.plant(rng_for(seed, "social-care-waits"), sc, in_wl)
    used = hospital.copy()
    used[sc.ind_person] = True
    add_pseudonyms(people, used)
    say(f"social care: {len(sc.ind_person):,} individuals, {len(sc.rec_ind):,} case records")

    objector, reason = _choose_objectors(rng_for(seed, "objectors"), people, sc, hospital, death, volumes.objectors)
    for name, rows in (("ae_attendances", ae_rows), ("inpatient_spells", ip_rows), ("waiting_list", wl_rows)):
        plant(rng_for(seed, f"defects-{name}"), rows, ROW_DEFECTS[name], eligible_rows(people, rows, objector))
    elements = asc_activity.service_elements(rng_for(seed, "services"), geo, sc, ref_day)
    planted = {"no_fixed_abode": vulnerability.plant_no_fixed_abode(
        rng_for(seed, "no-fixed-abode"), people, hospital, objector)}
    planted.update(vulnerability.plant_diagnoses(rng_for(seed, "vulnerable-diagnoses"), ip_rows, sc,
                                                 len(people), objector))
    ip_rows, planted["readmissions_after_excluded_index_spells"] = readmissions.plant(
        rng_for(seed, "readmissions"), people, ip_rows, ref_day, objector)
    ip_rows = _sorted(ip_rows, "admission")
    say(f"planted: {int(planted['no_fixed_abode'].sum())} no fixed abode, "
        f"{int(planted['learning_disability'].sum())} learning disability and "
        f"{int(planted['autism'].sum())} autism diagnoses, readmissions after excluded spells "
        f"{planted['readmissions_after_excluded_index_spells']}")
    return Drop(seed=seed, scale=scale, years=years, multiplier=multiplier, volumes=volumes, ref_day=ref_day,
                window_start=window_start, people=people, n_pool=volumes.pool, ae=ae_rows, ip=ip_rows,
                wl=wl_rows, death=death, sc=sc, sc_plan=sc_plan, elements=elements, objector=objector,
                objector_reason=reason, rows={}, row_records={}, notes={}, planted=planted)


def generate_drop(out_dir, scale: str = "small", seed: int = 2022, years: float | None = None,
                  multiplier: float | None = None, progress: bool = False) -> dict:
    say = Progress(progress)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    drop = build(seed, scale, years, multiplier, say)
    for feed in load_registry():
        cols, notes = render_feed(drop, feed.table, feed)
        drop.rows[feed.file] = write_feed(out / feed.file, feed, cols)
        if feed.source in ("ecc", "ecc_asc"):
            drop.row_records[feed.file] = notes.pop("_rec", None)
        drop.notes[feed.table] = notes
        say(f"wrote {feed.file}: {drop.rows[feed.file]:,} rows")
    manifest = truth.manifest(drop)
    (out / "truth_manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    say("wrote truth_manifest.json")
    return manifest


def main(args) -> int:
    started = time.perf_counter()
    manifest = generate_drop(args.out, scale=args.scale, seed=args.seed, years=args.years,
                             multiplier=args.multiplier, progress=True)
    rows = manifest["rows_per_file"]
    link = manifest["linkage"]["after_objections"]
    print(f"generated {args.out}: {len(rows)} files, {sum(rows.values()):,} rows "
          f"({rows['mseft_ae_attendances.csv']:,} A&E attendances, "
          f"{rows['mseft_inpatient_spells.csv']:,} spells, "
          f"{rows['mseft_waiting_list.csv']:,} pathways, "
          f"{rows['ecc_asc_demographics.csv']:,} social care records; "
          f"{link['hospital_persons']:,} patients, {link['hospital_persons_linked']:,} linked) "
          f"in {time.perf_counter() - started:.1f}s, seed {args.seed}")
    return 0
