"""The checks of `hi validate`, derived from the feed registry and nothing else.

Every check is one Great Expectations expectation on a feed's raw DataFrame (values
trimmed, '' read as null). A column's registry `type` gives a shape regex, its
constraints give not-null, unique, range, accepted-values and code-list checks. There
are no per-feed literals here: a new feed or column in the sources YAML is validated
without touching this module.

The type shapes are the registry's type rules (`registry_types` in dbt_project.yml,
read through `python_helpers.value_rules`), the same the staging models apply. Their
regexes run in Python `re` and in RE2 (pandas runs `str.contains` on Arrow-backed strings
through RE2); a type compared without spaces (postcode) is checked on a derived column
with its spaces removed, as staging compares it.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import great_expectations.expectations as gxe

from python_helpers.registry import Column, Feed
from python_helpers.value_rules import (MASKED_TYPES, REGISTRY_TYPES, expects, type_regex,
                                        without_spaces)

# type -> (regex, label for the report), from the registry's type rules (dbt_project.yml
# vars: python_helpers.value_rules). text and code have no shape of their own.
TYPE_SHAPES: dict[str, tuple[str, str]] = {
    name: (type_regex(name), expects(name)) for name in REGISTRY_TYPES}

NUMBER_SUFFIX = "__as_number"
SPACELESS_SUFFIX = "__without_spaces"


def number_column(column: Column) -> str:
    """Name of the derived numeric column a range check runs on."""
    return column.name + NUMBER_SUFFIX


def needs_number(column: Column) -> bool:
    return column.type in ("integer", "decimal") and (
        column.min is not None or column.max is not None)


def shape_column(column: Column) -> str:
    """The column a type's shape check runs on: the raw column, or a derived one without
    spaces for a type compared without them (postcode)."""
    return column.name + SPACELESS_SUFFIX if without_spaces(column.type) else column.name


def derived_columns(column: Column) -> list[str]:
    """Columns `hi validate` adds to the frame for the checks of `column`."""
    derived = [number_column(column)] if needs_number(column) else []
    return derived + ([shape_column(column)] if shape_column(column) != column.name else [])


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
        add("type", gxe.ExpectColumnValuesToMatchRegex, label, regex=regex,
            column=shape_column(column))
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

    The column-set check expects every registry column plus the derived ones,
    so GX reports missing registry columns and any extra column the file carries."""
    expected = [c.name for c in feed.columns]
    expected += [d for c in feed.columns if c.name in present for d in derived_columns(c)]
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
