{#-
    95% confidence limits of a crude rate per 1,000 (rate_per_1000): the
    Poisson limits of the numerator count (poisson_count_lower/upper: Byar's
    method from 10 events, exact below) times 1000 / denominator, the method of
    PHE's phe_rate. The denominator (a population) is taken as known exactly.
    Null when the denominator is 0 or null.
-#}
{% macro rate_per_1000_ci_lower(numerator, denominator) -%}
    1000.0 * {{ poisson_count_lower(numerator) }}
        / nullif({{ to_double(denominator) }}, 0)
{%- endmacro %}

{% macro rate_per_1000_ci_upper(numerator, denominator) -%}
    1000.0 * {{ poisson_count_upper(numerator) }}
        / nullif({{ to_double(denominator) }}, 0)
{%- endmacro %}
