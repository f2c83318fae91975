"""Read a drop folder into DuckDB relations, ready to be written to any warehouse.

This is the engine-independent half of the loader: header matching, reading each file into
a (temporary) DuckDB relation with DuckDB's vectorised CSV reader, quarantine detection,
reconciling what the reader returned with the file's own lines (records.py), the
un-pseudonymised NHS number check and the `_load_log` row. Writing the relations to a
warehouse (DuckDB here, Snowflake elsewhere) is the other half: see `duckdb_target`.

    with duckdb.connect() as con:
        for outcome, prepared in iter_drop(con, drop_dir):
            if prepared:   # write prepared.rows and prepared.quarantine somewhere
                ...

A feed read in one process can be written by another: `FeedRead.take` carries the
outcome and the prepared relations as Arrow tables (validation's worker processes read
each file once and hand it to the load this way: `load_drop(read=...)`).
"""
from __future__ import annotations

import hashlib
import mmap
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from python_helpers.load.errors import FeedError
from python_helpers.load.header import Header, read_header
from python_helpers.load.outcome import ABSENT, EMPTY, LOADED, FeedOutcome, failed
from python_helpers.load.pseudonyms import refuse_nhs_numbers
from python_helpers.load.quarantine import (HEADER_LINES, QUOTE_RULE, quarantine_sql,
                                            split_lines_sql, sql_literal)
from python_helpers.load.records import FileStructure, count_records
from python_helpers.registry import Feed, load_registry

SOURCE_ROW = "_source_row"
# A valid UTF-8 sequence of 2 to 4 bytes: a file with none and with invalid bytes is in a
# single-byte encoding (Windows-1252), not UTF-8 with a few damaged records.
UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
NON_ASCII = re.compile(rb"[\x80-\xff]")
LF_WITHOUT_CR = re.compile(rb"(?<!\r)\n")


@dataclass(frozen=True)
class PreparedFeed:
    """A feed read into temporary DuckDB objects of the connection that read it."""
    feed: Feed
    header: Header
    rows: str            # view: registry columns, extra columns, _source_row; file order
    quarantine: str      # table: quarantine.QUARANTINE_COLUMNS
    rows_read: int       # the file's records, counted on its physical lines
    rows_loaded: int
    rows_rejected: int   # rows_read = rows_loaded + rows_rejected
    file_sha256: str
    temp_prefix: str

    @property
    def columns(self) -> list[str]:
        """Raw-table column names in order (all text, then `_source_row`)."""
        return [f.name for f in self.header.output_fields(self.feed)] + [SOURCE_ROW]

    def outcome(self) -> FeedOutcome:
        notes = []
        if self.rows_rejected:
            notes.append(f"{self.rows_rejected:,} malformed record(s) quarantined "
                         "with their reason in _quarantine")
        if self.header.extras:
            kept = ", ".join(f"{f.header!r} as {f.name}" for f in self.header.extras)
            notes.append(f"column(s) not in the spec kept: {kept}")
        if not self.rows_read:
            notes.insert(0, "has a header but no records: landed as an empty table")
        return FeedOutcome(
            self.feed, LOADED if self.rows_read else EMPTY,
            rows_read=self.rows_read,
            rows_loaded=self.rows_loaded,
            rows_rejected=self.rows_rejected,
            extra_columns=tuple(f.name for f in self.header.extras),
            message="; ".join(notes) or None,
            file_sha256=self.file_sha256,
        )

    def release(self, con: duckdb.DuckDBPyConnection) -> None:
        drop_temp_objects(con, self.temp_prefix)


def iter_drop(con: duckdb.DuckDBPyConnection, drop_dir: Path | str,
              feeds: tuple[Feed, ...] | None = None
              ) -> Iterator[tuple[FeedOutcome, PreparedFeed | None]]:
    """Each registry feed's outcome, with its prepared relations when it can be loaded.

    The prepared feed's temporary objects are dropped when the next feed is asked for, so
    write it before iterating on.
    """
    drop = Path(drop_dir)
    for feed in feeds if feeds is not None else load_registry():
        path = drop / feed.file
        if not path.is_file():
            if feed.optional:
                yield FeedOutcome(feed, ABSENT, message="optional file not in the drop "
                                  "folder: landed as an empty table"), None
            else:
                yield failed(feed, _missing_file_error(feed, drop)), None
            continue
        outcome, prepared = _prepare(con, feed, path)
        try:
            yield outcome, prepared
        finally:
            if prepared is not None:
                prepared.release(con)


@dataclass(frozen=True)
class FeedRead:
    """One feed as `iter_drop` gave it, detached from the connection that read it: the
    outcome, and for a feed that can be landed its prepared feed with its rows and
    quarantine as Arrow tables. Picklable, so a worker process can hand it back."""
    outcome: FeedOutcome
    prepared: PreparedFeed | None = None
    rows: pa.Table | None = None
    quarantine: pa.Table | None = None

    @classmethod
    def take(cls, con: duckdb.DuckDBPyConnection, outcome: FeedOutcome,
             prepared: PreparedFeed | None, rows: pa.Table | None = None) -> FeedRead:
        """Copy the prepared relations out of `con` (pass `rows` when they were fetched
        already: `select * from prepared.rows` as Arrow)."""
        if prepared is None:
            return cls(outcome)
        if rows is None:
            rows = fetch_arrow(con, f"select * from {prepared.rows}")
        return cls(outcome, prepared, rows,
                   fetch_arrow(con, f"select * from {prepared.quarantine}"))

    @contextmanager
    def registered(self, con: duckdb.DuckDBPyConnection) -> Iterator[PreparedFeed | None]:
        """The prepared feed, its Arrow tables registered in `con` under its names, so a
        writer uses it as it uses `iter_drop`'s (None when the feed cannot be landed)."""
        prepared = self.prepared
        if prepared is None:
            yield None
            return
        con.register(prepared.rows, self.rows)
        con.register(prepared.quarantine, self.quarantine)
        try:
            yield prepared
        finally:
            con.unregister(prepared.rows)
            con.unregister(prepared.quarantine)


def fetch_arrow(con: duckdb.DuckDBPyConnection, sql: str) -> pa.Table:
    """A query's result as one Arrow table (DuckDB may answer with a batch reader)."""
    table = con.sql(sql).arrow()
    return table.read_all() if isinstance(table, pa.RecordBatchReader) else table


def _prepare(con: duckdb.DuckDBPyConnection, feed: Feed, path: Path
             ) -> tuple[FeedOutcome, PreparedFeed | None]:
    sha256 = None
    try:
        sha256 = file_sha256(path)
        prepared = read_feed(con, feed, path, sha256)
    except OSError as error:
        return failed(feed, FeedError(feed.file, "the file cannot be read "
                                      f"({error.strerror})"), sha256), None
    except FeedError as error:
        return failed(feed, error, sha256), None
    return prepared.outcome(), prepared


def unexpected_csv_files(drop_dir: Path | str) -> tuple[str, ...]:
    known = {f.file for f in load_registry()}
    return tuple(sorted(p.name for p in Path(drop_dir).glob("*.csv") if p.name not in known))


def file_sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def read_feed(con: duckdb.DuckDBPyConnection, feed: Feed, path: Path,
              sha256: str | None = None) -> PreparedFeed:
    """Read one file into temporary objects of `con`; FeedError if the feed must fail."""
    header = read_header(path, feed)
    prefix = f"_hi_load_{feed.identifier}"
    drop_temp_objects(con, prefix)
    try:
        _read_csv(con, path, header, prefix)
        con.execute(f"create temp table {prefix}_rejected as "
                    + quarantine_sql(f"{prefix}_rejects", header, feed.identifier))
        structure = count_records(path, header.multiline)
        if structure.nul_line is not None:
            raise FeedError(path.name, "the line holds a NUL byte (0x00), which UTF-8 text "
                            "never does: the file was damaged in transfer or is not text, "
                            "and records may have been overwritten; re-send the file",
                            line=structure.nul_line)
        _refuse_wrong_encoding(con, path, header, prefix, structure)
        read = con.execute(f"select count(*) from {prefix}_read").fetchone()[0]
        rejected = con.execute(f"select count(*) from {prefix}_rejected").fetchone()[0]
        _refuse_lost_records(con, path, header, prefix, read + rejected, structure)
        loaded, rejected = _create_rows_and_quarantine(con, feed, header, prefix, structure,
                                                       read, rejected)
        _refuse_unreconciled(path, structure, loaded, rejected)
        if rejected and not loaded:
            _refuse_all_malformed(con, path, prefix, rejected)
        refuse_nhs_numbers(con, f"{prefix}_rows", feed, header, structure.line_of)
    except BaseException:
        drop_temp_objects(con, prefix)
        raise
    return PreparedFeed(feed, header, f"{prefix}_rows", f"{prefix}_quarantine",
                        structure.file_records, loaded, rejected,
                        sha256 or file_sha256(path), prefix)


def drop_temp_objects(con: duckdb.DuckDBPyConnection, prefix: str) -> None:
    con.execute(f"drop view if exists {prefix}_rows")
    for suffix in ("read", "rejects", "scan", "rejected", "quarantine", "records",
                   "accepted", "split"):
        con.execute(f"drop table if exists {prefix}_{suffix}")


def _read_csv(con: duckdb.DuckDBPyConnection, path: Path, header: Header,
              prefix: str) -> None:
    """All fields as text under neutral names; malformed records go to the rejects table.

    Options are explicit (no sniffing) so that the contract, not a guess, decides how the
    file is read; the header line was parsed by header.read_header and is skipped.
    """
    columns = "{" + ", ".join(f"'{f.read_name}': 'VARCHAR'" for f in header.fields) + "}"
    try:
        con.execute(f"""
            create temp table {prefix}_read as
            select * from read_csv(
                {sql_literal(str(path))},
                columns = {columns},
                header = false,
                skip = {HEADER_LINES},
                delim = ',',
                quote = '"',
                escape = '"',
                auto_detect = false,
                strict_mode = true,
                store_rejects = true,
                rejects_table = '{prefix}_rejects',
                rejects_scan = '{prefix}_scan'
            )
        """)
    except duckdb.Error as e:
        raise FeedError(path.name, _unreadable_problem(path, e)) from None


def _unreadable_problem(path: Path, error: duckdb.Error) -> str:
    with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
        mixed = data.find(b"\r\n") >= 0 and LF_WITHOUT_CR.search(data) is not None
    if mixed:
        return ("the file mixes CRLF and LF line endings: the spec expects one of them "
                "throughout; re-export the file")
    first_line = str(error).strip().splitlines()[0]
    return (f"the file cannot be read as CSV ({first_line}): the spec expects UTF-8, "
            "comma-separated values with RFC 4180 quoting and LF or CRLF line endings")


def _refuse_wrong_encoding(con: duckdb.DuckDBPyConnection, path: Path, header: Header,
                           prefix: str, structure: FileStructure) -> None:
    """Invalid UTF-8 in a file with no valid multi-byte character is a wrong encoding."""
    first = con.execute(f"""
        select line, column_name from {prefix}_rejects
        where error_type = 'INVALID ENCODING' order by line limit 1
    """).fetchone()
    if first is None or header.has_bom:
        return  # clean, or declared UTF-8 by its BOM: damaged records stay quarantined
    with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
        if UTF8_MULTIBYTE.search(data):
            return
        byte = NON_ASCII.search(data).group()[0]
    reader_line, read_name = first
    line = structure.physical_line(reader_line)
    raise FeedError(path.name, f"byte 0x{byte:02X} is not UTF-8 and no character in the "
                    "file is: the file looks Windows-1252 (ANSI) encoded; the spec expects "
                    "UTF-8, so re-export the file as UTF-8",
                    line=line, column=header.field_header(read_name) if read_name else None)


def _refuse_lost_records(con: duckdb.DuckDBPyConnection, path: Path, header: Header,
                         prefix: str, read: int, count: FileStructure) -> None:
    """Refuse the feed unless the reader found every record of the file (each reader line
    that is not blank), so that reader lines can be matched to the file's lines."""
    if count.unclosed_line is not None:
        raise FeedError(path.name, "a double quote in this record is never closed, so the "
                        f"{count.unclosed_lines:,} lines from here to the end of the file "
                        f"would be one value: {QUOTE_RULE}; refusing this feed so that no "
                        "record is lost", line=count.unclosed_line)
    expected = count.records - HEADER_LINES
    if read == expected:
        return
    reported = con.execute(f"""
        select line, column_name from {prefix}_rejects
        where error_type = 'UNQUOTED VALUE' order by line limit 1
    """).fetchone()
    line, read_name = reported or (None, None)
    raise FeedError(path.name, f"the file holds {expected:,} records (counting line breaks "
                    f"outside double quotes) but the reader found {read:,}: a double quote "
                    f"is not closed correctly; {QUOTE_RULE}; refusing this feed so that no "
                    "record is lost", line=line,
                    column=header.field_header(read_name) if read_name else None)


def _refuse_all_malformed(con: duckdb.DuckDBPyConnection, path: Path, prefix: str,
                          rejected: int) -> None:
    """A file whose every record is malformed is unreadable as a whole (a wrong delimiter
    in the data lines, say): refuse it rather than replace a table with nothing."""
    line, column, reason = con.execute(
        f"select line, column_name, reason from {prefix}_quarantine order by line limit 1"
    ).fetchone()
    raise FeedError(path.name, f"every one of the {rejected:,} records is malformed, so the "
                    f"feed is refused; the first: {reason}", line=line, column=column)


def _create_rows_and_quarantine(con: duckdb.DuckDBPyConnection, feed: Feed, header: Header,
                                prefix: str, structure: FileStructure, read: int,
                                rejected: int) -> tuple[int, int]:
    """The rows view (raw-table columns plus `_source_row`, in file order) and the
    quarantine table; returns the rows loaded and quarantined.

    `_source_row` is the record's number among the file's data records: a reader record
    that quotes joined across lines where no line break may be counts as its physical
    lines, which are quarantined one by one (records.py); blank lines are not records.
    DuckDB keeps the file order of the rows it accepts (rowid), and names each rejected
    record by its reader line: the k-th accepted row is the k-th reader record that was
    not rejected.
    """
    selects = ", ".join(f'r."{f.read_name}" as "{f.name}"'
                        for f in header.output_fields(feed))
    if not rejected and not structure.split.any():
        con.execute(f"create temp table {prefix}_quarantine as select * from {prefix}_rejected")
        con.execute(f"""
            create temp view {prefix}_rows as
            select {selects}, cast(r.rowid + 1 as integer) as {SOURCE_ROW}
            from {prefix}_read as r
        """)
        return read, 0
    records = pa.table({"reader_line": structure.reader_line,
                        "first_line": structure.first_line,
                        "source_row": structure.source_row, "split": structure.split})
    split = structure.split_lines
    split_table = pa.table({"line": split.line, "first_line": split.first_line,
                            "last_line": split.last_line, "field": split.field,
                            "text": pa.array(split.text, pa.string())})
    for name, arrow_table in ((f"{prefix}_records", records),
                              (f"{prefix}_split", split_table)):
        # DuckDB reads the local Arrow table `arrow_table` by its name (a replacement scan)
        con.execute(f"create temp table {name} as select * from arrow_table")
    con.execute(f"""
        create temp table {prefix}_accepted as
        select row_number() over (order by reader_line) as k, source_row, split
        from {prefix}_records
        where reader_line not in (select line from {prefix}_rejected)
    """)
    con.execute(f"""
        create temp view {prefix}_rows as
        select {selects}, cast(a.source_row as integer) as {SOURCE_ROW}
        from (select *, rowid + 1 as k from {prefix}_read) as r
        inner join {prefix}_accepted as a on r.k = a.k
        where not a.split
        order by {SOURCE_ROW}
    """)
    con.execute(f"""
        create temp table {prefix}_quarantine as
        select q.feed, q.file, r.first_line as line, q.column_name, q.reason, q.raw_record
        from {prefix}_rejected as q
        inner join {prefix}_records as r on q.line = r.reader_line
        where not r.split
        union all
        {split_lines_sql(f"{prefix}_split", header, feed.identifier)}
        order by line
    """)
    # counted from the relations themselves, so that a reader line the map lacks shows up
    # as a difference with the file's count (_refuse_unreconciled)
    loaded = con.execute(f"select count(*) from {prefix}_rows").fetchone()[0]
    quarantined = con.execute(f"select count(*) from {prefix}_quarantine").fetchone()[0]
    return loaded, quarantined


def _refuse_unreconciled(path: Path, structure: FileStructure, loaded: int,
                         rejected: int) -> None:
    """Rows read (the file's records, on its physical lines) = loaded + quarantined."""
    if loaded + rejected != structure.file_records:
        raise FeedError(path.name, f"the file holds {structure.file_records:,} records but "
                        f"{loaded:,} would be loaded and {rejected:,} quarantined: the reader "
                        "and the file's lines disagree, probably over a double quote; "
                        f"{QUOTE_RULE}; refusing this feed so that no record is lost")


def _missing_file_error(feed: Feed, drop: Path) -> FeedError:
    near = [p.name for p in drop.iterdir() if p.name.casefold() == feed.file.casefold()] \
        if drop.is_dir() else []
    hint = f" (found {near[0]!r}: names must match exactly)" if near else ""
    return FeedError(feed.file, f"the file is missing from the drop folder{hint}: the "
                     f"drop-folder contract expects every partner feed ({feed.spec})")
