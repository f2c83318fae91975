"""The registry's value rules for Python: column types, masking and value ranges.

They are defined once, in the `vars:` of dbt_project.yml (`registry_types`,
`masked_types`, `mask_letter`, `mask_digit`, `value_ranges`), and read here for
`hi validate` and by the macros for staging (`registry_type_pattern`, `yn_to_boolean`,
`normalise_sex_code`, `masked_raw_value`, `value_in_range`), so the two sides apply the
same rule; tests/python/test_value_rules.py runs the same values through both.
"""
from __future__ import annotations

from python_helpers.settings import project_vars

_VARS = project_vars()
REGISTRY_TYPES: dict[str, dict] = _VARS["registry_types"]
MASKED_TYPES = frozenset(_VARS["masked_types"])
VALUE_RANGES: dict[str, dict] = _VARS["value_ranges"]

# text and code have no shape of their own: a column's pattern, accepted values or code
# list say what it may hold.
COLUMN_TYPES = frozenset({"text", "code", *REGISTRY_TYPES})

_MASK = str.maketrans(
    {**{c: _VARS["mask_letter"] for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"},
     **{c: str(_VARS["mask_digit"]) for c in "0123456789"}})


def mask(value: str) -> str:
    """A value's shape without its content: 'cm1 1AA' -> 'AA9 9AA' (every other character,
    white space included, kept)."""
    return value.translate(_MASK)


def type_pattern(type_name: str) -> str | None:
    """The type's pattern in the syntax Python, RE2 and Snowflake share (unanchored; the
    whole value must match), or None for a type without one (flag and sex are words)."""
    rule = REGISTRY_TYPES.get(type_name) or {}
    if "pattern" not in rule:
        return None
    pattern = "(" + "|".join(rule["pattern"]) + ")"
    return pattern.replace("{date}", type_pattern("date")) if "{date}" in pattern else pattern


def type_words(type_name: str) -> list[str]:
    """The words (upper case) a flag or sex value may be, in the registry's order."""
    rule = REGISTRY_TYPES[type_name]
    if "words" in rule:
        return [str(w) for w in rule["words"]]
    return [str(w) for words in rule.get("codes", {}).values() for w in words]


def type_regex(type_name: str) -> str | None:
    """The Python/RE2 regex a raw value of the type must match (after trimming, and with its
    spaces removed when the type says `without_spaces`), or None for text and code."""
    rule = REGISTRY_TYPES.get(type_name)
    if rule is None:
        return None
    if "pattern" in rule:
        body, case_insensitive = type_pattern(type_name), bool(rule.get("upper"))
    else:
        body = "(" + "|".join(w.replace(" ", "[ ]") for w in type_words(type_name)) + ")"
        case_insensitive = True
    return ("(?i)" if case_insensitive else "") + f"^{body}$"


def without_spaces(type_name: str) -> bool:
    return bool((REGISTRY_TYPES.get(type_name) or {}).get("without_spaces"))


def expects(type_name: str) -> str:
    return REGISTRY_TYPES[type_name]["expects"]


def value_range(name: str) -> tuple[float | None, float | None]:
    bounds = VALUE_RANGES[name]
    return bounds.get("min"), bounds.get("max")
