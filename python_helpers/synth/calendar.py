"""Dates as integer days since 1970-01-01 and date-times as integer minutes, vectorised.

Formatting goes through lookup tables (one string per day, one per minute of the day), so a
column of 400,000 date-times is formatted by indexing, not by a loop.
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache

import numpy as np

EPOCH = date(1970, 1, 1)
MINUTES_PER_DAY = 1440
_TABLE_START = date(1880, 1, 1)
_TABLE_END = date(2040, 12, 31)


def day(d: date) -> int:
    return (d - EPOCH).days


def ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    d = np.asarray(days, dtype="int64").astype("datetime64[D]")
    months = d.astype("datetime64[M]")
    year = months.astype("datetime64[Y]").astype("int64") + 1970
    month = months.astype("int64") % 12 + 1
    dom = (d - months.astype("datetime64[D]")).astype("int64") + 1
    return year, month, dom


def from_ymd(year: np.ndarray, month: np.ndarray, dom: np.ndarray) -> np.ndarray:
    """Days of (year, month, day); the day must exist in that month."""
    months = (np.asarray(year) - 1970) * 12 + np.asarray(month) - 1
    first = months.astype("datetime64[M]").astype("datetime64[D]").astype("int64")
    return first + np.asarray(dom) - 1


def add_years(days: np.ndarray, years: np.ndarray | int) -> np.ndarray:
    """The same day and month `years` later (callers never pass 29 February)."""
    y, m, d = ymd(days)
    return from_ymd(y + years, m, d)


def age_on(dob: np.ndarray, on: np.ndarray) -> np.ndarray:
    """Completed years of age on a day."""
    by, bm, bd = ymd(dob)
    ey, em, ed = ymd(on)
    return ey - by - ((em * 32 + ed) < (bm * 32 + bd)).astype("int64")


def financial_year_bounds(on: int) -> tuple[int, int]:
    """First and last day of the April-March financial year containing a day."""
    y, m, _ = ymd(np.array([on]))
    start = int(y[0]) if m[0] >= 4 else int(y[0]) - 1
    return day(date(start, 4, 1)), day(date(start + 1, 3, 31))


def financial_year(days: np.ndarray) -> np.ndarray:
    """'yy/yy' of the April-March financial year of each day."""
    y, m, _ = ymd(days)
    start = np.where(m >= 4, y, y - 1)
    table = np.array([f"{s % 100:02d}/{(s + 1) % 100:02d}" for s in range(1900, 2100)], dtype=object)
    return table[start - 1900]


@lru_cache(maxsize=1)
def _date_table() -> tuple[int, np.ndarray]:
    first = day(_TABLE_START)
    n = (_TABLE_END - _TABLE_START).days + 1
    iso = np.datetime_as_string(np.arange(first, first + n).astype("datetime64[D]"))
    return first, np.array([f"{s[8:10]}/{s[5:7]}/{s[0:4]}" for s in iso], dtype=object)


@lru_cache(maxsize=1)
def _time_table() -> np.ndarray:
    return np.array([f" {m // 60:02d}:{m % 60:02d}" for m in range(MINUTES_PER_DAY)], dtype=object)


def fmt_date(days: np.ndarray, blank: np.ndarray | None = None) -> np.ndarray:
    """dd/mm/yyyy strings; '' where `blank` is true."""
    first, table = _date_table()
    days = np.asarray(days, dtype="int64")
    out = table[np.clip(days - first, 0, len(table) - 1)]
    if blank is not None:
        out = np.where(blank, "", out).astype(object)
    return out


def fmt_time(minutes: np.ndarray) -> np.ndarray:
    """' hh:mm' (with the leading space that separates it from the date)."""
    return _time_table()[np.asarray(minutes, dtype="int64") % MINUTES_PER_DAY]


def fmt_datetime(minutes: np.ndarray, blank: np.ndarray | None = None) -> np.ndarray:
    """dd/mm/yyyy hh:mm strings; '' where `blank` is true."""
    minutes = np.asarray(minutes, dtype="int64")
    out = fmt_date(minutes // MINUTES_PER_DAY) + fmt_time(minutes)
    if blank is not None:
        out = np.where(blank, "", out).astype(object)
    return out


def fmt_int(values: np.ndarray, blank: np.ndarray | None = None) -> np.ndarray:
    out = np.asarray(values, dtype="int64").astype(str).astype(object)
    if blank is not None:
        out = np.where(blank, "", out).astype(object)
    return out


def fmt_money(values: np.ndarray, blank: np.ndarray | None = None) -> np.ndarray:
    """Two decimals, e.g. 312.50."""
    out = np.char.mod("%.2f", np.asarray(values, dtype="float64")).astype(object)
    if blank is not None:
        out = np.where(blank, "", out).astype(object)
    return out
