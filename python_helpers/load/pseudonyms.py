"""Refuse a feed whose pseudonym column holds a real NHS number.

A pseudonym is never a 10-digit number that passes the NHS number Modulus 11 check; if one
is, the extract was not pseudonymised and must not be landed. SQL narrows each pseudonym
column to the few values that are 10 digits once spaces are removed; the `nhs-number`
library then runs the Modulus 11 check on those candidates only.
"""
from __future__ import annotations

from collections.abc import Callable

import duckdb
import nhs_number

from python_helpers.load.errors import FeedError
from python_helpers.load.header import Header
from python_helpers.load.quarantine import HEADER_LINES
from python_helpers.registry import Feed

BATCH = 10_000


def passes_modulus_11(digits: str) -> bool:
    """The NHS number check digit test on a string of exactly 10 digits.

    The library's Modulus 11 calculation, not `nhs_number.is_valid`, which also rejects
    numbers in the Scottish CHI range whose first six digits are not a date: any 10-digit
    value with a valid check digit is refused, which errs on the side of privacy.
    """
    return nhs_number.calculate_checksum(digits[:9]) == int(digits[9])


def refuse_nhs_numbers(con: duckdb.DuckDBPyConnection, rows: str, feed: Feed,
                       header: Header,
                       line_of: Callable[[int], int] = lambda row: row + HEADER_LINES
                       ) -> None:
    """FeedError at the first pseudonym value that passes the Modulus 11 check.

    `rows` is a relation with the raw-table columns and `_source_row`; `line_of` gives the
    file line of a `_source_row` (row n is on line n + 1 unless blank lines come before).
    """
    for column in feed.pseudonym_columns:
        digits = f"""replace("{column.name}", ' ', '')"""
        cursor = con.execute(f"""
            select _source_row, {digits}
            from {rows}
            where regexp_full_match({digits}, '[0-9]{{10}}')
            order by _source_row
        """)
        while batch := cursor.fetchmany(BATCH):
            for source_row, value in batch:
                if passes_modulus_11(value):
                    file_header = next(f.header for f in header.fields
                                       if f.column is not None and f.column.name == column.name)
                    raise FeedError(
                        feed.file,
                        "value passes the NHS number Modulus 11 check: the extract is not "
                        "pseudonymised; the spec expects a pseudonym, never an NHS number; "
                        "refusing this feed",
                        line=line_of(source_row), column=file_header)
