{#-
    True when two numbers differ by more than `tolerance`, or when exactly one
    of them is null; false when both are null or they agree. The tests of these
    macros compare each result with a hand-computed value through it.
-#}
{% macro values_differ(actual, expected, tolerance=0.000001) -%}
    (
        ({{ actual }} is null) <> ({{ expected }} is null)
        or abs({{ to_double(actual) }} - {{ to_double(expected) }}) > {{ tolerance }}
    )
{%- endmacro %}
