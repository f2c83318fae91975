{#-
    A raw value as a data-quality report may show it: verbatim, or, when `masked`
    (pseudonyms and postcodes, which identify people), only its shape, every
    letter written A and every digit 9 (`cm1 1aa` -> `AA9 9AA`).
-#}
{% macro masked_raw_value(expr, masked) -%}
    {{ return(adapter.dispatch('masked_raw_value', 'mse_health_inequalities')(expr, masked)) }}
{%- endmacro %}

{% macro default__masked_raw_value(expr, masked) -%}
    {%- if masked -%}
        translate(
            upper({{ expr }}),
            'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
            'AAAAAAAAAAAAAAAAAAAAAAAAAA9999999999'
        )
    {%- else -%}
        {{ expr }}
    {%- endif -%}
{%- endmacro %}
