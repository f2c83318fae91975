{#-
    Percentage 100 * numerator / denominator computed from the published counts
    (each through suppress_small_count), so it can be recomputed from, and
    reveals nothing beyond, the published figures. Null when either count is
    suppressed, when the published denominator is 0, or when either is null.
    Pass raw counts or already published ones: the result is the same.
-#}
{% macro pct_of_rounded(numerator, denominator) -%}
    100.0 * {{ to_double(suppress_small_count(numerator)) }}
        / nullif({{ to_double(suppress_small_count(denominator)) }}, 0)
{%- endmacro %}
