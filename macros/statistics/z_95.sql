{#-
    The standard normal quantile for a two-sided 95% interval, z(0.975), to the
    six decimals used throughout (1.959963985 rounded).
-#}
{% macro z_95() -%}
    1.959964
{%- endmacro %}
