"""The synthetic drop generator: contract fidelity, determinism, and a truth manifest that the
files themselves bear out (every count here is recounted from the CSVs, not taken from the
generator's internals)."""
from __future__ import annotations

import csv
import io
import json
import re
from argparse import Namespace

import numpy as np
import pandas as pd
import pytest

from python_helpers import PROJECT_DIR
from python_helpers.synth.generate import generate_drop, main
from python_helpers.registry import feed_for_file, load_registry, partner_feeds
from python_helpers.synth.config import ECC_DISTRICTS, scale_volumes
from python_helpers.synth.pseudo import nhs_check_digit, synthetic_nhs_numbers
from python_helpers.synth.reference import code_lists

REF = PROJECT_DIR / "seeds" / "reference"
HEX64 = re.compile(r"^[0-9A-F]{64}$")
POSTCODE_FORMAT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")
FLAGS = {"Y", "N", "y", "n", "Yes", "No", "YES", "NO"}
AE, IP, WL = "mseft_ae_attendances.csv", "mseft_inpatient_spells.csv", "mseft_waiting_list.csv"
HOSPITAL_NHS = {AE: "NHS_NUMBER", IP: "NHS_NUMBER", WL: "NhsNumber"}
SERVICE_FILE = {"ae": AE, "inpatient": IP, "waiting_list": WL}


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    out = tmp_path_factory.mktemp("small")
    return out, generate_drop(out, scale="small", seed=2022)


@pytest.fixture(scope="module")
def files(base):
    out, _ = base
    return {p.name: pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8")
            for p in sorted(out.glob("*.csv"))}


@pytest.fixture(scope="module")
def effects_drop(tmp_path_factory):
    """Four times the small drop: enough pathways per IMD quintile to see planted effects."""
    out = tmp_path_factory.mktemp("effects")
    manifest = generate_drop(out, scale="small", seed=11, multiplier=4)
    return out, manifest


def norm(values: pd.Series) -> pd.Series:
    return values.str.strip().str.upper()


def norm_postcode(values: pd.Series) -> pd.Series:
    compact = values.str.upper().str.replace(" ", "", regex=False)
    return compact.str[:-3] + " " + compact.str[-3:]


def parse(values: pd.Series, with_time: bool) -> pd.Series:
    return pd.to_datetime(values, format="%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y", errors="coerce")


@pytest.fixture(scope="module")
def postcode_imd():
    """Postcode -> (IMD quintile, district name) through the project's reference data."""
    pcs = pd.read_csv(PROJECT_DIR / "reference" / "postcode_lsoa21.csv", dtype=str)
    lsoa = pd.read_csv(REF / "lsoa11_lsoa21_lad22.csv", dtype=str)
    imd = pd.read_csv(REF / "imd2019_lsoa11.csv", dtype=str)
    df = pcs.merge(lsoa, on="lsoa21_code").merge(imd[["lsoa11_code", "imd_decile"]], on="lsoa11_code")
    df["quintile"] = ((df["imd_decile"].astype(int) + 1) // 2).astype(str)
    return df.set_index("pcds")[["quintile", "lad22_name", "lad22_code"]]


def person_postcodes(files, postcode_imd) -> pd.DataFrame:
    """Each hospital person's matched postcode (any row with one), from all three feeds."""
    rows = pd.concat([pd.DataFrame({"nhs": norm(files[f][HOSPITAL_NHS[f]]),
                                    "postcode": files[f][c]})
                      for f, c in ((AE, "POSTCODE"), (IP, "POSTCODE_OF_USUAL_ADDRESS"), (WL, "Postcode"))])
    rows["pc"] = norm_postcode(rows["postcode"])
    rows["matched"] = rows["pc"].isin(postcode_imd.index)
    rows["valid"] = rows["pc"].str.replace(" ", "", regex=False).str.match(POSTCODE_FORMAT.pattern)
    rows["given"] = rows["postcode"].str.strip() != ""
    return rows


def objector_ids(files) -> set:
    return set(norm(files["objections.csv"]["NHS_NUMBER"]))


# --- the contract -------------------------------------------------------------------------

def test_writes_every_registry_file_the_objections_file_and_the_manifest(base):
    out, manifest = base
    expected = {f.file for f in load_registry()} | {"truth_manifest.json"}
    assert {p.name for p in out.iterdir()} == expected
    assert len(partner_feeds()) == 13
    assert set(manifest["rows_per_file"]) == {f.file for f in load_registry()}


def test_headers_are_the_registry_headers_byte_for_byte(base):
    out, _ = base
    for feed in load_registry():
        raw = (out / feed.file).read_bytes()
        first_line = raw.split(b"\n", 1)[0].decode("utf-8")
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow(feed.headers)
        assert first_line == buffer.getvalue(), feed.file
        assert next(csv.reader(io.StringIO(first_line))) == feed.headers, feed.file
    assert "Age " in feed_for_file(WL).headers and "'Fact RttPtl'[Site]" in feed_for_file(WL).headers
    assert "‘are due to a physical or mental impairment or illness’".encode() in \
        (out / "ecc_asc_assessments.csv").read_bytes().split(b"\n", 1)[0]


def test_files_are_utf8_without_byte_order_mark_with_lf_line_ends(base):
    out, _ = base
    for feed in load_registry():
        raw = (out / feed.file).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), feed.file
        assert b"\r" not in raw, feed.file
        assert raw.endswith(b"\n"), feed.file
        text = raw.decode("utf-8")
        again = io.StringIO()   # RFC 4180 with minimal quoting: what csv.writer would write
        csv.writer(again, lineterminator="\n").writerows(csv.reader(io.StringIO(text)))
        assert again.getvalue() == text, feed.file


def test_rows_per_file_match_the_manifest(base, files):
    _, manifest = base
    for name, rows in manifest["rows_per_file"].items():
        assert len(files[name]) == rows, name


def test_small_scale_has_about_two_thousand_patients(base):
    _, manifest = base
    assert 1_700 <= manifest["linkage"]["before_objections"]["hospital_persons"] <= 2_400


def test_same_seed_gives_byte_identical_files(base, tmp_path):
    out, _ = base
    generate_drop(tmp_path, scale="small", seed=2022)
    for p in sorted(out.iterdir()):
        assert (tmp_path / p.name).read_bytes() == p.read_bytes(), p.name


def test_different_seed_gives_different_files(base, tmp_path):
    out, _ = base
    generate_drop(tmp_path, scale="small", seed=2023)
    for feed in load_registry():
        assert (tmp_path / feed.file).read_bytes() != (out / feed.file).read_bytes(), feed.file


# --- pseudonyms and linkage ---------------------------------------------------------------

def test_pseudonyms_are_64_hex_after_normalisation_and_never_ten_digits(files):
    for feed in load_registry():
        for col in feed.pseudonym_columns:
            raw = files[feed.file][col.header]
            raw = raw[raw.str.strip() != ""]
            assert len(raw), (feed.file, col.header)
            assert norm(raw).str.match(HEX64.pattern).all(), (feed.file, col.header)
            assert not raw.str.strip().str.fullmatch(r"\d{10}").any(), (feed.file, col.header)


def test_pseudonym_case_and_space_variation_is_counted_in_the_manifest(base, files):
    _, manifest = base
    notes = manifest["variation"]["rows"]
    for table, file in (("ae_attendances", AE), ("inpatient_spells", IP), ("waiting_list", WL)):
        raw = files[file][HOSPITAL_NHS[file]]
        assert (raw != raw.str.strip()).sum() == notes[table]["pseudonym_padded_rows"] > 0
        assert (raw.str.strip() != norm(raw)).sum() == notes[table]["pseudonym_lower_case_rows"] > 0
    nhs_id = files["ecc_asc_demographics.csv"]["NHS ID"]
    assert (nhs_id != nhs_id.str.strip()).sum() == notes["demographics"]["nhs_id"]["pseudonym_padded_rows"]


def linkage_from_files(files, exclude: set) -> dict:
    hospital = {s: set(norm(files[f][HOSPITAL_NHS[f]])) - exclude for s, f in SERVICE_FILE.items()}
    everyone = hospital["ae"] | hospital["inpatient"] | hospital["waiting_list"]
    demo = files["ecc_asc_demographics.csv"]
    nhs_id = norm(demo["NHS ID"])
    records = demo[~nhs_id.isin(exclude)]
    rec_nhs = norm(records["NHS ID"])
    per_nhs = rec_nhs[rec_nhs != ""].value_counts()
    return {
        "hospital_persons": len(everyone),
        "hospital_persons_by_service": {s: len(v) for s, v in hospital.items()},
        "social_care_records": norm(records["Person ID"]).nunique(),
        "social_care_records_without_nhs_id": int((rec_nhs == "").sum()),
        "social_care_distinct_nhs_ids": int(len(per_nhs)),
        "hospital_persons_linked": len(everyone & set(per_nhs.index)),
        "hospital_persons_one_to_many": len(everyone & set(per_nhs[per_nhs > 1].index)),
        "social_care_records_linked": int(rec_nhs.isin(everyone).sum()),
    }


def test_linkage_counts_match_the_files_before_and_after_objections(base, files):
    _, manifest = base
    assert linkage_from_files(files, set()) == manifest["linkage"]["before_objections"]
    assert linkage_from_files(files, objector_ids(files)) == manifest["linkage"]["after_objections"]
    after = manifest["linkage"]["after_objections"]
    assert after["hospital_persons_linked"] > 0 and after["hospital_persons_one_to_many"] > 0
    assert after["social_care_records_without_nhs_id"] > 0


def test_objectors_are_patients_some_in_social_care_and_their_rows_are_counted(base, files):
    _, manifest = base
    objectors = objector_ids(files)
    obj = manifest["objections"]
    assert len(files["objections.csv"]) == obj["people"] == len(objectors) > 0
    assert set(files["objections.csv"]["Reason"]) <= {"national_data_opt_out", "article_21_objection",
                                                      "article_18_restriction"}
    hospital = set().union(*(set(norm(files[f][HOSPITAL_NHS[f]])) for f in SERVICE_FILE.values()))
    assert objectors <= hospital
    demo = files["ecc_asc_demographics.csv"]
    removed_ids = set(norm(demo["Person ID"])[norm(demo["NHS ID"]).isin(objectors)])
    assert 0 < obj["in_social_care"] < obj["people"]
    expected = {}
    for feed in load_registry():
        if feed.source == "governance":
            continue
        df = files[feed.file]
        if feed.file in HOSPITAL_NHS:
            expected[feed.file] = int(norm(df[HOSPITAL_NHS[feed.file]]).isin(objectors).sum())
        elif feed.file == "ecc_geographies.csv":
            expected[feed.file] = 0
        else:
            expected[feed.file] = int(norm(df[feed.columns[[c.name for c in feed.columns].index("person_id")].header])
                                      .isin(removed_ids).sum())
    assert expected == obj["rows_removed"]


# --- planted defects ----------------------------------------------------------------------

def defect_counts(files, postcode_imd) -> dict:
    ae, ip, wl = files[AE], files[IP], files[WL]
    out = {}
    arrival, departure = parse(ae["ATTENDANCE_DATETIME"], True), parse(ae["DEPARTURE_DATETIME"], True)
    admission, discharge = parse(ip["ADMISSION_DATE_TIME"], True), parse(ip["DISCHARGE_DATE_TIME"], True)

    def postcode_defects(pc: pd.Series) -> dict:
        given = pc.str.strip() != ""
        n = norm_postcode(pc)
        valid = n.str.replace(" ", "", regex=False).str.match(POSTCODE_FORMAT.pattern)
        return {"missing_postcode": int((~given).sum()), "invalid_postcode": int((given & ~valid).sum()),
                "unmatched_postcode": int((given & valid & ~n.isin(postcode_imd.index)).sum())}

    out["ae_attendances"] = {
        "invalid_arrival_datetime": int(arrival.isna().sum()),
        "departure_before_arrival": int((departure < arrival).sum()),
        "unknown_sex": int(ae["SEX"].isin(["", "U"]).sum()),
        "age_over_120": int((ae["ATTENDANCE_AGE"].astype(int) > 120).sum()),
        **postcode_defects(ae["POSTCODE"])}
    out["inpatient_spells"] = {
        "negative_los": int((ip["SPELL_TOTAL_LOS"].astype(int) < 0).sum()),
        "discharge_before_admission": int((discharge < admission).sum()),
        "impossible_date": int((admission.isna() | discharge.isna()).sum()),
        "unknown_sex": int(ip["GENDER"].isin(["", "Unknown"]).sum()),
        "age_over_120": int((ip["AGE_ON_ADMISSION"].astype(int) > 120).sum()),
        **postcode_defects(ip["POSTCODE_OF_USUAL_ADDRESS"])}
    appointment = wl["Appointment Date"]
    out["waiting_list"] = {
        "impossible_date": int(((appointment != "") & parse(appointment, False).isna()).sum()),
        "unknown_sex": int(wl["Sex"].isin(["", "U"]).sum()),
        "age_over_120": int((wl["Age "].astype(int) > 120).sum()),
        **postcode_defects(wl["Postcode"])}
    return out


def test_defect_row_counts_match_the_files(base, files, postcode_imd):
    _, manifest = base
    counted = defect_counts(files, postcode_imd)
    for feed, defects in counted.items():
        for defect, n in defects.items():
            assert manifest["defects"][feed][defect]["rows"] == n > 0, (feed, defect)


def test_social_care_duplicates_and_missing_nhs_ids_match_the_files(base, files):
    _, manifest = base
    nhs = norm(files["ecc_asc_demographics.csv"]["NHS ID"])
    per = nhs[nhs != ""].value_counts()
    d = manifest["defects"]["demographics"]
    assert d["missing_nhs_id"]["rows"] == int((nhs == "").sum()) > 0
    assert d["duplicate_records_for_one_nhs_id"]["nhs_ids_with_more_than_one_record"] == int((per > 1).sum()) > 0
    assert d["duplicate_records_for_one_nhs_id"]["rows"] == int((per[per > 1] - 1).sum())


def test_postcode_person_counts_match_the_files(base, files, postcode_imd):
    _, manifest = base
    rows = person_postcodes(files, postcode_imd)
    for key, exclude in (("before_objections", set()), ("after_objections", objector_ids(files))):
        r = rows[~rows["nhs"].isin(exclude)]
        r = r.assign(no_fixed_abode=r["pc"] == "ZZ99 3VZ")  # the NHS "no fixed abode" postcode
        per = r.groupby("nhs").agg(matched=("matched", "any"), valid=("valid", "any"), given=("given", "any"),
                                   no_fixed_abode=("no_fixed_abode", "any"))
        status = np.select([per["matched"], per["no_fixed_abode"], per["valid"], per["given"]],
                           ["matched", "no_fixed_abode", "unmatched", "invalid"], "missing")
        counts = pd.Series(status).value_counts().to_dict()
        expected = manifest["postcodes"][key]
        assert expected["hospital_persons"] == len(per)
        statuses = ("matched", "missing", "invalid", "unmatched", "no_fixed_abode")
        assert {k: counts.get(k, 0) for k in statuses} == {k: expected[k] for k in statuses}
        assert expected["no_fixed_abode"] > 0


def violations(col, values: pd.Series, lists: dict) -> pd.Series:
    """Rows of a column that break its registry type or constraints (blank is allowed unless
    not_null; pseudonyms compared after normalisation)."""
    given = values.str.strip() != ""
    bad = ~given if col.not_null else pd.Series(False, index=values.index)
    v = norm(values) if col.type == "pseudonym" else values
    if col.type == "pseudonym":
        bad |= given & ~v.str.match(HEX64.pattern)
    if col.type == "integer":
        number = pd.to_numeric(v.where(given), errors="coerce")
        bad |= given & (number.isna() | (number % 1 != 0))
    if col.type == "decimal":
        number = pd.to_numeric(v.where(given), errors="coerce")
        bad |= given & number.isna()
    if col.type in ("integer", "decimal"):
        if col.min is not None:
            bad |= given & (number < col.min)
        if col.max is not None:
            bad |= given & (number > col.max)
    if col.type in ("date", "datetime"):
        bad |= given & parse(v, col.type == "datetime").isna()
    if col.type == "flag":
        bad |= given & ~v.isin(FLAGS)
    if col.type == "sex":
        bad |= given & ~v.isin(["M", "F", "U", "Male", "Female", "Unknown"])
    if col.pattern:
        bad |= given & ~v.str.match(col.pattern)
    if col.accepted_values:
        bad |= given & ~v.isin(col.accepted_values)
    if col.code_list:
        bad |= given & ~v.isin(lists[col.code_list])
    if col.unique:
        bad |= given & v.duplicated(keep=False)
    return bad


def test_values_conform_to_the_registry_except_the_planted_defects(base, files):
    _, manifest = base
    d = manifest["defects"]
    expected = {  # (file, headers whose violations add up to a planted defect) -> rows
        (AE, ("ATTENDANCE_DATETIME",)): d["ae_attendances"]["invalid_arrival_datetime"]["rows"],
        (AE, ("ATTENDANCE_AGE",)): d["ae_attendances"]["age_over_120"]["rows"],
        (AE, ("TOTAL_TIME_IN_DEPARTMENT",)): d["ae_attendances"]["departure_before_arrival"]["rows"],
        (IP, ("ADMISSION_DATE_TIME", "DISCHARGE_DATE_TIME")): d["inpatient_spells"]["impossible_date"]["rows"],
        (IP, ("SPELL_TOTAL_LOS",)): d["inpatient_spells"]["negative_los"]["rows"],
        (IP, ("AGE_ON_ADMISSION",)): d["inpatient_spells"]["age_over_120"]["rows"],
        (WL, ("Appointment Date",)): d["waiting_list"]["impossible_date"]["rows"],
        (WL, ("Age ",)): d["waiting_list"]["age_over_120"]["rows"],
    }
    lists = code_lists()
    found = {}
    for feed in load_registry():
        for col in feed.columns:
            n = int(violations(col, files[feed.file][col.header], lists).sum())
            if n:
                found[(feed.file, col.header)] = n
    grouped = {}
    for (file, headers), _ in expected.items():
        grouped[(file, headers)] = sum(found.pop((file, h), 0) for h in headers)
    assert found == {}, f"violations that are not planted defects: {found}"
    assert grouped == expected


def test_dates_fall_in_the_period_and_the_waiting_list_is_a_snapshot(base, files):
    _, manifest = base
    start = pd.Timestamp(manifest["period"]["start"])
    end = pd.Timestamp(manifest["period"]["end"]) + pd.Timedelta(days=1)
    arrival = parse(files[AE]["ATTENDANCE_DATETIME"], True).dropna()
    assert arrival.min() >= start and arrival.max() < end
    discharge = parse(files[IP]["DISCHARGE_DATE_TIME"], True)
    admission = parse(files[IP]["ADMISSION_DATE_TIME"], True)
    ok = discharge.notna() & admission.notna() & (discharge >= admission)
    assert admission[ok].min() >= start and discharge[ok].max() < end
    wl = files[WL]
    assert (parse(wl["Clock Start Date"], False) <= pd.Timestamp(manifest["period"]["end"])).all()
    booked = parse(wl["Appointment Date"], False).dropna()
    assert (booked > pd.Timestamp(manifest["period"]["end"])).all()
    weeks = (pd.Timestamp(manifest["period"]["end"]) - parse(wl["Clock Start Date"], False)).dt.days // 7
    assert (weeks == wl["RTT Wks Waiting"].astype(int)).all()


def test_social_care_households_are_in_ecc_districts_with_reference_deprivation(files):
    geo = files["ecc_geographies.csv"]
    assert geo["(PC) Local Authority Districts and Unitary Authorities Code"].isin(ECC_DISTRICTS).all()
    imd = pd.read_csv(REF / "imd2019_lsoa11.csv", dtype=str).set_index("lsoa11_code")
    lsoa = geo["(PC) Super Output Areas - Lower Layer"]
    assert (imd.loc[lsoa, "imd_rank"].to_numpy() ==
            geo["Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)"].to_numpy()).all()
    assert (imd.loc[lsoa, "crime_decile"].to_numpy() ==
            geo["Crime Decile (where 1 is most deprived 10% of LSOAs)"].to_numpy()).all()
    ward = pd.read_csv(REF / "lsoa11_ward19_lad19.csv", dtype=str).set_index("lsoa11_code")
    assert (ward.loc[lsoa, "ward19_name"].to_numpy() == geo["(PC) Electoral Wards"].to_numpy()).all()
    demo = files["ecc_asc_demographics.csv"]
    assert set(norm(demo["REF_ADDRESS_ID"])) <= set(norm(geo["UDPRN (Pseudo)"]))


# --- person-level truth for the research-question marts -----------------------------------

def resolved_attributes(files, postcode_imd) -> pd.DataFrame:
    """Per hospital person (objectors out): sex, ethnic group, quintile, district and social
    care status, resolved from the CSVs by the rules of docs/design.md."""
    exclude = objector_ids(files)
    short = {"M": "Male", "F": "Female"}
    sex_rows = pd.concat([
        pd.DataFrame({"nhs": norm(files[AE]["NHS_NUMBER"]), "sex": files[AE]["SEX"].map(short)}),
        pd.DataFrame({"nhs": norm(files[IP]["NHS_NUMBER"]), "sex": files[IP]["GENDER"].where(
            files[IP]["GENDER"].isin(["Male", "Female"]))}),
        pd.DataFrame({"nhs": norm(files[WL]["NhsNumber"]), "sex": files[WL]["Sex"].map(short)})])
    people = pd.DataFrame(index=sorted(set(sex_rows["nhs"]) - exclude))
    people["sex"] = sex_rows.dropna().drop_duplicates("nhs").set_index("nhs")["sex"]

    demo = files["ecc_asc_demographics.csv"].assign(nhs=lambda d: norm(d["NHS ID"]), pid=lambda d: norm(d["Person ID"]))
    demo = demo[(demo["nhs"] != "") & ~demo["nhs"].isin(exclude)]
    sc_first = demo.drop_duplicates("nhs").set_index("nhs")
    people["sex"] = people["sex"].fillna(sc_first["Gender"]).fillna("Unknown")

    eth = pd.read_csv(REF / "ethnic_category.csv", dtype=str).set_index("ethnic_category_code")["ethnic_broad_group"]
    wl = files[WL].assign(nhs=lambda d: norm(d["NhsNumber"]))
    wl_eth = wl[wl["EthnicOrigin"] != ""].drop_duplicates("nhs").set_index("nhs")["EthnicOrigin"].map(eth)
    people["ethnic_group"] = wl_eth.reindex(people.index).fillna(sc_first["Ethnicity"]).fillna("Not known")

    pcs = person_postcodes(files, postcode_imd)
    matched = pcs[pcs["matched"]].drop_duplicates("nhs").set_index("nhs")["pc"]
    area = postcode_imd.reindex(matched.reindex(people.index))
    people["imd_quintile"] = area["quintile"].fillna("Unknown").to_numpy()
    people["local_authority"] = area["lad22_name"].fillna("Unknown").to_numpy()
    people["ecc"] = area["lad22_code"].isin(ECC_DISTRICTS).to_numpy()

    ref = pd.Timestamp("2022-03-31")

    def open_ids(df, id_col, is_open) -> set:
        return set(norm(df.loc[is_open, id_col]))
    services = files["ecc_asc_services.csv"]
    end = parse(services["SERVICE_END_DATE"], False)
    active = (parse(services["SERVICE_START_DATE"], False) < ref) & (end.isna() | (end > ref))
    assert (active == (services["Active_Package"] == "Active")).all()
    reg = files["ecc_asc_registrations.csv"]
    reviews = files["ecc_asc_reviews.csv"]
    last, due = parse(reviews["Last Review Date"], False), parse(reviews["Review Due Date"], False)
    current_ids = (open_ids(services, "PERSON_ID", active)
                   | open_ids(reg, "PERSON_ID", (reg["DEREGISTRATION_DATE"] == "")
                              & (parse(reg["REGISTRATION_START_DATE"], False) < ref))
                   | open_ids(reviews, "PERSON_ID", ~(last >= due)))
    demo["current"] = demo["pid"].isin(current_ids)
    current = demo.groupby("nhs")["current"].any()
    people["asc_status"] = np.where(current.reindex(people.index).fillna(False).astype(bool), "current",
                                    np.where(people.index.isin(current.index), "previous", "not_known"))
    return people


def test_research_question_truth_matches_a_recount_from_the_files(base, files, postcode_imd):
    _, manifest = base
    people = resolved_attributes(files, postcode_imd)
    exclude = objector_ids(files)
    rq1 = manifest["research_questions"]["rq1_patient_demographics"]
    rq2 = manifest["research_questions"]["rq2_social_care_contact"]
    members = {s: set(norm(files[f][HOSPITAL_NHS[f]])) - exclude for s, f in SERVICE_FILE.items()}
    members["any"] = members["ae"] | members["inpatient"] | members["waiting_list"]
    for service, who in members.items():
        p = people.loc[sorted(who)]
        assert rq1[service]["persons"] == len(p)
        for dim in ("sex", "ethnic_group", "imd_quintile", "local_authority"):
            counted = p[dim].value_counts().to_dict()
            assert {k: v for k, v in rq1[service][dim].items() if v} == counted, (service, dim)
        assert sum(rq1[service]["age_band"].values()) == len(p)
        ecc = p[p["ecc"]]
        assert rq2[service]["persons"] == len(ecc)
        assert {k: rq2[service][k] for k in ("current", "previous", "not_known")} == \
            {k: int((ecc["asc_status"] == k).sum()) for k in ("current", "previous", "not_known")}, service
    assert rq1["any"]["sex"]["Unknown"] > 0 and rq2["any"]["current"] > 0 and rq2["any"]["previous"] > 0


def test_age_band_counts_match_the_most_recent_record(base, files):
    _, manifest = base
    exclude = objector_ids(files)
    ages = pd.concat([
        pd.DataFrame({"nhs": norm(files[AE]["NHS_NUMBER"]), "age": files[AE]["ATTENDANCE_AGE"].astype(int)}),
        pd.DataFrame({"nhs": norm(files[IP]["NHS_NUMBER"]), "age": files[IP]["AGE_ON_ADMISSION"].astype(int)}),
        pd.DataFrame({"nhs": norm(files[WL]["NhsNumber"]), "age": files[WL]["Age "].astype(int)})])
    ages = ages[(ages["age"] <= 120) & ~ages["nhs"].isin(exclude)]
    bands = pd.cut(ages["age"], [-1, 17, 24, 34, 44, 54, 64, 74, 84, 200],
                   labels=["0-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75-84", "85+"])
    per_person = bands.groupby(ages["nhs"], observed=True).nunique()
    assert (per_person == 1).all()   # every record of a person gives the same band
    counted = bands.groupby(ages["nhs"], observed=True).first().value_counts().to_dict()
    assert {k: v for k, v in manifest["research_questions"]["rq1_patient_demographics"]["any"]["age_band"].items()
            if v} == {k: v for k, v in counted.items() if v}


# --- planted effects ----------------------------------------------------------------------

def test_waiting_weeks_are_longer_in_the_most_deprived_quintile_as_planted(effects_drop, postcode_imd):
    out, manifest = effects_drop
    files = {f: pd.read_csv(out / f, dtype=str, keep_default_na=False) for f in (AE, IP, WL, "objections.csv")}
    pcs = person_postcodes(files, postcode_imd)
    quintile = postcode_imd.reindex(pcs[pcs["matched"]].drop_duplicates("nhs").set_index("nhs")["pc"])["quintile"]
    quintile.index = pcs[pcs["matched"]].drop_duplicates("nhs")["nhs"].to_numpy()
    wl = files[WL].assign(nhs=lambda d: norm(d["NhsNumber"]))
    wl = wl[~wl["nhs"].isin(objector_ids(files))]
    wl["q"] = quintile.reindex(wl["nhs"]).to_numpy()
    mean = wl.groupby("q")["RTT Wks Waiting"].apply(lambda s: s.astype(int).mean())
    effect = manifest["effects"]["wl_weeks_by_imd_quintile"]
    assert mean["1"] / mean["5"] == pytest.approx(effect["realised_ratio_q1_q5_mean"], rel=1e-9)
    assert mean["1"] / mean["5"] == pytest.approx(effect["planted_mean_ratio_q1_q5"], abs=0.2)
    assert mean["1"] > mean["3"] > mean["5"]


def test_the_other_gradients_and_the_null_are_there(effects_drop):
    _, manifest = effects_drop
    e = manifest["effects"]
    assert e["ae_over_4h_by_imd_quintile"]["realised_ratio_q1_q5"] == pytest.approx(
        e["ae_over_4h_by_imd_quintile"]["planted_ratio_q1_q5"], abs=0.2)
    los = e["ip_emergency_los_by_age_band"]["realised_mean_days"]
    assert los["85+"] > los["65-74"] > los["45-54"] > los["18-24"]
    assert los["85+"] == pytest.approx(e["ip_emergency_los_by_age_band"]["planted_mean_days"]["85+"], rel=0.2)
    deaths = e["ip_mortality_by_age_band"]["realised_share_of_spells"]
    assert deaths["85+"] > deaths["45-54"]
    assert e["wl_weeks_by_sex"]["realised_ratio_female_male"] == pytest.approx(1.0, abs=0.1)


# --- scale options and the command line ---------------------------------------------------

def test_years_and_multiplier_scale_the_volumes():
    one = scale_volumes("trust", None, None)
    assert one.ae_rows == 400_000 and one.ip_spells == 200_000 and one.wl_pathways == 170_000
    assert one.sc_records == 30_000
    assert scale_volumes("trust", 3, None).ae_rows == 1_200_000
    assert scale_volumes("small", None, 2).sc_records == 2 * scale_volumes("small", None, None).sc_records
    with pytest.raises(ValueError, match="positive"):
        scale_volumes("small", -1, None)
    with pytest.raises(ValueError, match="unknown scale"):
        scale_volumes("huge", None, None)


def test_years_spread_activity_over_financial_years_ending_at_the_reference_date(tmp_path):
    manifest = generate_drop(tmp_path, scale="small", seed=3, years=2, multiplier=0.5)
    assert manifest["period"] == {"start": "2020-04-01", "end": "2022-03-31"}
    ae = pd.read_csv(tmp_path / AE, dtype=str, keep_default_na=False)
    assert set(ae["FINANCIAL_YEAR"]) == {"20/21", "21/22"}


def test_synthetic_nhs_numbers_pass_modulus_11_and_are_distinct():
    numbers = synthetic_nhs_numbers(np.random.default_rng(1), 5_000)
    values = numbers.astype("int64")
    assert len(set(numbers)) == 5_000 and all(len(n) == 10 and n[0] == "9" for n in numbers)
    assert (nhs_check_digit(values // 10) == values % 10).all()


def test_main_writes_the_drop_and_prints_a_one_line_summary(tmp_path, capsys):
    code = main(Namespace(out=str(tmp_path), scale="small", seed=5, years=None, multiplier=None))
    captured = capsys.readouterr()
    assert code == 0
    assert len(captured.out.strip().splitlines()) == 1 and "A&E attendances" in captured.out
    assert "wrote mseft_ae_attendances.csv" in captured.err
    assert json.loads((tmp_path / "truth_manifest.json").read_text())["seed"] == 5


# --- a feed added to the registry, before it has a renderer of its own ------------------

def _new_feed(*columns):
    from python_helpers.registry import Column, Feed
    return Feed(source="ecc_asc", table="example", identifier="ecc_asc_example",
                file="ecc_asc_example.csv", spec="",
                description="", optional=False, columns=tuple(columns))


@pytest.fixture(scope="module")
def small_world():
    from python_helpers.synth.generate import Progress, build
    return build(2022, "small", None, None, Progress(False))


def test_a_new_feed_gets_valid_rows_from_its_registry_columns(small_world):
    from python_helpers.registry import Column
    from python_helpers.synth.feeds import render_feed
    from python_helpers.value_rules import type_regex, value_range, without_spaces

    low, high = value_range("age_years")
    feed = _new_feed(
        Column("person_id", "PERSON_ID", "pseudonym", "", not_null=True, unique=True),
        Column("seen_on", "Seen On", "date", ""), Column("seen_at", "Seen At", "datetime", ""),
        Column("age", "Age", "integer", "", min=low, max=high),
        Column("cost", "Cost", "decimal", "", min=0, max=50),
        Column("is_carer", "Carer", "flag", ""), Column("gender", "Gender", "sex", ""),
        Column("postcode", "Postcode", "postcode", ""),
        Column("team", "Team", "code", "", accepted_values=("North", "South")),
        Column("ethnicity", "Ethnicity", "code", "", code_list="ethnic_category"),
        Column("note", "Note", "text", ""))

    cols, notes = render_feed(small_world, "example", feed)

    assert notes == {} and len({len(v) for v in cols.values()}) == 1
    assert len(cols["person_id"]) > 100
    for column in feed.columns:
        values = pd.Series(cols[column.name], dtype=str)
        if without_spaces(column.type):
            values = values.str.replace(" ", "")
        if type_regex(column.type):
            assert values.str.match(type_regex(column.type)).all(), column.name
    assert cols["person_id"].tolist() == list(dict.fromkeys(cols["person_id"]))  # unique
    objectors = set(small_world.people.pseudo[small_world.objector])
    assert not objectors & set(cols["person_id"])
    ages = cols["age"].astype(int)
    assert ages.min() >= low and ages.max() <= high
    assert set(cols["team"]) == {"North", "South"}
    assert set(cols["ethnicity"]) <= code_lists()["ethnic_category"]
    # the same stream: a second rendering gives the same rows
    again, _ = render_feed(small_world, "example", feed)
    assert all((again[k] == cols[k]).all() for k in cols)


def test_a_new_feed_with_a_pattern_the_generator_cannot_write_is_named(small_world):
    from python_helpers.registry import Column
    from python_helpers.synth.feeds import render_feed

    feed = _new_feed(Column("gp", "GP_CODE", "code", "", pattern="^[A-Z][0-9]{5}$"))
    with pytest.raises(ValueError, match="ecc_asc_example.csv, column 'GP_CODE'.*pattern"):
        render_feed(small_world, "example", feed)
    with pytest.raises(KeyError, match="example"):
        render_feed(small_world, "example")
