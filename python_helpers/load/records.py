"""A file's physical structure, found independently of the CSV reader, so that no record is
lost unseen.

DuckDB's reader does not always recover from a double quote that is never closed: run in
parallel it may skip the records between the bad one and the next chunk; run serially it
may drop the rest of the file without a reject. And a stray double quote that *is* closed
a few lines further on is valid CSV to any reader: the records between become part of one
value and the record count silently shrinks. So the loader maps the file itself (vectorised
with NumPy) and accounts for every record against the file's physical lines:

- A line break ends a record unless it lies inside double quotes. Quoting follows RFC 4180
  as the reader applies it: a quote opens a quoted value only at the start of a field
  (after a comma or a line break); inside one, a doubled quote is a literal quote and a
  single one closes the value; a quote inside an unquoted value (`12" screen`, `Room 12"`)
  is an ordinary character.
- A line break inside quotes is only believed where the column may hold one (the
  registry's `multiline` key; no column of the drop-folder contract allows it today).
  Anywhere else the quotes are taken to be stray: the *reader lines* they joined (the
  reader's records) are split back into their physical lines, each of which is one record
  of the file, quarantined on its own.

Two numberings appear here. Physical lines are what an editor shows (line 1 is the header).
Reader lines are DuckDB's numbering in its rejects: a line break inside quotes does not
start one, a blank line does.
"""
from __future__ import annotations

import mmap
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from python_helpers.load.header import BOM_UTF8

QUOTE, LF, CR, COMMA = ord('"'), ord("\n"), ord("\r"), ord(",")
FIELD_START = np.array([COMMA, LF], dtype=np.uint8)


@dataclass(frozen=True)
class SplitLines:
    """Physical lines of reader lines that quotes joined where no line break may be.

    Parallel arrays, one entry per non-blank physical line, in file order."""
    line: np.ndarray           # physical line number
    first_line: np.ndarray     # first and last physical line of the reader line it is in
    last_line: np.ndarray
    field: np.ndarray          # 0-based field holding the first line break the column forbids
    text: list[str]            # the line as in the file, without its line break

    def __len__(self) -> int:
        return int(self.line.size)


def _no_split_lines() -> SplitLines:
    empty = np.zeros(0, dtype=np.int64)
    return SplitLines(empty, empty, empty, empty, [])


@dataclass(frozen=True)
class FileStructure:
    records: int                      # reader lines that are records, with the header
    # Reader line numbers of blank lines (not records).
    blank_lines: tuple[int, ...] = ()
    unclosed_line: int | None = None  # where a record starts that a never-closed quote
    unclosed_lines: int = 0           # runs to the end of the file, and its line count
    # One entry per data record as the reader sees it (non-blank reader lines after the
    # header), in file order:
    reader_line: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    first_line: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    source_row: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    split: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    split_lines: SplitLines = field(default_factory=_no_split_lines)
    nul_line: int | None = None       # the first line holding a NUL byte, if any

    @property
    def file_records(self) -> int:
        """Data records of the file: reader records, with each split one counted as its
        physical lines. This is rows read: rows loaded + rows quarantined."""
        return self.records - 1 - int(np.count_nonzero(self.split)) + len(self.split_lines)

    def line_of(self, source_row: int) -> int:
        """The physical line where a loaded record starts, by its `_source_row`."""
        return int(self.first_line[np.searchsorted(self.source_row, source_row)])

    def physical_line(self, reader_line: int) -> int:
        """The physical line where a reader line (a line number of DuckDB's) starts."""
        i = int(np.searchsorted(self.reader_line, reader_line))
        if i < self.reader_line.size and self.reader_line[i] == reader_line:
            return int(self.first_line[i])
        return reader_line  # not a record of this map: the reader's number is all there is


def count_records(path: Path, multiline: np.ndarray | list[bool] | None = None
                  ) -> FileStructure:
    """Map `path`; `multiline[i]` says whether field i (0-based, in file order) may hold a
    line break (none may by default)."""
    allowed = np.asarray(multiline if multiline is not None else [], dtype=bool)
    if path.stat().st_size == 0:
        return FileStructure(0)
    with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        data = np.frombuffer(mm, dtype=np.uint8)
        try:
            structure = _structure(data, allowed)
            nul = mm.find(b"\x00")
            if nul >= 0:
                structure = replace(structure, nul_line=int(np.count_nonzero(
                    data[:nul] == LF)) + 1)
            return structure
        finally:
            del data  # release the buffer before the map closes


class _Quoting:
    """Whether a position lies inside a quoted value, from the runs of quote characters.

    A run of quotes changes the state only if its length is odd (doubled quotes are
    literal). An odd run at the start of a field toggles it: it opens a value, or closes
    one whose text ends in a comma or line break (`"a,"`). An odd run anywhere else leaves
    the state outside: it closes a quoted value, or is an ordinary character of an
    unquoted one. So the state after a run is the parity of field-start runs since the
    last other odd run.
    """

    def __init__(self, data: np.ndarray):
        quotes = np.flatnonzero(data == QUOTE)
        if quotes.size == 0:
            self.starts = quotes
            self.inside_after = np.zeros(0, dtype=bool)
            return
        first = np.concatenate(([True], np.diff(quotes) > 1))
        starts = quotes[first]
        lengths = np.diff(np.concatenate((np.flatnonzero(first), [quotes.size])))
        odd = lengths % 2 == 1
        at_field_start = (starts == 0) | np.isin(data[np.maximum(starts - 1, 0)], FIELD_START)
        if data[:len(BOM_UTF8)].tobytes() == BOM_UTF8:
            at_field_start |= starts == len(BOM_UTF8)
        toggles = odd & at_field_start
        resets = odd & ~at_field_start
        toggled = np.cumsum(toggles)
        index = np.arange(starts.size)
        last_reset = np.maximum.accumulate(np.where(resets, index, -1))
        since_reset = toggled - np.where(last_reset >= 0, toggled[np.maximum(last_reset, 0)], 0)
        self.starts = starts
        self.inside_after = (since_reset % 2 == 1) & ~resets

    def inside(self, positions: np.ndarray) -> np.ndarray:
        run = np.searchsorted(self.starts, positions, side="right") - 1
        return (run >= 0) & self.inside_after[np.maximum(run, 0)] if self.starts.size \
            else np.zeros(positions.size, dtype=bool)

    @property
    def unclosed(self) -> bool:
        return bool(self.inside_after.size and self.inside_after[-1])


def _is_blank(data: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Lines [start, end) that are empty or a lone carriage return."""
    length = ends - starts
    return (length == 0) | ((length == 1) & (data[np.minimum(starts, data.size - 1)] == CR))


def _spans(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """starts[i], starts[i] + 1, ..., starts[i] + counts[i] - 1 for every i, concatenated
    (line numbers of line ranges)."""
    offsets = np.repeat(np.cumsum(counts) - counts, counts)
    return np.repeat(starts, counts) + np.arange(int(counts.sum())) - offsets


def _structure(data: np.ndarray, allowed: np.ndarray) -> FileStructure:
    n = data.size
    quoting = _Quoting(data)
    newlines = np.flatnonzero(data == LF)
    inside = quoting.inside(newlines)
    ends = newlines[~inside]                            # reader lines end here ...
    starts = np.concatenate(([0], ends + 1))            # ... and start here
    ends = np.concatenate((ends, [n]))
    if starts[-1] >= n or not np.any((data[starts[-1]:] != LF) & (data[starts[-1]:] != CR)):
        starts, ends = starts[:-1], ends[:-1]           # nothing after the last line break
    blank = _is_blank(data, starts, ends)
    records = int(np.count_nonzero(~blank))
    blank_lines = tuple((np.flatnonzero(blank) + 1).tolist())

    unclosed_line, unclosed_lines, tail_start = None, 0, n
    if quoting.unclosed:
        # The last reader line runs inside a quoted value to the end of the file. On its
        # own line it is one malformed record; over several it has swallowed the records
        # after it (the caller refuses the file).
        tail_start = int(starts[-1])
        lines = int(np.count_nonzero(newlines >= tail_start)) + int(data[-1] != LF)
        if lines > 1:
            unclosed_line = int(np.count_nonzero(newlines < tail_start)) + 1
            unclosed_lines = lines

    # Line breaks inside quotes, except in a never-closed last value: which field are they
    # in, and may that field hold one?
    joins = newlines[inside & (newlines < tail_start)]
    reader_index = np.searchsorted(ends, joins)         # 0 is the header
    split_index = np.zeros(0, dtype=np.int64)
    split_field = np.zeros(0, dtype=np.int64)
    if joins.size:
        fields = _field_index(data, quoting, starts, reader_index, joins)
        forbidden = fields >= allowed.size
        forbidden[~forbidden] = ~allowed[fields[~forbidden]]
        split_index, first = np.unique(reader_index[forbidden], return_index=True)
        split_field = fields[forbidden][first]
        split_index, split_field = split_index[split_index > 0], split_field[split_index > 0]

    # Physical line numbers: 1 + the line breaks before a position.
    if inside.any():
        first_line = np.searchsorted(newlines, starts) + 1
        last_line = np.searchsorted(newlines, ends) + 1
    else:
        first_line = last_line = np.arange(1, starts.size + 1)
    split = np.zeros(starts.size, dtype=bool)
    split[split_index] = True
    split_lines, per_split = _split_lines(data, newlines, first_line[split_index],
                                          last_line[split_index], split_field)

    # Per data record of the reader: records it stands for (1, or its non-blank physical
    # lines when split), and so the `_source_row` a loaded one gets.
    data_rows = np.flatnonzero(~blank)
    data_rows = data_rows[data_rows > 0]
    stands_for = np.ones(starts.size, dtype=np.int64)
    stands_for[split_index] = per_split
    counts = stands_for[data_rows]
    source_row = np.cumsum(counts) - counts + 1
    return FileStructure(records, blank_lines, unclosed_line, unclosed_lines,
                         reader_line=data_rows + 1, first_line=first_line[data_rows],
                         source_row=source_row, split=split[data_rows],
                         split_lines=split_lines)


def _ranges(n: int, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """A mask of n bytes, True in the disjoint ranges [starts[i], ends[i])."""
    marks = np.zeros(n + 1, dtype=np.int8)
    marks[starts] += 1
    marks[ends] -= 1
    return np.cumsum(marks[:-1], dtype=np.int8).astype(bool)


def _field_index(data: np.ndarray, quoting: _Quoting, starts: np.ndarray,
                 reader_index: np.ndarray, joins: np.ndarray) -> np.ndarray:
    """The 0-based field each joining line break lies in: the commas outside quotes between
    the start of its reader line and it. Byte masks, not positions, keep the memory at a
    few bytes per byte of the file however much of it the joined lines cover."""
    inside = np.repeat(np.concatenate(([False], quoting.inside_after)),
                       np.diff(np.concatenate(([0], quoting.starts, [data.size]))))
    counted = (data == COMMA) & ~inside
    line_starts = starts[reader_index]
    bounds = np.unique(np.concatenate((line_starts, joins)))
    before = np.concatenate(([0], np.cumsum(np.add.reduceat(counted, bounds, dtype=np.int64))))
    return (before[np.searchsorted(bounds, joins)]
            - before[np.searchsorted(bounds, line_starts)])


def _split_lines(data: np.ndarray, newlines: np.ndarray, first: np.ndarray,
                 last: np.ndarray, fields: np.ndarray) -> tuple[SplitLines, np.ndarray]:
    """The non-blank physical lines of the split reader lines [first, last], and how many
    each split reader line has."""
    if first.size == 0:
        return _no_split_lines(), np.zeros(0, dtype=np.int64)
    counts = last - first + 1
    line = _spans(first, counts)
    line_start = np.where(line > 1, newlines[np.maximum(line - 2, 0)] + 1, 0)
    line_end = np.where(line - 1 < newlines.size,
                        newlines[np.minimum(line - 1, newlines.size - 1)], data.size)
    keep = ~_is_blank(data, line_start, line_end)
    line, line_start, line_end = line[keep], line_start[keep], line_end[keep]
    group = np.repeat(np.arange(first.size), counts)[keep]
    # One decode for all the lines: each line's bytes and its line break, split again.
    with_break = np.minimum(line_end + 1, data.size)
    text = data[_ranges(data.size, line_start, with_break)].tobytes()
    parts = text.decode("utf-8", "replace").replace("\r\n", "\n").split("\n")[:line.size]
    return (SplitLines(line, first[group], last[group], fields[group], parts),
            np.bincount(group, minlength=first.size))
