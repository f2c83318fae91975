{#-
    A 95% confidence limit of a ratio by the log method: exp(ln(ratio) -/+ z *
    se_log) = ratio * exp(-/+ z * se_log), where `se_log` is the standard error
    of ln(ratio). `sign` is '-' for the lower limit, '+' for the upper. Null
    when either input is null. Shared by risk_ratio and rate_ratio.
-#}
{% macro log_ratio_limit(ratio_expr, se_log_expr, sign) -%}
    {%- if sign not in ['-', '+'] -%}
        {{ exceptions.raise_compiler_error(
            "log_ratio_limit: sign must be '-' or '+', got '" ~ sign ~ "'") }}
    {%- endif -%}
    ({{ ratio_expr }}) * exp({{ sign }}{{ z_95() }} * ({{ se_log_expr }}))
{%- endmacro %}
