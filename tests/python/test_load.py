"""The loader lands a drop folder as all-text raw tables, and refuses or quarantines bad input.

Each test writes its own small drop folder from the feed registry's headers (see
`write_drop`), so it needs no generator and shows exactly what the loader gets.
"""
from __future__ import annotations

import csv
import hashlib
import io
from argparse import Namespace
from pathlib import Path

import duckdb
import pytest

from python_helpers.load import FeedError, load_drop, main
from python_helpers.load.records import count_records
from python_helpers.registry import Feed, feed_for_file, load_registry, snake_case

AE = "mseft_ae_attendances.csv"
WAITING_LIST = "mseft_waiting_list.csv"

# Plausible raw text per registry type; {i} is the record number.
SAMPLE_VALUES = {
    "text": "value {i}",
    "code": "A{i:02d}",
    "integer": "{i}",
    "decimal": "{i}.25",
    "date": "{day:02d}/03/2023",
    "datetime": "{day:02d}/03/2023 14:{i:02d}",
    "flag": "Y",
    "sex": "F",
    "postcode": "CM1 {i}AB",
}


def pseudonym(*parts) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


def sample_rows(feed: Feed, n: int) -> list[list[str]]:
    def value(column, i):
        if column.type == "pseudonym":
            return pseudonym(feed.identifier, column.name, i)
        return SAMPLE_VALUES[column.type].format(i=i, day=i % 28 + 1)
    return [[value(c, i) for c in feed.columns] for i in range(1, n + 1)]


def csv_text(rows: list[list[str]], newline: str = "\n") -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerows(rows)
    return out.getvalue()


def write_feed(drop: Path, feed: Feed, n: int = 3, *, header: list[str] | None = None,
               rows: list[list[str]] | None = None, newline: str = "\n",
               prefix: bytes = b"", encoding: str = "utf-8") -> Path:
    """One valid CSV for `feed` (or the given header and rows), like a partner writes it."""
    text = csv_text([header or feed.headers] + (rows if rows is not None
                                                 else sample_rows(feed, n)), newline)
    path = drop / feed.file
    path.write_bytes(prefix + text.encode(encoding))
    return path


def write_drop(drop: Path, n: int = 3, *, without: tuple[str, ...] = ()) -> Path:
    drop.mkdir(parents=True, exist_ok=True)
    for feed in load_registry():
        if feed.file not in without:
            write_feed(drop, feed, n)
    return drop


def append_lines(path: Path, *lines: str) -> None:
    with path.open("a", encoding="utf-8", newline="") as f:
        f.write("".join(line + "\n" for line in lines))


def query(db_path: Path, sql: str, params=None) -> list[tuple]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def raw_tables(db_path: Path) -> dict[str, tuple[list, list]]:
    """Every raw table: its (column, type) list and its rows in a fixed order."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        names = [r[0] for r in con.execute(
            "select table_name from information_schema.tables "
            "where table_schema = 'raw' order by 1").fetchall()]
        return {name: (con.execute(f"describe raw.{name}").fetchall(),
                       con.execute(f"select * from raw.{name} order by all").fetchall())
                for name in names}


@pytest.fixture
def drop(tmp_path) -> Path:
    return write_drop(tmp_path / "drop")


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "warehouse" / "test.duckdb"


# --- a clean drop ---------------------------------------------------------------------

def test_clean_drop_lands_every_feed_as_text_columns_in_registry_order(drop, db_path):
    result = load_drop(drop, db_path)

    assert result.ok, result.summary()
    for feed in load_registry():
        described = query(db_path, f"describe raw.{feed.identifier}")
        assert [(r[0], r[1]) for r in described] == (
            [(c.name, "VARCHAR") for c in feed.columns] + [("_source_row", "INTEGER")])
        rows = query(db_path, f"select * exclude (_source_row) from raw.{feed.identifier} "
                              "order by _source_row")
        assert [list(r) for r in rows] == sample_rows(feed, 3)
        assert result[feed.identifier].status == "loaded"


def test_load_log_records_rows_read_loaded_and_rejected_per_feed(drop, db_path):
    append_lines(drop / AE, "too,few,fields")
    load_drop(drop, db_path)

    log = {r[0]: r[1:] for r in query(db_path, "select * from raw._load_log")}
    assert set(log) == {f.identifier for f in load_registry()}
    file, status, read, loaded, rejected, extra, message, sha = log["mseft_ae_attendances"]
    assert (file, status, read, loaded, rejected, extra) == (AE, "loaded", 4, 3, 1, None)
    assert sha == hashlib.sha256((drop / AE).read_bytes()).hexdigest()
    assert "1 malformed record(s) quarantined" in message
    assert all(r[2] == r[3] + r[4] for r in log.values())
    assert log["mseft_waiting_list"][:5] == (WAITING_LIST, "loaded", 3, 3, 0)


def test_values_are_kept_exactly_and_empty_fields_are_null(drop, db_path):
    feed = feed_for_file(AE)
    rows = sample_rows(feed, 3)
    rows[0][feed.headers.index("COMPLAINT")] = "  chest pain, left side "
    rows[1][feed.headers.index("COMPLAINT")] = 'said "ouch"\nthen left'
    rows[2][feed.headers.index("COMPLAINT")] = ""
    write_feed(drop, feed, rows=rows)

    load_drop(drop, db_path)

    complaints = query(db_path, "select complaint, _source_row "
                                "from raw.mseft_ae_attendances order by _source_row")
    assert complaints == [("  chest pain, left side ", 1), ('said "ouch"\nthen left', 2),
                          (None, 3)]


def test_utf8_with_bom_and_crlf_line_endings_load_like_plain_utf8(drop, db_path):
    feed = feed_for_file(WAITING_LIST)
    rows = sample_rows(feed, 3)
    rows[0][feed.headers.index("Intended Procedure")] = "Débridement – ‘right’ knee"
    write_feed(drop, feed, rows=rows, newline="\r\n", prefix=b"\xef\xbb\xbf")

    result = load_drop(drop, db_path)

    assert result["mseft_waiting_list"].rows_loaded == 3
    assert query(db_path, "select site, intended_procedure, rtt_wks_waiting "
                          "from raw.mseft_waiting_list where _source_row = 1") == [
        ("value 1", "Débridement – ‘right’ knee", "1")]


def test_headers_match_ignoring_case_surrounding_space_and_column_order(drop, db_path):
    feed = feed_for_file(WAITING_LIST)
    order = list(reversed(range(len(feed.columns))))
    header = [f"  {feed.headers[i].strip().upper()} " for i in order]
    rows = [[row[i] for i in order] for row in sample_rows(feed, 2)]
    write_feed(drop, feed, header=header, rows=rows)

    result = load_drop(drop, db_path)

    assert result["mseft_waiting_list"].status == "loaded"
    assert result["mseft_waiting_list"].extra_columns == ()
    columns = [r[0] for r in query(db_path, "describe raw.mseft_waiting_list")]
    assert columns == [c.name for c in feed.columns] + ["_source_row"]
    assert query(db_path, "select site, age, priority_code from raw.mseft_waiting_list "
                          "order by _source_row") == [("value 1", "1", "value 1"),
                                                      ("value 2", "2", "value 2")]


def test_reference_postcode_lookup_is_landed_as_text(drop, db_path):
    load_drop(drop, db_path)

    described = query(db_path, "describe raw.ref_postcode_lsoa21")
    assert [(r[0], r[1]) for r in described] == [
        ("pcds", "VARCHAR"), ("lad24_code", "VARCHAR"), ("ward24_code", "VARCHAR"),
        ("lsoa21_code", "VARCHAR")]
    assert query(db_path, "select count(*) from raw.ref_postcode_lsoa21") == [(67828,)]
    assert query(db_path, "select * from raw.ref_postcode_lsoa21 where pcds = 'CB1 6NU'") == [
        ("CB1 6NU", "E07000077", "E05009910", "E01022057")]


# --- missing file, missing column, extra column ----------------------------------------

def test_missing_partner_file_fails_that_feed_only(tmp_path, db_path):
    drop = write_drop(tmp_path / "drop", without=(WAITING_LIST,))

    result = load_drop(drop, db_path)

    outcome = result["mseft_waiting_list"]
    assert outcome.status == "failed"
    assert not result.ok
    assert str(outcome.error).startswith(f"{WAITING_LIST}: the file is missing")
    assert [o.feed.identifier for o in result.failures] == ["mseft_waiting_list"]
    assert result["mseft_ae_attendances"].status == "loaded"
    assert query(db_path, "select status, message from raw._load_log "
                          "where feed = 'mseft_waiting_list'") == [("failed", outcome.message)]


def test_misnamed_partner_file_is_pointed_out(tmp_path, db_path):
    drop = write_drop(tmp_path / "drop")
    (drop / WAITING_LIST).rename(drop / "MSEFT_Waiting_List.csv")

    result = load_drop(drop, db_path)

    assert "found 'MSEFT_Waiting_List.csv': names must match exactly" in \
        result["mseft_waiting_list"].message
    assert result.unexpected_files == ("MSEFT_Waiting_List.csv",)


def test_absent_objections_file_is_an_empty_table_not_a_failure(tmp_path, db_path):
    drop = write_drop(tmp_path / "drop", without=("objections.csv",))
    load_drop(write_drop(tmp_path / "first"), db_path)   # a previous drop had objectors

    result = load_drop(drop, db_path)

    assert result.ok
    assert result["objections"].status == "absent"
    assert query(db_path, "select count(*) from raw.objections") == [(0,)]
    assert [r[0] for r in query(db_path, "describe raw.objections")] == [
        "nhs_number", "reason", "_source_row"]


def test_missing_required_column_fails_the_feed_and_keeps_its_previous_table(drop, db_path):
    load_drop(drop, db_path)
    before = raw_tables(db_path)["mseft_waiting_list"]
    feed = feed_for_file(WAITING_LIST)
    keep = [i for i, h in enumerate(feed.headers) if h != "RTT Wks Waiting"]
    write_feed(drop, feed, header=[feed.headers[i] for i in keep],
               rows=[[r[i] for i in keep] for r in sample_rows(feed, 5)])

    result = load_drop(drop, db_path)

    error = result["mseft_waiting_list"].error
    assert isinstance(error, FeedError)
    assert (error.file, error.line, error.column) == (WAITING_LIST, 1, "RTT Wks Waiting")
    assert str(error).startswith(
        f"{WAITING_LIST} line 1, column 'RTT Wks Waiting': required column "
        "'RTT Wks Waiting' is missing (found: \"'Fact RttPtl'[Site]\", 'NhsNumber',")
    assert raw_tables(db_path)["mseft_waiting_list"] == before
    assert result["mseft_ae_attendances"].status == "loaded"


def test_extra_column_is_kept_after_registry_columns_and_reported(drop, db_path):
    feed = feed_for_file(AE)
    write_feed(drop, feed, header=feed.headers + ["Triage Score (1-5)"],
               rows=[r + [str(i)] for i, r in enumerate(sample_rows(feed, 3), start=1)])

    result = load_drop(drop, db_path)

    outcome = result["mseft_ae_attendances"]
    assert outcome.status == "loaded"
    assert outcome.extra_columns == ("triage_score_1_5",) == (snake_case("Triage Score (1-5)"),)
    assert "'Triage Score (1-5)' as triage_score_1_5" in outcome.message
    columns = [r[0] for r in query(db_path, "describe raw.mseft_ae_attendances")]
    assert columns[-2:] == ["triage_score_1_5", "_source_row"]
    assert query(db_path, "select triage_score_1_5 from raw.mseft_ae_attendances "
                          "order by _source_row") == [("1",), ("2",), ("3",)]
    assert query(db_path, "select extra_columns from raw._load_log "
                          "where feed = 'mseft_ae_attendances'") == [("triage_score_1_5",)]


def test_extra_column_named_like_a_registry_column_gets_its_own_name(drop, db_path):
    feed = feed_for_file(AE)
    write_feed(drop, feed, header=feed.headers + ["Site!"],
               rows=[r + ["other"] for r in sample_rows(feed, 1)])

    result = load_drop(drop, db_path)

    assert result["mseft_ae_attendances"].extra_columns == ("site_2",)
    assert query(db_path, "select site, site_2 from raw.mseft_ae_attendances") == [
        ("value 1", "other")]


def test_duplicated_header_fails_the_feed(drop, db_path):
    feed = feed_for_file(AE)
    write_feed(drop, feed, header=feed.headers + ["sex"],
               rows=[r + ["M"] for r in sample_rows(feed, 1)])

    error = load_drop(drop, db_path)["mseft_ae_attendances"].error

    assert str(error) == (f"{AE} line 1, column 'sex': the header 'sex' appears twice "
                          f"(fields 6 and 20): the spec expects each column once")


# --- malformed rows ---------------------------------------------------------------------

def test_malformed_records_go_to_quarantine_with_line_and_reason(drop, db_path):
    feed = feed_for_file(AE)
    good = csv_text(sample_rows(feed, 5)).splitlines()
    lines = [",".join(feed.headers),
             good[0],
             "only,three,fields",                       # line 3
             good[1],
             good[2] + ",surplus",                      # line 5
             good[3],
             'x,"never closed,' + ",".join(["y"] * 17)]  # line 7: runs to the file end
    (drop / AE).write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = load_drop(drop, db_path)

    outcome = result["mseft_ae_attendances"]
    assert (outcome.status, outcome.rows_read, outcome.rows_loaded, outcome.rows_rejected) \
        == ("loaded", 6, 3, 3)
    quarantine = query(db_path, "select line, column_name, reason, raw_record "
                                "from raw._quarantine where feed = 'mseft_ae_attendances' "
                                "order by line")
    assert [(q[0], q[1]) for q in quarantine] == [(3, None), (5, None),
                                                  (7, "ATTENDANCE_DATETIME")]
    assert quarantine[0][2].startswith("record has 3 fields, fewer than the header: the spec "
                                       "expects one value per header column (19)")
    assert quarantine[1][2].startswith("record has 20 fields, more than the header")
    assert "double quote that is not closed correctly" in quarantine[2][2]
    assert "RFC 4180" in quarantine[2][2]
    assert [q[3] for q in quarantine] == [lines[2], lines[4], lines[6] + "\n"]
    # good records keep their place in the file: record n is on line n + 1
    assert query(db_path, "select _source_row, attendance_age "
                          "from raw.mseft_ae_attendances") == [(1, "1"), (3, "2"), (5, "4")]


def test_blank_lines_are_not_records_and_do_not_shift_source_rows(drop, db_path):
    feed = feed_for_file(AE)
    good = csv_text(sample_rows(feed, 3)).splitlines()
    lines = [",".join(feed.headers), good[0], "", "bad,record", "", good[1], good[2]]
    (drop / AE).write_text("\n".join(lines) + "\n\n", encoding="utf-8")

    result = load_drop(drop, db_path)

    assert result["mseft_ae_attendances"].rows_read == 4
    assert query(db_path, "select line from raw._quarantine") == [(4,)]
    assert query(db_path, "select _source_row, attendance_age "
                          "from raw.mseft_ae_attendances") == [(1, "1"), (3, "2"), (4, "3")]


def test_invalid_utf8_in_one_record_of_a_utf8_file_is_quarantined(drop, db_path):
    feed = feed_for_file(AE)
    rows = sample_rows(feed, 3)
    rows[0][feed.headers.index("COMPLAINT")] = "fall – hip"      # valid UTF-8 en dash
    path = write_feed(drop, feed, rows=rows)
    # REFERRAL_SOURCE, COMPLAINT and ATTENDANCE_DISPOSAL are neighbours: damage the middle
    data = path.read_bytes().replace(b"value 2,value 2,value 2", b"value 2,caf\xe9,value 2")
    path.write_bytes(data)

    result = load_drop(drop, db_path)

    assert result["mseft_ae_attendances"].rows_rejected == 1
    assert query(db_path, "select line, column_name, reason from raw._quarantine") == [
        (3, "COMPLAINT", "value in column 'COMPLAINT' holds bytes that are not valid "
                         "UTF-8: the spec expects UTF-8 text")]
    assert query(db_path, "select complaint from raw.mseft_ae_attendances "
                          "order by _source_row") == [("fall – hip",), ("value 3",)]


def test_unclosed_quote_that_swallows_the_records_after_it_refuses_the_feed(drop, db_path):
    load_drop(drop, db_path)
    before = raw_tables(db_path)["mseft_ae_attendances"]
    feed = feed_for_file(AE)
    rows = sample_rows(feed, 20)
    rows[9][feed.headers.index("COMPLAINT")] = '"never closed'   # record 10, line 11
    (drop / AE).write_text(",".join(feed.headers) + "\n"
                           + "\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")

    error = load_drop(drop, db_path)["mseft_ae_attendances"].error

    assert str(error).startswith(
        f"{AE} line 11: a double quote in this record is never closed, so the 11 lines from "
        "here to the end of the file would be one value: the spec expects RFC 4180 quoting")
    assert str(error).endswith("refusing this feed so that no record is lost")
    assert raw_tables(db_path)["mseft_ae_attendances"] == before


@pytest.mark.parametrize(("text", "records", "unclosed_line"), [
    (b"h1,h2\n1,2\n3,4\n", 3, None),
    (b"h1,h2\r\n1,2\r\n\r\n3,4", 3, None),               # blank line, no final break
    (b'h1,h2\n"multi\nline\n""quoted""",2\n3,4\n', 3, None),  # line breaks inside quotes
    (b'h1,h2\n12" screen,2\n3,4\n', 3, None),             # a bare quote is a character
    (b'h1,h2\n1,2\n3,"open\n', 3, None),                  # unclosed on the last line
    (b'h1,h2\n1,"open\n3,4\n5,6\n', 2, 2),                # unclosed, swallows 3 lines
])
def test_records_are_counted_independently_of_the_reader(tmp_path, text, records,
                                                         unclosed_line):
    path = tmp_path / "f.csv"
    path.write_bytes(text)

    count = count_records(path)

    assert (count.records, count.unclosed_line) == (records, unclosed_line)


def test_blank_lines_are_numbered_as_the_reader_numbers_lines(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(b'h1,h2\n"a\n\nb",1\n\n2,3\r\n\r\n')

    assert count_records(path).blank_lines == (3, 5)


# --- whole-file problems ----------------------------------------------------------------

def test_windows_1252_file_is_refused_as_wrong_encoding(drop, db_path):
    load_drop(drop, db_path)
    before = raw_tables(db_path)["mseft_waiting_list"]
    feed = feed_for_file(WAITING_LIST)
    rows = sample_rows(feed, 4)
    rows[2][feed.headers.index("Clinic")] = "St Peter’s Café"
    write_feed(drop, feed, rows=rows, encoding="cp1252")

    result = load_drop(drop, db_path)

    error = result["mseft_waiting_list"].error
    assert (error.line, error.column) == (4, "Clinic")
    assert str(error).startswith(f"{WAITING_LIST} line 4, column 'Clinic': byte 0x92 is not "
                                 "UTF-8")
    assert "looks Windows-1252 (ANSI) encoded; the spec expects UTF-8" in str(error)
    assert raw_tables(db_path)["mseft_waiting_list"] == before


def test_windows_1252_header_is_refused_as_wrong_encoding(drop, db_path):
    feed = feed_for_file(AE)
    write_feed(drop, feed, header=feed.headers + ["Département"], encoding="cp1252",
               rows=[r + ["x"] for r in sample_rows(feed, 1)])

    error = load_drop(drop, db_path)["mseft_ae_attendances"].error

    assert str(error).startswith(f"{AE} line 1: the header holds byte 0xE9, which is not "
                                 "UTF-8: the file looks Windows-1252")


def test_utf16_file_is_refused_as_wrong_encoding(drop, db_path):
    write_feed(drop, feed_for_file(AE), encoding="utf-16")

    error = load_drop(drop, db_path)["mseft_ae_attendances"].error

    assert str(error) == (f"{AE} line 1: the file is UTF-16 encoded: the spec expects "
                          "UTF-8 (with or without a byte-order mark)")


def test_semicolon_separated_file_is_refused_as_wrong_delimiter(drop, db_path):
    load_drop(drop, db_path)
    before = raw_tables(db_path)["mseft_ae_attendances"]
    feed = feed_for_file(AE)
    text = ";".join(feed.headers) + "\n" + "\n".join(
        ";".join(r) for r in sample_rows(feed, 3)) + "\n"
    (drop / AE).write_text(text, encoding="utf-8")

    result = load_drop(drop, db_path)

    assert str(result["mseft_ae_attendances"].error) == (
        f"{AE} line 1: the file is separated by semicolons (';'), not commas: the spec "
        "expects comma-separated values")
    assert raw_tables(db_path)["mseft_ae_attendances"] == before
    assert result["mseft_inpatient_spells"].status == "loaded"


def test_file_whose_every_record_is_malformed_is_refused(drop, db_path):
    load_drop(drop, db_path)
    before = raw_tables(db_path)["mseft_ae_attendances"]
    feed = feed_for_file(AE)
    text = ",".join(feed.headers) + "\n" + "\n".join(
        ";".join(r) for r in sample_rows(feed, 3)) + "\n"
    (drop / AE).write_text(text, encoding="utf-8")

    error = load_drop(drop, db_path)["mseft_ae_attendances"].error

    assert str(error).startswith(f"{AE} line 2: every one of the 3 records is malformed, so "
                                 "the feed is refused; the first: record has 1 field, fewer "
                                 "than the header")
    assert raw_tables(db_path)["mseft_ae_attendances"] == before


def test_mixed_line_endings_are_refused_with_a_clear_error(drop, db_path):
    feed = feed_for_file(AE)
    rows = csv_text(sample_rows(feed, 3)).splitlines()
    (drop / AE).write_text(",".join(feed.headers) + "\r\n" + rows[0] + "\n" + rows[1]
                           + "\r\n" + rows[2] + "\n", encoding="utf-8", newline="")

    error = load_drop(drop, db_path)["mseft_ae_attendances"].error

    assert str(error) == (f"{AE}: the file mixes CRLF and LF line endings: the spec expects "
                          "one of them throughout; re-export the file")


def test_empty_file_is_refused(drop, db_path):
    (drop / AE).write_bytes(b"")

    error = load_drop(drop, db_path)["mseft_ae_attendances"].error

    assert str(error).startswith(f"{AE} line 1: the file is empty")


def test_header_only_file_loads_an_empty_table(drop, db_path):
    write_feed(drop, feed_for_file(AE), rows=[])

    result = load_drop(drop, db_path)

    assert result["mseft_ae_attendances"].status == "loaded"
    assert query(db_path, "select count(*) from raw.mseft_ae_attendances") == [(0,)]


# --- un-pseudonymised data --------------------------------------------------------------

def test_real_nhs_number_in_a_pseudonym_column_refuses_the_feed(drop, db_path):
    load_drop(drop, db_path)
    before = raw_tables(db_path)["mseft_waiting_list"]
    feed = feed_for_file(WAITING_LIST)
    rows = sample_rows(feed, 20)
    rows[12][feed.headers.index("NhsNumber")] = "943 476 5919"   # passes Modulus 11
    write_feed(drop, feed, rows=rows)

    result = load_drop(drop, db_path)

    error = result["mseft_waiting_list"].error
    assert str(error) == (
        f"{WAITING_LIST} line 14, column 'NhsNumber': value passes the NHS number Modulus 11 "
        "check: the extract is not pseudonymised; the spec expects a pseudonym, never an "
        "NHS number; refusing this feed")
    assert "943" not in result.summary()       # the number itself is never echoed
    assert raw_tables(db_path)["mseft_waiting_list"] == before
    assert not result.ok


def test_ten_digit_values_that_fail_modulus_11_are_not_refused(drop, db_path):
    feed = feed_for_file(WAITING_LIST)
    rows = sample_rows(feed, 2)
    rows[0][feed.headers.index("NhsNumber")] = "9434765918"      # wrong check digit
    rows[1][feed.headers.index("NhsNumber")] = "9434765910"
    write_feed(drop, feed, rows=rows)

    result = load_drop(drop, db_path)

    assert result["mseft_waiting_list"].status == "loaded"


def test_real_nhs_number_outside_pseudonym_columns_is_not_checked(drop, db_path):
    feed = feed_for_file(WAITING_LIST)
    rows = sample_rows(feed, 2)
    rows[0][feed.headers.index("Clinic")] = "9434765919"
    write_feed(drop, feed, rows=rows)

    assert load_drop(drop, db_path)["mseft_waiting_list"].status == "loaded"


# --- idempotence --------------------------------------------------------------------------

def test_loading_the_same_folder_twice_gives_identical_tables(drop, db_path):
    append_lines(drop / AE, "one,bad,record")
    feed = feed_for_file("ecc_languages.csv")
    write_feed(drop, feed, header=feed.headers + ["Dialect"],
               rows=[r + ["x"] for r in sample_rows(feed, 3)])
    (drop / WAITING_LIST).unlink()

    load_drop(drop, db_path)
    first = raw_tables(db_path)
    load_drop(drop, db_path)
    second = raw_tables(db_path)

    assert second == first
    assert {"_load_log", "_quarantine", "ref_postcode_lsoa21", "ecc_languages"} <= set(first)
    assert len(first["_quarantine"][1]) == 1


def test_a_corrected_reload_replaces_the_quarantine_of_that_feed(drop, db_path):
    clean = (drop / AE).read_bytes()
    append_lines(drop / AE, "one,bad,record")
    load_drop(drop, db_path)
    assert query(db_path, "select count(*) from raw._quarantine") == [(1,)]

    (drop / AE).write_bytes(clean)
    load_drop(drop, db_path)

    assert query(db_path, "select count(*) from raw._quarantine") == [(0,)]
    assert query(db_path, "select rows_rejected from raw._load_log "
                          "where feed = 'mseft_ae_attendances'") == [(0,)]


# --- command line ---------------------------------------------------------------------

def test_main_prints_the_feed_table_and_returns_0_when_all_feeds_load(drop, db_path, capsys):
    code = main(Namespace(drop=str(drop), duckdb=str(db_path)))

    out = capsys.readouterr().out
    assert code == 0
    table = {line.split()[0]: line.split()[1:] for line in out.splitlines()[1:15]}
    assert table["mseft_ae_attendances"] == ["3", "3", "0", "0", "loaded"]
    assert table["objections"] == ["3", "3", "0", "0", "loaded"]
    assert f"warehouse: {db_path}" in out


def test_main_returns_1_and_prints_the_failures(tmp_path, db_path, capsys):
    drop = write_drop(tmp_path / "drop", without=(AE,))

    code = main(Namespace(drop=str(drop), duckdb=str(db_path)))

    out = capsys.readouterr().out
    assert code == 1
    assert f"  {AE}: the file is missing from the drop folder" in out


def test_main_reports_a_drop_folder_that_does_not_exist(tmp_path, db_path, capsys):
    code = main(Namespace(drop=str(tmp_path / "nowhere"), duckdb=str(db_path)))

    assert code == 1
    assert "does not exist" in capsys.readouterr().err


def test_feed_error_names_file_line_and_column():
    assert str(FeedError("a.csv", "bad", line=3, column="X")) == "a.csv line 3, column 'X': bad"
    assert str(FeedError("a.csv", "bad", line=1)) == "a.csv line 1: bad"
    assert str(FeedError("a.csv", "bad")) == "a.csv: bad"
