"""The registry's value rules are defined once (the vars of dbt_project.yml) and the
Python side (`hi validate`, the report's mask) and the SQL side (the staging casts, rule
checks and `masked_raw_value`) agree on every value: the same strings are run through
both, the SQL through dbt on a scratch DuckDB."""
from __future__ import annotations

import json
import re

import pytest

from python_helpers.build import dbt_env, run_dbt
from python_helpers.registry import load_registry
from python_helpers.value_rules import (MASKED_TYPES, REGISTRY_TYPES, mask, type_regex,
                                        value_range, without_spaces)

# Values near every edge of the types: real and impossible dates, leap years, times,
# signs and digit counts, flag and sex words in any case, postcodes with odd spacing,
# pseudonyms of the wrong length or with non-hex letters, non-ASCII letters.
SAMPLES = [
    "01/01/2022", "31/01/2022", "31/04/2022", "29/02/2024", "29/02/2023", "29/02/2000",
    "29/02/1900", "30/02/2020", "00/01/2020", "1/2/2021", "01/13/2020", "2022-03-31",
    "31/12/1799", "01/01/1800", "31/12/2199", "01/01/2200", "15/06/2021 23:59",
    "15/06/2021 24:00", "15/06/2021 12:60", "15/06/2021 09:05:59", "15/06/2021 09:05:60",
    "15/06/2021 9:05", "29/02/2023 10:00", "12", "-3", "+7", "0", "007", "12.5", ".25",
    "-.5", "3.", "1,200", "£12", "1e3", "123456789012345678", "1234567890123456789",
    "123456789012345.5", "1234567890123456.5", "y", "Yes", "TRUE", "no", "False", "maybe",
    "m", "Female", "not known", "Not Specified", "NOT  KNOWN", "indeterminate", "u", "x",
    "cm1 1aa", "CM11AA", "SS14  3AB", "C M1 1AA", "EC1A 1BB", "W1A 0AX", "CM1 1A",
    "CMM1 1AA", "1M1 1AA", "A" * 64, "a" * 64, "0123456789abcdefABCDEF" * 2 + "0" * 20,
    "G" * 64, "A" * 63, "A" * 65, "café", "straße", "Ünïcode 12", "'quoted'", " spaced ",
]


def _sql_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@pytest.fixture(scope="module")
def sql_verdicts(tmp_path_factory) -> dict[str, dict]:
    """Per sample: each type's verdict in SQL (the staging cast or check succeeds), and
    the masked value, from one `dbt show` on a scratch DuckDB."""
    tmp = tmp_path_factory.mktemp("value_rules")
    values = ", ".join(f"({i}, {_sql_literal(v)})" for i, v in enumerate(SAMPLES))
    checks = {
        "date": "{{ to_date_ddmmyyyy('v') }} is not null",
        "datetime": "{{ to_timestamp_ddmmyyyy('v') }} is not null",
        "integer": "{{ to_integer('v') }} is not null",
        "decimal": "{{ to_decimal('v', 2) }} is not null",
        "flag": "{{ yn_to_boolean('v') }} is not null",
        # a blank counts as recognised (unknown), but no sample is blank
        "sex": "{{ is_recognised_sex('v') }}",
        "postcode": "{{ normalise_postcode('v') }} is not null",
        "pseudonym": "{{ regex_full_match(normalise_pseudonym('v'), "
                     "registry_type_pattern('pseudonym')) }}",
    }
    columns = ",\n".join(f"coalesce({sql}, false) as {name}" for name, sql in checks.items())
    sql = (f"select i, {columns},\n{{{{ masked_raw_value('v', true) }}}} as masked\n"
           f"from (values {values}) as samples (i, v)")
    result = run_dbt(["show", "--inline", sql, "--output", "json", "--limit", "1000",
                      "--log-path", str(tmp / "logs")],
                     db_path=tmp / "scratch.duckdb", target_path=tmp / "target",
                     env=dbt_env(tmp / "scratch.duckdb"), capture=True)
    assert result.returncode == 0, result.stdout[-4000:]
    start = re.search(r"^\{", result.stdout, re.MULTILINE).start()
    rows = json.JSONDecoder().raw_decode(result.stdout[start:])[0]["show"]
    assert len(rows) == len(SAMPLES)
    return {SAMPLES[row["i"]]: row for row in rows}


def _python_verdict(type_name: str, value: str) -> bool:
    """As `hi validate` checks it: trimmed, spaces removed where the type says so."""
    text = value.strip()
    if without_spaces(type_name):
        text = text.replace(" ", "")
    return re.search(type_regex(type_name), text) is not None


@pytest.mark.parametrize("type_name", sorted(REGISTRY_TYPES))
def test_python_and_sql_accept_the_same_values(sql_verdicts, type_name):
    disagree = {value: (_python_verdict(type_name, value), sql_verdicts[value][type_name])
                for value in SAMPLES
                if _python_verdict(type_name, value) != sql_verdicts[value][type_name]}
    assert not disagree, f"{type_name}: value -> (python, sql): {disagree}"
    # the samples reach both sides of each type's rule
    assert {sql_verdicts[v][type_name] for v in SAMPLES} == {True, False}


def test_python_and_sql_mask_the_same_way(sql_verdicts):
    disagree = {v: (mask(v), sql_verdicts[v]["masked"]) for v in SAMPLES
                if mask(v) != sql_verdicts[v]["masked"]}
    assert not disagree, f"value -> (python, sql): {disagree}"
    assert mask("cm1 1AA") == "AA9 9AA"
    assert mask("straße") == "AAAAßA"  # only A-Z, a-z and 0-9 are replaced


def test_masked_types_are_the_identifying_types_of_the_registry():
    assert MASKED_TYPES == {"pseudonym", "postcode"}
    assert MASKED_TYPES <= set(REGISTRY_TYPES)


def test_registry_ages_use_the_one_named_range():
    low, high = value_range("age_years")
    ages = [c for feed in load_registry() for c in feed.columns
            if c.type == "integer" and "age" in c.name.split("_")]
    assert len(ages) == 5
    assert {(c.min, c.max) for c in ages} == {(low, high)} == {(0, 120)}
