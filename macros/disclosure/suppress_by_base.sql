{#-
    `value_expr` (a mean, median, rate, percentage or ratio), or null when any of
    its bases (`base_expr`: one expression or a list) is a small count, from 1
    to the disclosure threshold. A base of 0 or null does not suppress: such a
    value is normally null already, and there is no small count to protect.
-#}
{% macro suppress_by_base(value_expr, base_expr) -%}
    {%- set bases = [base_expr] if base_expr is string else base_expr -%}
    {%- if bases | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            "suppress_by_base needs at least one base expression for " ~ value_expr) }}
    {%- endif -%}
    case
        when {% for base in bases -%}
            {{ is_small_count(base) }}{% if not loop.last %} or {% endif %}
        {%- endfor %} then null
        else {{ value_expr }}
    end
{%- endmacro %}
