{#-
    Ratio of two proportions (risk ratio) RR = (a / n1) / (b / n2), for example
    a category's proportion over the reference category's, with its 95%
    confidence interval by the log method of Katz et al. (1978):

        se(ln RR) = sqrt(1/a - 1/n1 + 1/b - 1/n2),  RR * exp(-/+ z se)

    The groups are taken as independent. RR is null when n1, n2 or b is 0 (or
    null); RR is 0 when a is 0, but its limits are null when a or b is 0 (the
    log method is undefined there). Inputs with a > n1 or b > n2 give null.
-#}
{% macro risk_ratio(a, n1, b, n2) -%}
    case
        when {{ a }} >= 0 and {{ a }} <= {{ n1 }} and {{ b }} <= {{ n2 }} then
            ({{ to_double(a) }} / nullif({{ to_double(n1) }}, 0))
            / nullif({{ to_double(b) }} / nullif({{ to_double(n2) }}, 0), 0)
    end
{%- endmacro %}

{% macro risk_ratio_se_log(a, n1, b, n2) -%}
    case
        when {{ a }} > 0 and {{ b }} > 0 and {{ a }} <= {{ n1 }} and {{ b }} <= {{ n2 }}
            then sqrt(
                1 / {{ to_double(a) }} - 1 / {{ to_double(n1) }}
                + 1 / {{ to_double(b) }} - 1 / {{ to_double(n2) }}
            )
    end
{%- endmacro %}

{% macro risk_ratio_ci_lower(a, n1, b, n2) -%}
    {{ log_ratio_limit(risk_ratio(a, n1, b, n2), risk_ratio_se_log(a, n1, b, n2), '-') }}
{%- endmacro %}

{% macro risk_ratio_ci_upper(a, n1, b, n2) -%}
    {{ log_ratio_limit(risk_ratio(a, n1, b, n2), risk_ratio_se_log(a, n1, b, n2), '+') }}
{%- endmacro %}
