{#-
    Decimal(18, `scale`) from text: an optional sign, digits and an optional
    fraction (`12`, `-3.5`, `.25`: the registry's `decimal` pattern, var
    registry_types), surrounding white space ignored. Money is read
    the same way, in pounds. Anything else (`£12`, `1,200`, `12p`) gives null,
    never an error. More decimals than `scale` are rounded.
-#}
{% macro to_decimal(expr, scale=2) -%}
    {{ return(adapter.dispatch('to_decimal', 'mse_health_inequalities')(expr, scale)) }}
{%- endmacro %}

{% macro default__to_decimal(expr, scale=2) -%}
    {%- set value = trim_to_null(expr) -%}
    case
        when {{ regex_full_match(value, registry_type_pattern('decimal')) }}
            then cast({{ value }} as decimal(18, {{ scale }}))
    end
{%- endmacro %}
