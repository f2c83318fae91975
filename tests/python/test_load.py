"""The loader lands a drop folder as all-text raw tables, and refuses or quarantines bad input.

Each test writes its own small drop folder from the feed registry's headers (see
`write_drop`), so it needs no generator and shows exactly what the loader gets.
"""
from __future__ import annotations

import csv
import hashlib
import io
import shutil
from argparse import Namespace
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest
import yaml

from python_helpers.load import FeedError, load_drop, main, read_feed
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


def raw_tables(db_path: Path, order: str = " order by all") -> dict[str, tuple[list, list]]:
    """Every raw table: its (column, type) list and its rows in a fixed order (or, with
    order="", as stored)."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        names = [r[0] for r in con.execute(
            "select table_name from information_schema.tables "
            "where table_schema = 'raw' order by 1").fetchall()]
        return {name: (con.execute(f"describe raw.{name}").fetchall(),
                       con.execute(f"select * from raw.{name}{order}").fetchall())
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
    rows = sample_rows(feed, 4)
    rows[0][feed.headers.index("COMPLAINT")] = "  chest pain, left side "
    rows[1][feed.headers.index("COMPLAINT")] = 'said "ouch", then left'
    rows[2][feed.headers.index("COMPLAINT")] = ""
    rows[3][feed.headers.index("COMPLAINT")] = '12" cut, 5\'11" tall'
    write_feed(drop, feed, rows=rows)

    load_drop(drop, db_path)

    complaints = query(db_path, "select complaint, _source_row "
                                "from raw.mseft_ae_attendances order by _source_row")
    assert complaints == [("  chest pain, left side ", 1), ('said "ouch", then left', 2),
                          (None, 3), ('12" cut, 5\'11" tall', 4)]


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
    (b'h1,h2\nRoom 12",2\n3,4\n5,6\n', 4, None),          # ... also before a comma
    (b'h1,h2\n"a,""b""",2\n3,4\n', 3, None),               # escaped quotes
    (b'\xef\xbb\xbf",",h2\n1,2\n3,4\n', 3, None),            # a quote after the BOM
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


def test_a_line_break_inside_quotes_counts_as_one_record_only_where_the_column_allows_it(
        tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(b'h1,h2\n1,"a\n\nb\nc",\n4,d\n')

    split = count_records(path)
    kept = count_records(path, multiline=[False, True])

    assert (split.records, split.file_records, kept.file_records) == (3, 4, 2)
    assert split.split_lines.line.tolist() == [2, 4, 5]          # line 3 is blank
    assert split.split_lines.text == ['1,"a', "b", 'c",']
    assert split.source_row.tolist() == [1, 4] and kept.source_row.tolist() == [1, 2]
    assert (split.line_of(4), kept.line_of(2)) == (6, 6)


# --- stray quotes: every record accounted for against the file's own lines -------------

def put_stray_quotes(path: Path, column: str, opening: int, closing: int,
                     newline: str = "\n") -> list[str]:
    """A stray '"' at the start of `column` on line `opening` and at its end on line
    `closing` (a valid CSV that joins the lines); returns the file's lines."""
    lines = path.read_bytes().decode("utf-8").split(newline)
    assert '"' not in "".join(lines[1:])
    index = [h.strip() for h in lines[0].split(",")].index(column.strip())
    for line, stray in ((opening, '"{}'), (closing, '{}"')):
        fields = lines[line - 1].split(",")
        fields[index] = stray.format(fields[index])
        lines[line - 1] = ",".join(fields)
    path.write_bytes(newline.join(lines).encode("utf-8"))
    return lines


def pseudonym_hits(db_path: Path, value: str) -> dict[str, int]:
    """Rows of each raw table that hold `value` in any text column."""
    hits = {}
    with duckdb.connect(str(db_path), read_only=True) as con:
        columns = con.execute("select table_name, column_name from information_schema.columns "
                              "where table_schema = 'raw' and data_type = 'VARCHAR'").fetchall()
        for table in sorted({t for t, _ in columns}):
            where = " or ".join(f'contains(upper("{c}"), upper(?))'
                                for t, c in columns if t == table)
            n = con.execute(f"select count(*) from raw.{table} where {where}",
                            [value] * where.count("?")).fetchone()[0]
            if n:
                hits[table] = n
    return hits


def test_stray_quotes_that_join_records_quarantine_every_line_and_hide_no_objector(
        small_drop, tmp_path, db_path):
    """The issue's case: stray quotes on lines 457 and 460 of the waiting list's Clinic
    column, and the record on line 458 belongs to someone on objections.csv."""
    drop = tmp_path / "drop"
    shutil.copytree(small_drop, drop)
    path = drop / WAITING_LIST
    lines = path.read_text(encoding="utf-8").split("\n")
    text = "\n".join(p.read_text(encoding="utf-8") for p in drop.glob("*.csv"))
    nhs = [h.strip() for h in lines[0].split(",")].index("NhsNumber")
    # a patient with this one record in the whole drop, who now objects
    line, pseudo = next((i + 1, line.split(",")[nhs]) for i, line in enumerate(lines[1:-1], 1)
                        if i + 1 > 460 and text.count(line.split(",")[nhs]) == 1)
    lines[457], lines[line - 1] = lines[line - 1], lines[457]
    path.write_text("\n".join(lines), encoding="utf-8")
    append_lines(drop / "objections.csv", f"{pseudo},national_data_opt_out")
    lines = put_stray_quotes(path, "Clinic", 457, 460)
    records = len(lines) - 2          # the header, and the empty text after the last break

    result = load_drop(drop, db_path)

    outcome = result["mseft_waiting_list"]
    assert (outcome.status, outcome.rows_read, outcome.rows_loaded, outcome.rows_rejected) \
        == ("loaded", records, records - 4, 4)
    assert query(db_path, "select rows_read, rows_loaded, rows_rejected from raw._load_log "
                          "where feed = 'mseft_waiting_list'") == [(records, records - 4, 4)]
    quarantine = query(db_path, "select line, column_name, reason, raw_record "
                                "from raw._quarantine order by line")
    assert [(q[0], q[1], q[3]) for q in quarantine] == [
        (n, "Clinic", lines[n - 1]) for n in (457, 458, 459, 460)]
    assert all(q[2].startswith("a double-quoted value in column 'Clinic' runs over lines 457 "
                               "to 460, but the spec allows no line break in that column")
               for q in quarantine)
    assert pseudonym_hits(db_path, pseudo) == {"_quarantine": 1, "objections": 1,
                                               "objection_register": 1}
    # the records after the block keep their numbers: record n is on line n + 1
    assert query(db_path, "select _source_row from raw.mseft_waiting_list "
                          "where _source_row between 454 and 461") == [
        (454,), (455,), (460,), (461,)]
    assert query(db_path, "select count(*) from raw.mseft_waiting_list") == [(records - 4,)]


def test_stray_quote_whose_span_breaks_the_field_count_quarantines_every_line(drop, db_path):
    feed = feed_for_file(AE)
    path = write_feed(drop, feed, 10)
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[3] = lines[3].replace("value 3,value 3,value 3", 'value 3,"value 3,value 3')
    lines[5] = lines[5].replace("value 5,", 'value 5",', 1)       # a different column
    path.write_text("\n".join(lines), encoding="utf-8")

    outcome = load_drop(drop, db_path)["mseft_ae_attendances"]

    assert (outcome.rows_read, outcome.rows_loaded, outcome.rows_rejected) == (10, 7, 3)
    assert query(db_path, "select line, column_name, raw_record from raw._quarantine") == [
        (4, "COMPLAINT", lines[3]), (5, "COMPLAINT", lines[4]), (6, "COMPLAINT", lines[5])]
    assert query(db_path, "select _source_row from raw.mseft_ae_attendances") == [
        (1,), (2,), (6,), (7,), (8,), (9,), (10,)]


def test_stray_quotes_in_a_crlf_file_quarantine_lines_without_their_line_break(drop, db_path):
    feed = feed_for_file(WAITING_LIST)
    path = write_feed(drop, feed, 8, newline="\r\n")
    lines = put_stray_quotes(path, "Clinic", 3, 5, newline="\r\n")

    outcome = load_drop(drop, db_path)["mseft_waiting_list"]

    assert (outcome.rows_read, outcome.rows_loaded, outcome.rows_rejected) == (8, 5, 3)
    assert query(db_path, "select line, raw_record from raw._quarantine") == [
        (3, lines[2]), (4, lines[3]), (5, lines[4])]
    assert "\r" not in "".join(lines[2:5])
    assert query(db_path, "select _source_row, rtt_wks_waiting from raw.mseft_waiting_list") \
        == [(1, "1"), (5, "5"), (6, "6"), (7, "7"), (8, "8")]


def test_lines_and_source_rows_stay_right_after_a_stray_quote_block_and_blank_lines(
        drop, db_path):
    feed = feed_for_file(WAITING_LIST)
    good = csv_text(sample_rows(feed, 6)).splitlines()
    (drop / WAITING_LIST).write_text("\n".join(
        [",".join(feed.headers), good[0], good[1], good[2], good[3], "", good[4],
         "too,few,fields", "", good[5]]) + "\n", encoding="utf-8")
    lines = put_stray_quotes(drop / WAITING_LIST, "Clinic", 3, 5)

    outcome = load_drop(drop, db_path)["mseft_waiting_list"]

    assert (outcome.rows_read, outcome.rows_loaded, outcome.rows_rejected) == (7, 3, 4)
    quarantine = query(db_path, "select line, column_name, reason, raw_record "
                                "from raw._quarantine order by line")
    assert [(q[0], q[1]) for q in quarantine] == [(3, "Clinic"), (4, "Clinic"),
                                                  (5, "Clinic"), (8, None)]
    assert quarantine[3][2].startswith("record has 3 fields, fewer than the header")
    assert quarantine[3][3] == lines[7] == "too,few,fields"
    assert query(db_path, "select _source_row, rtt_wks_waiting "
                          "from raw.mseft_waiting_list") == [(1, "1"), (5, "5"), (7, "6")]


def test_real_nhs_number_after_blank_lines_is_named_by_its_file_line(drop, db_path):
    feed = feed_for_file(WAITING_LIST)
    rows = sample_rows(feed, 3)
    rows[2][feed.headers.index("NhsNumber")] = "9434765919"
    text = csv_text([feed.headers] + rows).splitlines()
    (drop / WAITING_LIST).write_text("\n".join(text[:2] + ["", ""] + text[2:]) + "\n",
                                     encoding="utf-8")

    error = load_drop(drop, db_path)["mseft_waiting_list"].error

    assert (error.line, error.column) == (6, "NhsNumber")


def test_a_bare_quote_inside_an_unquoted_value_is_an_ordinary_character(drop, db_path):
    feed = feed_for_file(WAITING_LIST)
    rows = sample_rows(feed, 5)
    text = csv_text([feed.headers] + rows).splitlines()
    text[2] = text[2].replace("value 2,2,", 'Room 12",2,')         # Clinic, then RTT weeks
    (drop / WAITING_LIST).write_text("\n".join(text) + "\n", encoding="utf-8")

    outcome = load_drop(drop, db_path)["mseft_waiting_list"]

    assert (outcome.status, outcome.rows_read, outcome.rows_rejected) == ("loaded", 5, 0)
    assert query(db_path, "select clinic from raw.mseft_waiting_list "
                          "where _source_row = 2") == [('Room 12"',)]


def test_a_drop_without_faults_loads_exactly_as_its_csv_text(small_drop, db_path):
    """Every value of every file, as Python's csv module reads it ('' as null), in file
    order, with nothing quarantined: the stray-quote checks change nothing here."""
    result = load_drop(small_drop, db_path)

    assert result.ok
    assert query(db_path, "select count(*) from raw._quarantine") == [(0,)]
    for feed in load_registry():
        with (small_drop / feed.file).open(encoding="utf-8-sig", newline="") as f:
            expected = [[v or None for v in row] + [i]
                        for i, row in enumerate(list(csv.reader(f))[1:], start=1)]
        assert result[feed.identifier].rows_read == len(expected)
        rows = query(db_path, f"select * from raw.{feed.identifier} order by _source_row")
        assert [list(r) for r in rows] == expected, feed.file


def test_feeds_validation_read_land_exactly_as_a_fresh_read_of_the_files(small_drop, tmp_path):
    """`hi run` reads each file once: validation's workers read it and the load lands what
    they read (load_drop(read=...)). With malformed records, stray quotes and an objector,
    every raw table, the quarantine, the load log and the objection register equal a
    load that reads the files itself, row for row in stored order; a feed the validation
    did not hand over is read from its file."""
    from python_helpers.validate import validate_drop
    drop = tmp_path / "drop"
    shutil.copytree(small_drop, drop)
    lines = (drop / AE).read_text(encoding="utf-8").splitlines()
    append_lines(drop / AE, "only,three,fields", lines[5] + ",surplus")
    put_stray_quotes(drop / WAITING_LIST, "Clinic", 40, 43)
    validated = validate_drop(drop, tmp_path / "validation", keep_rows=True)
    assert validated.ok
    assert set(validated.read) == {feed.file for feed in load_registry()}

    fresh = load_drop(drop, tmp_path / "fresh.duckdb")
    handed_over = load_drop(drop, tmp_path / "handed_over.duckdb", read=validated.read)
    del validated.read[WAITING_LIST]
    partly = load_drop(drop, tmp_path / "partly.duckdb", read=validated.read)

    assert fresh.ok and handed_over.ok and partly.ok
    assert fresh["mseft_ae_attendances"].rows_rejected == 2
    assert fresh["mseft_waiting_list"].rows_rejected == 4
    expected = raw_tables(tmp_path / "fresh.duckdb", order="")
    assert len(expected["_quarantine"][1]) == 6
    assert len(expected["objection_register"][1]) > 0
    assert raw_tables(tmp_path / "handed_over.duckdb", order="") == expected
    assert raw_tables(tmp_path / "partly.duckdb", order="") == expected


def test_a_column_the_registry_marks_multiline_keeps_its_line_breaks(tmp_path):
    """`multiline: true` in a column's config.meta lets its quoted values span lines;
    a line break in any other column still splits the record into its lines."""
    sources = tmp_path / "project" / "models" / "staging" / "demo" / "_demo__sources.yml"
    sources.parent.mkdir(parents=True)
    sources.write_text(yaml.safe_dump({"sources": [{"name": "demo", "tables": [{
        "name": "notes", "config": {"meta": {"file": "notes.csv"}},
        "columns": [{"name": "note", "config": {"meta": {"header": "Note",
                                                          "multiline": True}}},
                    {"name": "code", "config": {"meta": {"header": "Code"}}}]}]}]}))
    feed = load_registry(tmp_path / "project")[0]
    assert [c.multiline for c in feed.columns] == [True, False]
    path = tmp_path / "notes.csv"
    path.write_bytes(b'Note,Code\n"two\nlines",A\nplain,B\nthree,"C\nD"\nbad\nlast,E\n')

    with duckdb.connect() as con:
        prepared = read_feed(con, feed, path)
        rows = con.execute(f"select * from {prepared.rows}").fetchall()
        quarantine = con.execute(f"select line, column_name, raw_record "
                                 f"from {prepared.quarantine}").fetchall()
        prepared.release(con)

    assert rows == [("two\nlines", "A", 1), ("plain", "B", 2), ("last", "E", 6)]
    assert quarantine == [(5, "Code", 'three,"C'), (6, "Code", 'D"'), (7, None, "bad")]
    assert (prepared.rows_read, prepared.rows_loaded, prepared.rows_rejected) == (6, 3, 3)


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


def test_a_nul_byte_refuses_the_feed_naming_its_line(drop, db_path):
    path = write_feed(drop, feed_for_file(AE), 5)
    path.write_bytes(path.read_bytes().replace(b"value 3,value 3,value 3",
                                               b"value 3,\x00\x00\x00,value 3"))

    error = load_drop(drop, db_path)["mseft_ae_attendances"].error

    assert str(error).startswith(f"{AE} line 4: the line holds a NUL byte (0x00)")


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


def test_feed_error_survives_pickling_as_a_worker_hands_it_back():
    import pickle
    error = pickle.loads(pickle.dumps(FeedError("a.csv", "bad", line=3, column="X")))
    assert (error.file, error.problem, error.line, error.column) == ("a.csv", "bad", 3, "X")
    assert str(error) == "a.csv line 3, column 'X': bad"


# --- a file with a header and no records --------------------------------------------------

def hi(*argv) -> int:
    from python_helpers import cli
    return cli.main([str(a) for a in argv])


def load_log(db_path: Path, feed: str) -> tuple:
    return query(db_path, "select status, rows_read, rows_loaded, rows_rejected, message "
                          "from raw._load_log where feed = ?", [feed])[0]


def test_required_feed_with_a_header_and_no_records_stops_hi_load(drop, db_path, capsys):
    assert hi("load", drop, "--duckdb", db_path) == 0
    before = raw_tables(db_path)["mseft_waiting_list"]
    write_feed(drop, feed_for_file(WAITING_LIST), rows=[])

    code = hi("load", drop, "--duckdb", db_path)

    out = capsys.readouterr().out
    assert code == 1
    message = (f"{WAITING_LIST}: has a header but no records: a required feed is refused "
               "when empty")
    assert message in out
    assert f"load it with --allow-empty {WAITING_LIST}" in out
    status, *counts, logged = load_log(db_path, "mseft_waiting_list")
    assert (status, counts) == ("failed", [0, 0, 0]) and logged.startswith(message)
    assert raw_tables(db_path)["mseft_waiting_list"] == before


def test_allow_empty_lands_the_feeds_it_names_as_empty_tables(drop, db_path, capsys):
    for file in (WAITING_LIST, AE, "ecc_languages.csv"):
        write_feed(drop, feed_for_file(file), rows=[])

    code = hi("load", drop, "--duckdb", db_path, "--allow-empty", WAITING_LIST,
              "--allow-empty", "mseft_ae_attendances")

    out = capsys.readouterr().out
    assert code == 1                     # ecc_languages.csv was not allowed
    for feed in ("mseft_waiting_list", "mseft_ae_attendances"):
        assert load_log(db_path, feed) == (
            "empty", 0, 0, 0, "has a header but no records: landed as an empty table "
            "(allowed by --allow-empty)")
        assert query(db_path, f"select count(*) from raw.{feed}") == [(0,)]
    assert load_log(db_path, "ecc_languages")[0] == "failed"
    assert "ecc_languages.csv: has a header but no records" in out
    table = {line.split()[0]: line.split()[-1] for line in out.splitlines()[1:15]}
    assert (table["mseft_waiting_list"], table["ecc_languages"]) == ("empty", "failed")


def test_optional_objections_file_may_have_no_records(drop, db_path):
    write_feed(drop, feed_for_file("objections.csv"), rows=[])

    assert hi("load", drop, "--duckdb", db_path) == 0
    assert load_log(db_path, "objections")[:4] == ("empty", 0, 0, 0)


def test_allow_empty_refuses_a_name_the_registry_lacks(drop, db_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        hi("load", drop, "--duckdb", db_path, "--allow-empty", "waiting_list")

    assert exit_.value.code == 2
    assert "'waiting_list' is neither a feed nor a file of the drop-folder contract" in \
        capsys.readouterr().err
    assert not db_path.exists()


def test_hi_run_stops_on_an_empty_required_feed_unless_allowed(small_drop, tmp_path,
                                                               db_path, monkeypatch, capsys):
    from python_helpers import run
    builds = []
    monkeypatch.setattr(run, "build", lambda path: builds.append(path) or 0)  # no dbt here
    # nor reports (they read the build's manifest): their paths only
    import python_helpers.report as report
    monkeypatch.setattr(report, "write_reports", lambda *a, **k: SimpleNamespace(
        report=tmp_path / "r.html", pack_html=tmp_path / "p.html",
        pack_markdown=tmp_path / "p.md"))
    drop = tmp_path / "drop"
    shutil.copytree(small_drop, drop)
    write_feed(drop, feed_for_file(WAITING_LIST), rows=[])
    args = ("run", "--drop", drop, "--duckdb", db_path, "--report", tmp_path / "report")

    stopped = hi(*args)
    output = capsys.readouterr()

    assert stopped == 1 and builds == []
    assert f"{WAITING_LIST}: has a header but no records" in output.out
    assert load_log(db_path, "mseft_waiting_list")[0] == "failed"

    allowed = hi(*args, "--allow-empty", "mseft_waiting_list")

    assert allowed == 0 and builds == [db_path]
    assert load_log(db_path, "mseft_waiting_list")[0] == "empty"
