{#-
    `expr` rounded to the nearest multiple of the rounding base (dbt var
    `disclosure_rounding_base`), halves away from zero: with base 5, 12 -> 10,
    13 -> 15, 12.5 -> 15, -12.5 -> -15. Whole-number counts never sit exactly
    half-way when the base is odd, but a half is defined anyway. Null stays null.
-#}
{% macro round_to_base(expr) -%}
    {%- set base = disclosure_rounding_base() -%}
    cast(
        sign({{ expr }}) * floor(abs({{ expr }}) / {{ base }} + 0.5) * {{ base }}
        as {{ dbt.type_bigint() }}
    )
{%- endmacro %}
