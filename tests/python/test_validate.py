"""`hi validate`: Great Expectations validation of a drop folder against the feed registry.

The tests build their own small drop from the registry (`write_drop`): every column gets
values of its type that the contract allows (including the variations it tolerates:
BOM, CRLF, header case, pseudonym case and white space, '' for null), then each test
plants one defect in a copy and checks that it is reported where it belongs.
"""
from __future__ import annotations

import argparse
import re
import shutil
import socket
from html import escape as html_escape
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from python_helpers import PROJECT_DIR, cli
from python_helpers.registry import Column, Feed, load_registry
from python_helpers.validate import main, validate_drop
from python_helpers.validate.rules import TYPE_SHAPES

SEEDS = PROJECT_DIR / "seeds" / "reference"

# Plausible codes for columns with a registry `pattern`: a column gets those its pattern
# accepts (GP practice, financial year, ICD-10, OPCS-4, HRG, LSOA). A new pattern that
# none of them fits needs one added here; the fixture says so.
PATTERN_POOL = ["F81001", "Q12345", "21/22", "22/23", "I21.0", "J18X", "E11", "W37.1",
                "H22", "FD01A", "HC23B", "E01001234", "E01021540"]
TEXTS = ["alpha", "beta, gamma", "café au lait", 'say "hello"']


def _codes(code_list: str) -> list[str]:
    """Codes of a code list, read straight from the seed CSVs."""
    path = SEEDS / f"{code_list}.csv"
    if path.exists():
        return pd.read_csv(path, dtype=str).iloc[:, 0].tolist()
    codes = pd.read_csv(SEEDS / "nhs_data_dictionary_codes.csv", dtype=str)
    return codes.loc[codes["code_type"] == code_list, "code"].tolist()


def _column_values(column: Column, n: int, rng: np.random.Generator) -> np.ndarray:
    def pick(options) -> np.ndarray:
        return rng.choice(np.asarray(options, dtype=object), n)

    if column.type == "pseudonym":
        values = np.frombuffer(rng.bytes(32 * n).hex().encode(), dtype="S64").astype(str)
        # tolerated variation: upper case and surrounding spaces
        values = values.astype(object)
        values[::7] = np.char.add(np.char.add("  ", np.char.upper(values[::7].astype(str))), " ")
        return values
    if column.unique:
        return np.char.add("ID", np.arange(1, n + 1).astype(str)).astype(object)
    if column.pattern:
        fits = [v for v in PATTERN_POOL if re.search(column.pattern, v)]
        assert fits, f"add a value for the pattern {column.pattern} to PATTERN_POOL"
        return pick(fits)
    if column.code_list:
        return pick(_codes(column.code_list))
    if column.accepted_values:
        return pick(column.accepted_values)
    if column.type in ("date", "datetime"):
        stamps = pd.Timestamp("2019-01-01") + pd.to_timedelta(
            rng.integers(0, 4 * 365 * 24 * 60, n), unit="min")
        fmt = "%d/%m/%Y" if column.type == "date" else "%d/%m/%Y %H:%M"
        values = pd.Series(stamps).dt.strftime(fmt).to_numpy(dtype=object)
        if column.type == "datetime":
            values[::5] = pd.Series(stamps[::5]).dt.strftime("%d/%m/%Y %H:%M:%S").to_numpy()
        return values
    if column.type == "integer":
        low = int(column.min) if column.min is not None else 0
        high = int(column.max) if column.max is not None else 100
        return rng.integers(low, high + 1, n).astype(str).astype(object)
    if column.type == "decimal":
        return np.char.mod("%.2f", rng.uniform(0, 500, n)).astype(object)
    if column.type == "flag":
        return pick(["Y", "N", "yes", "No"])
    if column.type == "sex":
        return pick(["Male", "Female", "M", "F", "1", "2", "Not known"])
    if column.type == "postcode":
        return pick(["CM1 1AA", "SS0 7AB", "ss12 9ha", "CM778YY"])
    return pick(TEXTS)


def _feed_frame(feed: Feed, n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    data = {}
    for column in feed.columns:
        values = _column_values(column, n, rng)
        if not (column.not_null or column.unique):
            values[3::11] = ""   # nulls where the spec allows them
        data[column.header] = values
    return pd.DataFrame(data)


def write_drop(drop: Path, rows: int | dict[str, int] = 40, seed: int = 7) -> Path:
    """A clean drop folder with every registry feed (objections too)."""
    drop.mkdir(parents=True, exist_ok=True)
    for i, feed in enumerate(load_registry()):
        n = rows if isinstance(rows, int) else rows.get(feed.file, 40)
        frame = _feed_frame(feed, n, seed + i)
        if feed.file == "mseft_waiting_list.csv":   # headers matched ignoring case/space
            frame = frame.rename(columns={"Age ": "AGE", "NhsNumber": " nhsnumber"})
        bom_crlf = feed.file == "mseft_ae_attendances.csv"
        frame.to_csv(drop / feed.file, index=False,
                     encoding="utf-8-sig" if bom_crlf else "utf-8",
                     lineterminator="\r\n" if bom_crlf else "\n")
    return drop


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _plant(drop: Path, file: str, header: str, row: int, value: str) -> None:
    """Set the value of `header` in data record `row` (the raw table's _source_row)."""
    frame = _read(drop / file)
    frame.loc[row - 1, header] = value
    frame.to_csv(drop / file, index=False)


@pytest.fixture(scope="module")
def clean_drop(tmp_path_factory) -> Path:
    return write_drop(tmp_path_factory.mktemp("validate") / "drop")


NETWORK_ATTEMPTS: list = []


@pytest.fixture(scope="module")
def clean_result(clean_drop, tmp_path_factory):
    """Validated with every socket connection and name lookup recorded and refused."""
    def refuse(*args, **kwargs):
        NETWORK_ATTEMPTS.append(args[1:] or kwargs)
        raise OSError("network disabled by the test")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket.socket, "connect_ex", refuse)
        patch.setattr(socket, "getaddrinfo", lambda *a, **k: refuse(None, *a, **k))
        return validate_drop(clean_drop, tmp_path_factory.mktemp("report"))


@pytest.fixture()
def drop(clean_drop, tmp_path) -> Path:
    """A copy of the clean drop for a test to damage."""
    return Path(shutil.copytree(clean_drop, tmp_path / "drop"))


# --- a clean drop ------------------------------------------------------------------------

def test_clean_drop_validates_ok_with_no_warnings(clean_result):
    assert clean_result.ok, clean_result.problems()
    assert set(clean_result.feeds) == {f.file for f in load_registry()}
    for result in clean_result.feeds.values():
        assert result.status == "usable", result.file
        assert result.rows == 40
        assert result.failed_checks == [], [c.message for c in result.failed_checks]


def test_validation_makes_no_network_connection(clean_result):
    assert clean_result.ok
    assert NETWORK_ATTEMPTS == []


def test_every_registry_constraint_becomes_an_expectation(clean_result):
    ae = clean_result.feeds["mseft_ae_attendances.csv"]
    assert ae.check("attendance_age", "to_be_between").check == "between 0 and 120"
    assert ae.check("nhs_number", "to_not_be_null").success
    assert ae.check("attendance_category", "to_be_in_set").check.startswith(
        "a code of emergency_care_attendance_category (5 codes)")
    assert ae.check("ed_area", "to_be_in_set").check == "one of Majors, Minors"
    geo = clean_result.feeds["ecc_geographies.csv"]
    assert geo.check("udprn_pseudo", "to_be_unique").success
    # one type check per column whose type has a shape, plus one per pattern
    for feed in load_registry():
        result = clean_result.feeds[feed.file]
        regex_checks = [c for c in result.checks if c.expectation.endswith("match_regex")]
        expected = sum(c.type in TYPE_SHAPES for c in feed.columns) + sum(
            bool(c.pattern) for c in feed.columns)
        assert len(regex_checks) == expected, feed.file


def test_tolerated_variations_pass(clean_result):
    """BOM + CRLF (A&E), header case and white space (waiting list), pseudonym case and
    surrounding spaces, Y/N spellings, datetimes with and without seconds: no warnings."""
    wl = clean_result.feeds["mseft_waiting_list.csv"]
    assert wl.status == "usable"
    assert any("'AGE' for 'Age '" in n for n in wl.notes)
    assert clean_result.feeds["mseft_ae_attendances.csv"].check(
        "attendance_datetime", "match_regex").success


def test_report_files_exist_and_name_every_feed(clean_result):
    html = clean_result.report_path.read_text(encoding="utf-8")
    md = clean_result.summary_path.read_text(encoding="utf-8")
    assert clean_result.report_path.name == "index.html"
    assert clean_result.summary_path.name == "summary.md"
    for feed in load_registry():
        assert feed.file in html and feed.file in md
    assert "OK: every feed can be loaded" in html
    assert (clean_result.report_path.parent / "results.json").exists()


# --- unusable files: reported, never crashed on ------------------------------------------

def _garble_binary(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2: len(data) // 2 + 16] = bytes(range(0, 256, 16))
    path.write_bytes(bytes(data))


def _to_windows_1252(path: Path) -> None:
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))


def _to_semicolons(path: Path) -> None:
    _read(path).to_csv(path, index=False, sep=";")


def _drop_first_column(path: Path) -> None:
    _read(path).iloc[:, 1:].to_csv(path, index=False)


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _bad_byte_on_line_6(path: Path) -> None:
    lines = path.read_bytes().split(b"\n")
    lines[5] += b"\xff"
    path.write_bytes(b"\n".join(lines))


def _truncate(path: Path) -> None:
    data = path.read_bytes().rstrip(b"\n")
    path.write_bytes(data[: data.rfind(b",")])   # cut inside the last row


def _delete(path: Path) -> None:
    path.unlink()


def _real_nhs_number_on_row_4(path: Path) -> None:
    frame = _read(path)
    frame.iloc[3, list(frame.columns).index(" nhsnumber")] = "943 476 5919"
    frame.to_csv(path, index=False)


# file -> (damage, what the problem must say). The messages are the loader's: validation
# reads each file with the loader's reader, so the two agree on what cannot be used.
DAMAGE = {
    "ecc_languages.csv": (_garble_binary, ("ecc_languages.csv line ",)),
    "ecc_asc_assessments.csv": (_to_windows_1252,
                                ("line 1", "byte 0x91", "Windows-1252", "expects UTF-8")),
    "ecc_asc_health_conditions.csv": (_bad_byte_on_line_6,
                                      ("line 6", "byte 0xFF", "expects UTF-8")),
    "mseft_inpatient_spells.csv": (_to_semicolons, ("line 1", "semicolons", "not commas")),
    "ecc_asc_reviews.csv": (_drop_first_column, ("'PERSON_ID' is missing",)),
    "ecc_sensory_impairment.csv": (_empty, ("the file is empty",)),
    "ecc_geographies.csv": (_delete, ("missing from the drop folder",)),
    "objections.csv": (_to_semicolons, ("semicolons",)),
    "mseft_waiting_list.csv": (_real_nhs_number_on_row_4,
                               ("line 5", "'nhsnumber'", "Modulus 11", "not pseudonymised")),
}


@pytest.fixture(scope="module")
def damaged(clean_drop, tmp_path_factory):
    drop = Path(shutil.copytree(clean_drop, tmp_path_factory.mktemp("damaged") / "drop"))
    for file, (damage, _) in DAMAGE.items():
        damage(drop / file)
    _truncate(drop / "ecc_asc_demographics.csv")
    return validate_drop(drop, tmp_path_factory.mktemp("damaged_report"))


def test_damaged_drop_fails_with_one_problem_per_damaged_file(damaged):
    assert not damaged.ok
    assert len(damaged.problems()) == len(DAMAGE)
    assert {f.file for f in damaged.feeds.values() if f.problems} == set(DAMAGE)


@pytest.mark.parametrize("file", sorted(DAMAGE))
def test_damaged_file_is_reported_unusable_naming_file_and_problem(damaged, file):
    result = damaged.feeds[file]
    assert result.status == ("absent" if file == "ecc_geographies.csv" else "unusable")
    [problem] = result.problems
    assert problem.startswith(file), problem
    assert all(words in problem for words in DAMAGE[file][1]), problem
    html = damaged.report_path.read_text(encoding="utf-8")
    # in the banner, the overview table and the feed's own section
    assert html.count(html_escape(problem)) == 3
    assert problem in damaged.summary_path.read_text(encoding="utf-8")


def test_undamaged_feeds_stay_usable_and_validated(damaged):
    usable = {f.file for f in damaged.feeds.values() if f.status == "usable"}
    assert usable == {f.file for f in load_registry()} - set(DAMAGE)
    assert all(damaged.feeds[f].checks for f in usable)
    assert "FAILED: the drop cannot be used" in damaged.summary_path.read_text(encoding="utf-8")


def test_truncated_file_is_usable_with_the_short_row_reported(damaged):
    demographics = damaged.feeds["ecc_asc_demographics.csv"]
    assert demographics.status == "usable" and demographics.rows == 39
    [note] = [n for n in demographics.notes if "quarantined" in n]
    assert note.startswith("1 malformed record(s) are quarantined by the loader")
    assert "line 41: record has 15 fields" in note and "the file may be truncated" in note


def test_damaged_utf8_record_is_quarantined_not_fatal(drop, tmp_path):
    """One bad byte in a UTF-8 file (it holds 'café') is a damaged record the loader
    quarantines, not a wrongly encoded file: the feed stays usable, the record is named."""
    path = drop / "ecc_languages.csv"
    assert "café".encode() in path.read_bytes()
    _bad_byte_on_line_6(path)
    result = validate_drop(drop, tmp_path / "report")
    languages = result.feeds["ecc_languages.csv"]
    assert result.ok and languages.status == "usable" and languages.rows == 39
    assert any("line 6: value in column" in n and "UTF-8" in n for n in languages.notes)


def test_missing_objections_file_is_allowed(drop, tmp_path):
    (drop / "objections.csv").unlink()
    result = validate_drop(drop, tmp_path / "report")
    assert result.ok and result.feeds["objections.csv"].status == "absent"
    assert result.problems() == []


# --- planted bad values: counted in the right expectation --------------------------------

@pytest.fixture(scope="module")
def planted(clean_drop, tmp_path_factory):
    drop = Path(shutil.copytree(clean_drop, tmp_path_factory.mktemp("planted") / "drop"))
    _plant(drop, "mseft_waiting_list.csv", "Clock Start Date", 3, "30/02/2022")
    _plant(drop, "mseft_waiting_list.csv", "Breach Date", 8, "29/02/2023")
    _plant(drop, "mseft_ae_attendances.csv", "ATTENDANCE_AGE", 2, "130")
    _plant(drop, "mseft_ae_attendances.csv", "ATTENDANCE_AGE", 7, "130")
    _plant(drop, "mseft_ae_attendances.csv", "ATTENDANCE_CATEGORY", 9, "7")
    _plant(drop, "mseft_ae_attendances.csv", "SEX", 11, "Q")
    _plant(drop, "mseft_ae_attendances.csv", "POSTCODE", 5, "NOT A PC")
    # ten digits failing the Modulus 11 check: a bad pseudonym, not an NHS number
    _plant(drop, "mseft_ae_attendances.csv", "NHS_NUMBER", 6, "9434765918")
    _plant(drop, "mseft_inpatient_spells.csv", "SITE", 4, "   ")
    _plant(drop, "ecc_asc_health_conditions.csv", "HEALTH_CONDITION_TYPE", 1, "REF_NOPE")
    registrations = _read(drop / "ecc_asc_registrations.csv")
    registrations.loc[4, "REGISTRATION_ID"] = registrations.loc[0, "REGISTRATION_ID"]
    registrations["Legacy Flag"] = "Y"
    registrations.to_csv(drop / "ecc_asc_registrations.csv", index=False)
    return validate_drop(drop, tmp_path_factory.mktemp("planted_report"))


def test_planted_values_are_warnings_not_failures(planted):
    assert planted.ok, planted.problems()
    assert all(f.status == "usable" for f in planted.feeds.values())


def test_planted_values_are_counted_in_their_expectation_only(planted):
    failed = {(f.file, c.column, c.expectation)
              for f in planted.feeds.values() for c in f.failed_checks}
    regex, in_set = "expect_column_values_to_match_regex", "expect_column_values_to_be_in_set"
    assert failed == {
        ("mseft_waiting_list.csv", "clock_start_date", regex),
        ("mseft_waiting_list.csv", "breach_date", regex),
        ("mseft_ae_attendances.csv", "attendance_age", "expect_column_values_to_be_between"),
        ("mseft_ae_attendances.csv", "attendance_category", in_set),
        ("mseft_ae_attendances.csv", "sex", regex),
        ("mseft_ae_attendances.csv", "postcode", regex),
        ("mseft_ae_attendances.csv", "nhs_number", regex),
        ("mseft_inpatient_spells.csv", "site", "expect_column_values_to_not_be_null"),
        ("ecc_asc_health_conditions.csv", "health_condition_type", in_set),
        ("ecc_asc_registrations.csv", "registration_id", "expect_column_values_to_be_unique"),
        ("ecc_asc_registrations.csv", None, "expect_table_columns_to_match_set"),
    }


def test_impossible_dates_are_counted_with_value_and_line(planted):
    wl = planted.feeds["mseft_waiting_list.csv"]
    clock = wl.check("clock_start_date", "match_regex")
    assert (clock.unexpected_count, clock.examples, clock.rows) == (1, ["30/02/2022"], [3])
    breach = wl.check("breach_date", "match_regex")     # 2023 is not a leap year
    assert (breach.unexpected_count, breach.examples, breach.rows) == (1, ["29/02/2023"], [8])


def test_age_over_maximum_unknown_code_and_sex_are_counted(planted):
    ae = planted.feeds["mseft_ae_attendances.csv"]
    age = ae.check("attendance_age", "to_be_between")
    assert (age.unexpected_count, age.examples, age.rows) == (2, ["130"], [2, 7])
    category = ae.check("attendance_category", "to_be_in_set")
    assert (category.unexpected_count, category.examples) == (1, ["7"])
    assert ae.check("sex", "match_regex").unexpected_count == 1
    conditions = planted.feeds["ecc_asc_health_conditions.csv"]
    assert conditions.check("health_condition_type", "to_be_in_set").examples == ["REF_NOPE"]


def test_blank_required_value_duplicate_key_and_extra_column(planted):
    site = planted.feeds["mseft_inpatient_spells.csv"].check("site", "not_be_null")
    assert (site.unexpected_count, site.rows) == (1, [4])
    registrations = planted.feeds["ecc_asc_registrations.csv"]
    unique = registrations.check("registration_id", "to_be_unique")
    assert (unique.unexpected_count, unique.rows) == (2, [1, 5])
    columns = registrations.check(None, "match_set")
    assert columns.examples == ["extra: Legacy Flag"]
    assert any("'Legacy Flag'" in n for n in registrations.notes)


def test_pseudonym_and_postcode_examples_are_masked_in_results_and_report(planted):
    ae = planted.feeds["mseft_ae_attendances.csv"]
    assert ae.check("nhs_number", "match_regex").examples == ["9999999999"]
    assert ae.check("postcode", "match_regex").examples == ["AAA A AA"]
    for path in (planted.report_path, planted.summary_path,
                 planted.report_path.parent / "results.json"):
        text = path.read_text(encoding="utf-8")
        assert "9434765918" not in text and "NOT A PC" not in text
        assert "9999999999" in text


# --- the project's generator: its planted defects are found, its tolerated variation is not

def test_generated_drop_defects_are_counted_where_the_generator_planted_them(
        small_drop, small_manifest, tmp_path):
    result = validate_drop(small_drop, tmp_path / "report")
    assert result.ok, result.problems()
    defects = small_manifest["defects"]

    def count(file: str, column: str, expectation: str) -> int:
        return result.feeds[file].check(column, expectation).unexpected_count

    def bad_dates(file: str) -> int:
        return sum(c.unexpected_count for c in result.feeds[file].checks
                   if c.check.startswith("a real date"))

    ae, ip, wl = ("mseft_ae_attendances.csv", "mseft_inpatient_spells.csv",
                  "mseft_waiting_list.csv")
    found = {
        "ae invalid_arrival_datetime": count(ae, "attendance_datetime", "match_regex"),
        "ae age_over_120": count(ae, "attendance_age", "to_be_between"),
        "ae invalid_postcode": count(ae, "postcode", "match_regex"),
        "ae departure_before_arrival": count(ae, "total_time_in_department", "to_be_between"),
        "ip age_over_120": count(ip, "age_on_admission", "to_be_between"),
        "ip invalid_postcode": count(ip, "postcode_of_usual_address", "match_regex"),
        "ip negative_los": count(ip, "spell_total_los", "to_be_between"),
        "ip impossible_date": bad_dates(ip),
        "wl age_over_120": count(wl, "age", "to_be_between"),
        "wl invalid_postcode": count(wl, "postcode", "match_regex"),
        "wl impossible_date": bad_dates(wl),
    }
    feeds = {"ae": "ae_attendances", "ip": "inpatient_spells", "wl": "waiting_list"}
    planted = {key: defects[feeds[key[:2]]][key[3:]]["rows"] for key in found}
    assert found == planted
    assert all(n > 0 for n in planted.values())
    # lower-case and padded pseudonyms, postcodes without a space, flag spellings: tolerated
    for file in ("ecc_languages.csv", "ecc_asc_assessments.csv", "ecc_asc_services.csv"):
        assert result.feeds[file].failed_checks == [], file


def _without_timings(result) -> dict:
    feeds = {}
    for name, feed in result.feeds.items():
        row = dict(vars(feed))
        row.pop("seconds")
        row["checks"] = [vars(c) for c in feed.checks]
        feeds[name] = row
    return feeds


def test_workers_find_exactly_what_one_process_finds(small_drop, tmp_path, monkeypatch):
    # the generator's drop carries its planted defects in several feeds
    monkeypatch.setenv("HI_VALIDATE_WORKERS", "1")
    alone = validate_drop(small_drop, tmp_path / "alone")
    monkeypatch.setenv("HI_VALIDATE_WORKERS", "3")
    shared = validate_drop(small_drop, tmp_path / "shared")
    assert any(f.failed_checks for f in alone.feeds.values())
    assert list(shared.feeds) == list(alone.feeds)  # registry order, whoever finished first
    assert _without_timings(shared) == _without_timings(alone)


def test_a_number_out_of_shape_is_a_shape_finding_not_also_a_range_one(drop, tmp_path):
    # 1e5 is not a whole number (the shape check says so); like staging, the range check
    # reads numbers only, so it does not count 1e5 as 100,000 over the maximum age
    _plant(drop, "mseft_ae_attendances.csv", "ATTENDANCE_AGE", 2, "1e5")
    _plant(drop, "mseft_ae_attendances.csv", "ATTENDANCE_AGE", 3, "121")
    ae = validate_drop(drop, tmp_path / "r").feeds["mseft_ae_attendances.csv"]
    shape = ae.check("attendance_age", "match_regex")
    assert (shape.unexpected_count, shape.examples, shape.rows) == (1, ["1e5"], [2])
    age = ae.check("attendance_age", "to_be_between")
    assert (age.unexpected_count, age.examples, age.rows) == (1, ["121"], [3])


def test_hi_validate_workers_must_be_a_whole_number(drop, tmp_path, monkeypatch):
    monkeypatch.setenv("HI_VALIDATE_WORKERS", "two")
    with pytest.raises(SystemExit, match="HI_VALIDATE_WORKERS='two' is not a whole number"):
        validate_drop(drop, tmp_path / "r")


# --- the regexes -------------------------------------------------------------------------

def test_date_regex_accepts_exactly_the_real_calendar_dates():
    days, months = np.arange(0, 33), np.arange(0, 14)
    years = [1899, 1900, 1996, 2000, 2023, 2024, 2100]
    grid = pd.MultiIndex.from_product([days, months, years]).to_frame().to_numpy()
    text = pd.Series([f"{d:02d}/{m:02d}/{y}" for d, m, y in grid], dtype="str")
    real = pd.to_datetime(text, format="%d/%m/%Y", errors="coerce").notna()
    regex = TYPE_SHAPES["date"][0]
    assert (text.str.contains(regex) == real).all()               # RE2 (pyarrow strings)
    assert (text.astype(object).map(lambda s: bool(re.search(regex, s))) == real).all()
    assert real.sum() == 365 * 4 + 366 * 3   # 1996, 2000 and 2024 are leap years


def test_datetime_regex():
    regex = TYPE_SHAPES["datetime"][0]
    good = ["01/02/2022 00:00", "31/12/2022 23:59:59", "29/02/2024 12:30"]
    bad = ["01/02/2022", "01/02/2022 24:00", "01/02/2022 12:60", "2022-02-01 10:00",
           "29/02/2022 10:00", "01/02/2022 9:30"]
    assert all(re.search(regex, v) for v in good)
    assert not any(re.search(regex, v) for v in bad)


# --- the command -------------------------------------------------------------------------

def test_main_returns_0_on_a_clean_drop(clean_drop, tmp_path, capsys):
    code = main(argparse.Namespace(drop=str(clean_drop), report=str(tmp_path / "r")))
    out = capsys.readouterr().out
    assert code == 0
    assert "mseft_ae_attendances.csv: usable, 40 rows" in out
    assert str(tmp_path / "r" / "index.html") in out


def test_hi_validate_returns_1_naming_the_file_and_problem(drop, tmp_path, capsys):
    _to_semicolons(drop / "ecc_asc_services.csv")
    code = cli.main(["validate", str(drop), "--report", str(tmp_path / "r")])
    err = capsys.readouterr().err
    assert code == 1
    assert "error: ecc_asc_services.csv line 1: the file is separated by semicolons" in err
    assert (tmp_path / "r" / "index.html").exists() and (tmp_path / "r" / "summary.md").exists()


def test_main_reports_a_missing_drop_folder(tmp_path, capsys):
    code = main(argparse.Namespace(drop=str(tmp_path / "nope"), report=str(tmp_path / "r")))
    assert code == 1 and "does not exist" in capsys.readouterr().err



# --- package structure ------------------------------------------------------------------

def _package_imports(package: str) -> tuple[dict[str, set[str]], list[str]]:
    """Module -> the package's modules it imports at module level; and every import of a
    project module made inside a function (the usual way to hide an import cycle)."""
    import ast

    folder = PROJECT_DIR / "python_helpers" / package
    prefix = f"python_helpers.{package}"
    names = {p.stem for p in folder.glob("*.py")}
    graph: dict[str, set[str]] = {}
    hidden: list[str] = []
    for path in sorted(folder.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[path.stem] = set()
        for node in tree.body:
            for imported in _imported_modules(node):
                if imported.startswith(prefix + "."):
                    graph[path.stem].add(imported.removeprefix(prefix + ".").split(".")[0])
                elif imported == prefix and isinstance(node, ast.ImportFrom):
                    graph[path.stem] |= {a.name for a in node.names if a.name in names}
        for fn in ast.walk(tree):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                hidden += [f"{path.name}:{fn.name} imports {m}" for n in ast.walk(fn)
                           for m in _imported_modules(n) if m.startswith("python_helpers")]
    graph.pop("__init__", None)
    return {m: deps - {"__init__"} for m, deps in graph.items()}, hidden


def _imported_modules(node) -> list[str]:
    import ast

    if isinstance(node, ast.ImportFrom) and node.module:
        return [node.module]
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    return []


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of the graph, or None."""
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> list[str] | None:
        state[module] = "open"
        for dep in sorted(graph.get(module, ())):
            if state.get(dep) == "open":
                return path + [module, dep]
            if dep not in state and (found := visit(dep, path + [module])):
                return found
        state[module] = "done"
        return None

    for module in sorted(graph):
        if module not in state and (found := visit(module, [])):
            return found
    return None


@pytest.mark.parametrize("package", ["validate", "synth"])
def test_package_modules_import_each_other_without_cycles_or_hidden_imports(package):
    graph, hidden = _package_imports(package)
    assert not hidden, "imports inside functions: " + "; ".join(hidden)
    assert _cycle(graph) is None, " -> ".join(_cycle(graph))
    if package == "validate":
        assert graph["results"] == set(), "the result types import nothing of the package"


def test_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None
