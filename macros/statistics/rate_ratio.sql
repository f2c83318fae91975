{#-
    Ratio of two rates RR = (a / p1) / (b / p2): `a` events (or people) in
    population `p1` over `b` in `p2`, with its 95% confidence interval by the
    log method for Poisson counts (Rothman & Greenland, Modern Epidemiology):

        se(ln RR) = sqrt(1/a + 1/b),  RR * exp(-/+ z se)

    The populations are taken as known and the counts as independent. RR is
    null when p1, p2 or b is 0 (or null); RR is 0 when a is 0, but its limits
    are null when a or b is 0.
-#}
{% macro rate_ratio(a, p1, b, p2) -%}
    case
        when {{ a }} >= 0 and {{ b }} >= 0 then
            ({{ to_double(a) }} / nullif({{ to_double(p1) }}, 0))
            / nullif({{ to_double(b) }} / nullif({{ to_double(p2) }}, 0), 0)
    end
{%- endmacro %}

{% macro rate_ratio_se_log(a, b) -%}
    case
        when {{ a }} > 0 and {{ b }} > 0
            then sqrt(1 / {{ to_double(a) }} + 1 / {{ to_double(b) }})
    end
{%- endmacro %}

{% macro rate_ratio_ci_lower(a, p1, b, p2) -%}
    {{ log_ratio_limit(rate_ratio(a, p1, b, p2), rate_ratio_se_log(a, b), '-') }}
{%- endmacro %}

{% macro rate_ratio_ci_upper(a, p1, b, p2) -%}
    {{ log_ratio_limit(rate_ratio(a, p1, b, p2), rate_ratio_se_log(a, b), '+') }}
{%- endmacro %}
