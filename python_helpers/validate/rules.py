"""The checks of `hi validate`, derived from the feed registry and nothing else.

Every check is one Great Expectations expectation on a feed's raw DataFrame (values
trimmed, '' read as null). A column's registry `type` gives a shape regex, its
constraints give not-null, unique, range, accepted-values and code-list checks. There
are no per-feed literals here: a new feed or column in the sources YAML is validated
without touching this module.

The regexes are written for both Python `re` and RE2 (pandas runs `str.contains` on
Arrow-backed strings through RE2): no look-arounds, no `\\d` (RE2 and `re` disagree on
non-ASCII digits), `(?i)` for case-insensitive words,
non-capturing groups (pandas warns about capturing groups in `str.contains`).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import great_expectations.expectations as gxe

from python_helpers.registry import Column, Feed

# dd/mm/yyyy that exists in the calendar, years 1800-2199: 31 only in long months,
# 29/02 only in leap years (2000 is one, 1800, 1900 and 2100 are not).
_YEAR = "(?:1[89]|2[01])[0-9]{2}"
_LEAP_YEAR = "(?:(?:1[89]|2[01])(?:0[48]|[2468][048]|[13579][26])|2000)"
_DATE = (
    "(?:"
    f"(?:0[1-9]|1[0-9]|2[0-8])/(?:0[1-9]|1[0-2])/{_YEAR}"
    f"|(?:29|30)/(?:0[13-9]|1[0-2])/{_YEAR}"
    f"|31/(?:0[13578]|1[02])/{_YEAR}"
    f"|29/02/{_LEAP_YEAR}"
    ")"
)
_TIME = "(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?"

# Spellings staging maps to a value; anything else is reported. Sex follows the NHS Data
# Dictionary codes (1 male, 2 female, 9 indeterminate, X not known, 0 not known in older
# extracts) and the words partners use for them.
FLAG_WORDS = ("Y", "N", "Yes", "No", "True", "False", "1", "0")
SEX_WORDS = ("M", "F", "Male", "Female", "1", "2", "0", "9", "X", "U", "I", "Unknown",
             "Not known", "Not specified", "Indeterminate")


def _words(words: tuple[str, ...]) -> str:
    return "(?i)^(?:" + "|".join(w.replace(" ", "[ ]") for w in words) + ")$"


# type -> (regex, label for the report). text and code have no shape of their own.
TYPE_SHAPES: dict[str, tuple[str, str]] = {
    "date": (f"^{_DATE}$", "a real date dd/mm/yyyy"),
    "datetime": (f"^{_DATE} {_TIME}$", "a real date-time dd/mm/yyyy hh:mm[:ss]"),
    "integer": ("^[+-]?[0-9]+$", "a whole number"),
    "decimal": (r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$", "a number"),
    "flag": (_words(FLAG_WORDS), "a Y/N flag (" + "/".join(FLAG_WORDS) + ")"),
    "sex": (_words(SEX_WORDS), "a sex or gender code (" + "/".join(SEX_WORDS) + ")"),
    # Full postcode, any case, space optional (staging normalises it).
    "postcode": ("(?i)^[A-Z]{1,2}[0-9][A-Z0-9]?[ ]*[0-9][A-Z]{2}$", "a full UK postcode"),
    # The keyed pseudonym: SHA-256 hex; case is normalised in staging.
    "pseudonym": ("^[0-9A-Fa-f]{64}$", "a 64-character hex pseudonym"),
}

# Types whose offending values are masked in the report: a bad pseudonym may be a real
# NHS number, a postcode is a quasi-identifier. The report shows their shape only.
MASKED_TYPES = frozenset({"pseudonym", "postcode"})

NUMBER_SUFFIX = "__as_number"


def number_column(column: Column) -> str:
    """Name of the derived numeric column a range check runs on."""
    return column.name + NUMBER_SUFFIX


def needs_number(column: Column) -> bool:
    return column.type in ("integer", "decimal") and (
        column.min is not None or column.max is not None)


@lru_cache(maxsize=None)
def code_lists(project_dir: str) -> dict[str, frozenset[str]]:
    """Code lists by name: each code_type of nhs_data_dictionary_codes.csv, and each other
    seeds/reference CSV by its file stem (codes in its first column). Where both exist
    (ethnic_category) the union is the list: the seed keeps codes the Data Dictionary
    retired, such as X, that older extracts still carry."""
    seeds = Path(project_dir) / "seeds" / "reference"
    lists: dict[str, set[str]] = {}
    with open(seeds / "nhs_data_dictionary_codes.csv", encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            lists.setdefault(row["code_type"], set()).add(row["code"].strip())
    for path in sorted(seeds.glob("*.csv")):
        if path.name == "nhs_data_dictionary_codes.csv":
            continue
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f)
            next(reader, None)
            lists.setdefault(path.stem, set()).update(r[0].strip() for r in reader if r)
    return {name: frozenset(codes) for name, codes in lists.items()}


@dataclass(frozen=True)
class Check:
    """One expectation with what the report needs to say about it."""
    expectation: gxe.Expectation
    column: str | None       # registry column name (None: a table-level check)
    header: str | None       # verbatim header
    label: str               # what the spec expects, in words
    masked: bool = False


def _meta(check_id: str, column: Column | None) -> dict:
    return {"check_id": check_id, "column": column.name if column else None}


def column_checks(column: Column, lists: dict[str, frozenset[str]], feed: Feed) -> list[Check]:
    """The expectations one registry column implies."""
    checks: list[Check] = []
    masked = column.type in MASKED_TYPES

    def add(kind: str, expectation_cls, label: str, **kwargs) -> None:
        check_id = f"{column.name}:{kind}"
        checks.append(Check(
            expectation=expectation_cls(column=kwargs.pop("column", column.name),
                                        meta=_meta(check_id, column), **kwargs),
            column=column.name, header=column.header, label=label, masked=masked))

    if column.not_null:
        add("not_null", gxe.ExpectColumnValuesToNotBeNull, "a value in every row")
    if column.unique:
        add("unique", gxe.ExpectColumnValuesToBeUnique, "no value repeated")
    if column.type in TYPE_SHAPES:
        regex, label = TYPE_SHAPES[column.type]
        add("type", gxe.ExpectColumnValuesToMatchRegex, label, regex=regex)
    if column.pattern:
        add("pattern", gxe.ExpectColumnValuesToMatchRegex,
            f"the pattern {column.pattern}", regex=column.pattern)
    if needs_number(column):
        low = "" if column.min is None else f"{column.min:g}"
        high = "" if column.max is None else f"{column.max:g}"
        add("range", gxe.ExpectColumnValuesToBeBetween,
            f"between {low or '-inf'} and {high or 'inf'}", column=number_column(column),
            min_value=column.min, max_value=column.max)
    if column.accepted_values:
        add("accepted_values", gxe.ExpectColumnValuesToBeInSet,
            "one of " + ", ".join(column.accepted_values),
            value_set=list(column.accepted_values))
    if column.code_list:
        codes = lists.get(column.code_list)
        if codes is None:
            raise KeyError(f"{feed.file}, column {column.header!r}: code list "
                           f"{column.code_list!r} is in no seeds/reference CSV")
        add("code_list", gxe.ExpectColumnValuesToBeInSet,
            f"a code of {column.code_list} ({len(codes)} codes)", value_set=sorted(codes))
    return checks


def feed_checks(feed: Feed, present: set[str], lists: dict[str, frozenset[str]]) -> list[Check]:
    """All expectations for a feed whose file has the registry columns in `present`.

    The column-set check expects every registry column plus the derived numeric ones,
    so GX reports missing registry columns and any extra column the file carries."""
    expected = [c.name for c in feed.columns]
    expected += [number_column(c) for c in feed.columns if needs_number(c) and c.name in present]
    checks = [
        Check(gxe.ExpectTableColumnsToMatchSet(column_set=expected, exact_match=True,
                                               meta=_meta("table:columns", None)),
              None, None, "exactly the registry's columns"),
        Check(gxe.ExpectTableRowCountToBeBetween(min_value=1, meta=_meta("table:rows", None)),
              None, None, "at least one row"),
    ]
    for column in feed.columns:
        if column.name in present:
            checks += column_checks(column, lists, feed)
    return checks
