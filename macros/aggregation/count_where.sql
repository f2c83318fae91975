{#- The number of rows where the boolean `condition` is true (0 when none). -#}
{% macro count_where(condition) -%}
    sum(case when {{ condition }} then 1 else 0 end)
{%- endmacro %}
