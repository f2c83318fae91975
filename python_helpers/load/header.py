"""Read a drop file's header record and match it to the feed registry.

The header is parsed here, not by DuckDB, because DuckDB trims trailing spaces from header
names and the spec's headers carry some (`Age `). Headers match the registry's verbatim
`header` ignoring case and surrounding white space; every registry column is required, an
unknown extra column is kept under the snake_case of its header.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from python_helpers.load.errors import FeedError
from python_helpers.registry import Column, Feed, header_match_key, snake_case

BOM_UTF8 = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Delimiters a spreadsheet export might use instead of commas, with the words for them.
OTHER_DELIMITERS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}
MAX_HEADER_BYTES = 1 << 20
SHOWN_HEADERS = 12


@dataclass(frozen=True)
class FileColumn:
    index: int                 # position in the file, 0-based
    header: str                # the header as in the file, surrounding white space stripped
    name: str                  # raw-table column name
    column: Column | None      # the registry column, None for an unknown extra column

    @property
    def read_name(self) -> str:
        """The neutral name the reader gives the field (headers may hold any character)."""
        return f"c{self.index}"


@dataclass(frozen=True)
class Header:
    file: str
    has_bom: bool
    fields: tuple[FileColumn, ...]          # in file order

    @property
    def extras(self) -> tuple[FileColumn, ...]:
        return tuple(f for f in self.fields if f.column is None)

    def output_fields(self, feed: Feed) -> list[FileColumn]:
        """Registry columns in registry order, then the extras in file order."""
        by_name = {f.column.name: f for f in self.fields if f.column is not None}
        return [by_name[c.name] for c in feed.columns] + list(self.extras)

    @property
    def multiline(self) -> list[bool]:
        """Per field in file order: may its values hold a line break (registry `multiline`)?"""
        return [f.column is not None and f.column.multiline for f in self.fields]

    def field_header(self, read_name: str) -> str:
        return self.fields[int(read_name[1:])].header


def read_header(path: Path, feed: Feed) -> Header:
    """Parse and match the first line of `path`; FeedError when it cannot be landed."""
    line, has_bom = _first_line(path)
    text = _decode(line, path.name)
    names = _parse(text, ",", path.name)
    fields = _match(names, feed)
    missing = _missing(fields, feed)
    if missing:
        _refuse_other_delimiter(text, feed, fields, path.name)
        raise FeedError(path.name, _missing_problem(missing, names, fields),
                        line=1, column=missing[0].header)
    return Header(file=path.name, has_bom=has_bom, fields=tuple(fields))


def _first_line(path: Path) -> tuple[bytes, bool]:
    with path.open("rb") as f:
        head = f.read(MAX_HEADER_BYTES)
    if not head.strip():
        raise FeedError(path.name, "the file is empty: the spec expects a header line "
                        "naming the columns, then one line per record", line=1)
    if head.startswith(UTF16_BOMS) or b"\x00" in head.split(b"\n", 1)[0]:
        raise FeedError(path.name, "the file is UTF-16 encoded: the spec expects UTF-8 "
                        "(with or without a byte-order mark)", line=1)
    has_bom = head.startswith(BOM_UTF8)
    if has_bom:
        head = head[len(BOM_UTF8):]
    end = head.find(b"\n")
    if end < 0 and len(head) >= MAX_HEADER_BYTES - len(BOM_UTF8):
        raise FeedError(path.name, f"no line break in the first {MAX_HEADER_BYTES:,} bytes: "
                        "the spec expects LF or CRLF line endings", line=1)
    line = head if end < 0 else head[:end]
    return line.rstrip(b"\r"), has_bom


def _decode(line: bytes, file: str) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError as e:
        raise FeedError(file, f"the header holds byte 0x{line[e.start]:02X}, which is not "
                        "UTF-8: the file looks Windows-1252 (ANSI) encoded; the spec "
                        "expects UTF-8, so re-export the file as UTF-8", line=1) from None


def _parse(text: str, delimiter: str, file: str) -> list[str]:
    try:
        return next(csv.reader([text], delimiter=delimiter, strict=True))
    except csv.Error as e:
        raise FeedError(file, f"the header line is not valid CSV ({e}): the spec expects "
                        "comma-separated names on one line, in double quotes where they "
                        "hold a comma", line=1) from None


def _match(names: list[str], feed: Feed) -> list[FileColumn]:
    registry = {c.match_key: c for c in feed.columns}
    taken = {c.name for c in feed.columns}
    seen: dict[str, int] = {}
    fields = []
    for i, raw in enumerate(names):
        key = header_match_key(raw)
        if key in seen:
            raise FeedError(feed.file, f"the header {raw.strip()!r} appears twice (fields "
                            f"{seen[key] + 1} and {i + 1}): the spec expects each column "
                            "once", line=1, column=raw.strip())
        seen[key] = i
        column = registry.get(key)
        if column is not None:
            fields.append(FileColumn(i, raw.strip(), column.name, column))
        else:
            name = _unique(snake_case(raw), taken)
            taken.add(name)
            fields.append(FileColumn(i, raw.strip(), name, None))
    return fields


def _unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name}_{n}"
    return candidate


def _missing(fields: list[FileColumn], feed: Feed) -> list[Column]:
    found = {f.column.name for f in fields if f.column is not None}
    return [c for c in feed.columns if c.name not in found]


def _refuse_other_delimiter(text: str, feed: Feed, fields: list[FileColumn],
                            file: str) -> None:
    """A header that matches better when split on ';', tab or '|' means a wrong delimiter."""
    matched = sum(f.column is not None for f in fields)
    registry = {c.match_key for c in feed.columns}
    for delimiter, words in OTHER_DELIMITERS.items():
        if delimiter not in text:
            continue
        try:
            names = next(csv.reader([text], delimiter=delimiter))
        except csv.Error:
            continue
        if sum(header_match_key(n) in registry for n in names) > matched:
            raise FeedError(file, f"the file is separated by {words} ({delimiter!r}), not "
                            "commas: the spec expects comma-separated values", line=1)


def _missing_problem(missing: list[Column], names: list[str],
                     fields: list[FileColumn]) -> str:
    quoted = ", ".join(repr(c.header) for c in missing)
    what = (f"required column {quoted} is missing" if len(missing) == 1
            else f"required columns {quoted} are missing")
    shown = ", ".join(repr(n.strip()) for n in names[:SHOWN_HEADERS])
    if len(names) > SHOWN_HEADERS:
        shown += f", ... ({len(names)} columns)"
    unknown = [f.header for f in fields if f.column is None]
    not_in_spec = f"; not in the spec: {', '.join(map(repr, unknown))}" if unknown else ""
    return (f"{what} (found: {shown}{not_in_spec}); headers are matched to the spec "
            "ignoring case and surrounding spaces")
