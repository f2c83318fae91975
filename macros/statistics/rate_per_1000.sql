{#-
    Crude rate per 1,000: 1000 * numerator / denominator, as a double; null when
    the denominator is 0 or null. The mart that calls it must say which
    population the denominator is and of which year (for example the IoD2019
    mid-2015 LSOA population in seeds/reference/population_mid2015_lsoa11.csv).
-#}
{% macro rate_per_1000(numerator, denominator) -%}
    1000.0 * {{ to_double(numerator) }} / nullif({{ to_double(denominator) }}, 0)
{%- endmacro %}
