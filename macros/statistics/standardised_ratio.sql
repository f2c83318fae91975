{#-
    An indirectly standardised ratio SR = O / E, observed over expected events
    (or people), with its 95% confidence limits the way PHE computes them for
    standardised ratios (PHE Fingertips technical guidance, "Confidence
    intervals"; PHEindicatormethods::phe_isr): the Poisson limits of the
    observed count (poisson_count_lower/upper: exact below 10, Byar's method
    from 10) divided by the expected count, which is taken as known exactly.
    Null when E is 0, negative or null, or O is negative or null. The three
    share this file.
-#}
{% macro standardised_ratio(observed, expected) -%}
    case when {{ observed }} >= 0 then
        {{ to_double(observed) }} / nullif(
            case when {{ expected }} > 0 then {{ to_double(expected) }} end, 0)
    end
{%- endmacro %}

{% macro standardised_ratio_ci_lower(observed, expected) -%}
    {{ poisson_count_lower(observed) }} / case
        when {{ expected }} > 0 then {{ to_double(expected) }} end
{%- endmacro %}

{% macro standardised_ratio_ci_upper(observed, expected) -%}
    {{ poisson_count_upper(observed) }} / case
        when {{ expected }} > 0 then {{ to_double(expected) }} end
{%- endmacro %}
