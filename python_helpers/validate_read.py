"""Read one drop-folder CSV as all-text for validation, or say why it cannot be used.

A file is unusable (the drop fails) when it cannot be read, is not UTF-8 text, is not
comma-delimited, or lacks a column the registry requires; the message names the file,
the line and what the contract expects. Anything else (extra columns, rows with the
wrong number of fields, headers that match only after ignoring case and white space) is
noted and the file is still validated.

Parsing is pyarrow's CSV reader (RFC 4180 quoting, LF or CRLF, quoted newlines, a UTF-8
byte-order mark skipped). Every value is read as text, trimmed, and '' becomes null, as
staging will see it.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from python_helpers.registry import Column, Feed, header_match_key, snake_case

EXTRA_PREFIX = "extra__"
_SNIFF_BYTES = 1 << 16
_OTHER_DELIMITERS = {";": "semicolons", "\t": "tabs", "|": "pipes"}
_MAX_BAD_ROWS_KEPT = 20


class FeedUnusable(Exception):
    """The file cannot be validated or loaded at all; str() is the message for a person."""


@dataclass
class RawFeed:
    frame: pd.DataFrame        # index: CSV line (header = line 1); registry names, extra__*
    present: set[str]          # registry column names found in the header
    missing: list[Column]      # registry columns the header lacks
    extras: dict[str, str]     # frame column -> verbatim header of columns the registry lacks
    loose_headers: list[tuple[str, str]] = field(default_factory=list)  # (file, registry)
    bad_rows: list[tuple[int, int]] = field(default_factory=list)       # (line, fields)
    bad_row_count: int = 0
    header_fields: int = 0
    last_line: int = 0         # CSV line of the last record read (bad or not)


def _encoding_problem(path: Path) -> str:
    """Where the file stops being UTF-8, and what it looks like instead."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        byte = data[e.start:e.start + 1]
        start = data.rfind(b"\n", 0, e.start) + 1
        end = data.find(b"\n", e.start)
        try:
            data[start:end if end >= 0 else len(data)].decode("cp1252")
            guess = (f" (in Windows-1252 it would be {byte.decode('cp1252')!r}: the file "
                     "looks like Windows-1252/Latin-1 text)")
        except UnicodeDecodeError:
            guess = ""
        return (f"is not UTF-8 text: byte 0x{byte.hex().upper()} on line {line} is not valid "
                f"UTF-8{guess}. The contract expects UTF-8; re-export the file as UTF-8")
    return "could not be decoded as UTF-8"


def _header(path: Path, feed: Feed) -> list[str]:
    try:
        with open(path, "rb") as f:
            head = f.read(_SNIFF_BYTES)
    except OSError as e:
        raise FeedUnusable(f"cannot be read: {e.strerror or e}") from e
    if not head.strip():
        raise FeedUnusable("is empty: it has no header line")
    if b"\x00" in head:
        raise FeedUnusable("is not a text CSV file: it contains binary (NUL) bytes; was it "
                           "compressed, or corrupted in transfer?")
    first = head.split(b"\n", 1)[0]
    try:
        line = first.decode("utf-8-sig").rstrip("\r")
    except UnicodeDecodeError as e:
        raise FeedUnusable(_encoding_problem(path)) from e
    fields = next(csv.reader([line]), [])
    if len(fields) <= 1 < len(feed.columns):
        for delimiter, name in _OTHER_DELIMITERS.items():
            if line.count(delimiter) >= 1:
                raise FeedUnusable(
                    f"is not comma-delimited: its header line is separated by {name} "
                    f"({line.count(delimiter) + 1} fields). The contract expects "
                    "comma-separated values (RFC 4180)")
    return fields


def _match_header(fields: list[str], feed: Feed):
    """Map the file's header fields to registry columns (case and white space ignored)."""
    by_key = {c.match_key: c for c in feed.columns}
    names: list[str] = []
    extras: dict[str, str] = {}
    loose: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    for position, header in enumerate(fields, start=1):
        column = by_key.get(header_match_key(header))
        if column is None:
            name = EXTRA_PREFIX + snake_case(header or f"column_{position}")
            while name in extras or name in names:
                name += "_"
            extras[name] = header
            names.append(name)
            continue
        if column.name in seen:
            raise FeedUnusable(
                f"has the column {column.header!r} twice (columns {seen[column.name]} and "
                f"{position} of the header); the contract allows each column once")
        seen[column.name] = position
        if header != column.header:
            loose.append((header, column.header))
        names.append(column.name)
    missing = [c for c in feed.columns if c.name not in seen]
    return names, set(seen), missing, extras, loose


def _clean(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Trim; a value that was only white space becomes null too (the reader already made
    '' null). The if_else is slow, so it runs only on columns that need it."""
    trimmed = pc.utf8_trim_whitespace(column)
    blank = pc.equal(trimmed, "")
    if not pc.any(blank).as_py():
        return trimmed
    return pc.if_else(blank, pa.scalar(None, pa.string()), trimmed)


def read_feed(path: Path, feed: Feed) -> RawFeed:
    """Read `path` as the registry's `feed`; raises FeedUnusable with a message."""
    fields = _header(path, feed)
    names, present, missing, extras, loose = _match_header(fields, feed)

    bad_rows: list[tuple[int, int]] = []
    bad_count = 0

    def skip_bad_row(row) -> str:
        nonlocal bad_count
        bad_count += 1
        if len(bad_rows) < _MAX_BAD_ROWS_KEPT:
            bad_rows.append((row.number, row.actual_columns))
        bad_lines.append(row.number)
        return "skip"

    bad_lines: list[int] = []
    positional = [f"c{i}" for i in range(len(names))]
    try:
        table = pacsv.read_csv(
            path,
            # One thread so that pyarrow can number the rows it rejects.
            read_options=pacsv.ReadOptions(column_names=positional, skip_rows=1,
                                           use_threads=False, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=",", newlines_in_values=True,
                                             invalid_row_handler=skip_bad_row),
            convert_options=pacsv.ConvertOptions(
                column_types={p: pa.string() for p in positional},
                null_values=[""], strings_can_be_null=True, quoted_strings_can_be_null=True),
        )
    except pa.ArrowInvalid as e:
        if "UTF8" in str(e) or "UTF-8" in str(e):
            raise FeedUnusable(_encoding_problem(path)) from e
        raise FeedUnusable(f"cannot be parsed as CSV: {e}") from e
    except OSError as e:
        raise FeedUnusable(f"cannot be read: {e}") from e

    frame = pa.table([_clean(table.column(p)) for p in positional], names=names).to_pandas()
    # Index = CSV line of each kept row: lines 2.. minus the rows pyarrow rejected.
    total = table.num_rows + bad_count
    frame.index = np.delete(np.arange(2, total + 2), np.asarray(bad_lines, dtype=np.int64) - 2)
    return RawFeed(frame=frame, present=present, missing=missing, extras=extras,
                   loose_headers=loose, bad_rows=bad_rows, bad_row_count=bad_count,
                   header_fields=len(fields), last_line=total + 1)
