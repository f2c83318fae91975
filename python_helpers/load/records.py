"""Count a file's records independently of the CSV reader, so that none is lost unseen.

DuckDB's reader does not always recover from a double quote that is never closed: run in
parallel it may skip the records between the bad one and the next chunk; run serially it
may drop the rest of the file without a reject. So the loader counts the records itself
(vectorised with NumPy) and refuses a feed whose count the reader does not match.

A line break ends a record unless it lies inside double quotes, which is when an odd number
of quotes precedes it. Only quotes that can open or close a quoted value, or be half of an
escaped pair, are counted: a quote with an ordinary character on both sides (`12" screen`)
is read as a literal character by the reader, so it is ignored here too.
"""
from __future__ import annotations

import mmap
from dataclasses import dataclass
from pathlib import Path

import numpy as np

QUOTE, LF, CR, COMMA = ord('"'), ord("\n"), ord("\r"), ord(",")
BOUNDARY = np.array([QUOTE, LF, CR, COMMA], dtype=np.uint8)


def _structural_quotes(data: np.ndarray) -> np.ndarray:
    quotes = np.flatnonzero(data == QUOTE)
    if quotes.size == 0:
        return quotes
    before = np.isin(data[np.maximum(quotes - 1, 0)], BOUNDARY) | (quotes == 0)
    after = np.isin(data[np.minimum(quotes + 1, data.size - 1)], BOUNDARY) \
        | (quotes == data.size - 1)
    return quotes[before | after]


@dataclass(frozen=True)
class RecordCount:
    records: int                     # including the header; blank lines are not records
    # Line numbers of blank lines, numbered as the reader numbers lines in its rejects
    # (a line break inside double quotes does not start a line).
    blank_lines: tuple[int, ...] = ()
    unclosed_line: int | None = None  # where a record starts that a never-closed quote
    unclosed_lines: int = 0           # runs to the end of the file, and its line count


def count_records(path: Path) -> RecordCount:
    with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        data = np.frombuffer(mm, dtype=np.uint8)
        try:
            return _count(data)
        finally:
            del data  # release the buffer before the map closes


def _count(data: np.ndarray) -> RecordCount:
    quotes = _structural_quotes(data)
    newlines = np.flatnonzero(data == LF)
    inside = np.searchsorted(quotes, newlines) % 2 == 1
    ends = newlines[~inside]
    starts = np.concatenate(([0], ends[:-1] + 1))
    length = ends - starts
    blank = (length == 0) | ((length == 1) & (data[np.maximum(ends - 1, 0)] == CR))
    records = int(np.count_nonzero(~blank))
    blank_lines = tuple((np.flatnonzero(blank) + 1).tolist())
    tail_start = int(ends[-1]) + 1 if ends.size else 0
    tail = data[tail_start:]
    if np.any((tail != LF) & (tail != CR)):
        records += 1          # a last record without a line break outside quotes
    if quotes.size % 2 == 0:
        return RecordCount(records, blank_lines)
    # An odd number of quotes: the last record runs inside a quoted value to the end of
    # the file. On its own line that is one malformed record; over several lines it has
    # swallowed the records after it.
    lines = int(np.count_nonzero(newlines >= tail_start)) + (data[-1] != LF)
    if lines <= 1:
        return RecordCount(records, blank_lines)
    return RecordCount(records, blank_lines, int(np.count_nonzero(newlines < tail_start)) + 1,
                       lines)
