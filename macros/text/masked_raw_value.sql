{#-
    A raw value as a data-quality report may show it: verbatim, or, when `masked`
    (the var masked_types: pseudonyms and postcodes, which identify people), only
    its shape, every letter (A-Z, a-z) written as the var mask_letter and every
    digit as mask_digit (`cm1 1aa` -> `AA9 9AA`), other characters kept: the mask
    `hi validate`'s report applies (python_helpers/value_rules.py).
-#}
{% macro masked_raw_value(expr, masked) -%}
    {{ return(adapter.dispatch('masked_raw_value', 'mse_health_inequalities')(expr, masked)) }}
{%- endmacro %}

{% macro default__masked_raw_value(expr, masked) -%}
    {%- if masked -%}
        {%- set letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz' -%}
        translate(
            {{ expr }},
            '{{ letters }}0123456789',
            '{{ var("mask_letter") * 52 }}{{ (var("mask_digit") | string) * 10 }}'
        )
    {%- else -%}
        {{ expr }}
    {%- endif -%}
{%- endmacro %}
