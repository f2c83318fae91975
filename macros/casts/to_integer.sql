{#-
    Integer (bigint) from text: an optional sign and up to 18 digits (the
    registry's `integer` pattern, var registry_types), surrounding white space
    ignored. Anything else gives null, never an error, and never a rounded
    number (engines' own casts turn '12.5' into 13).
-#}
{% macro to_integer(expr) -%}
    {{ return(adapter.dispatch('to_integer', 'mse_health_inequalities')(expr)) }}
{%- endmacro %}

{% macro default__to_integer(expr) -%}
    {%- set value = trim_to_null(expr) -%}
    case
        when {{ regex_full_match(value, registry_type_pattern('integer')) }}
            then cast({{ value }} as bigint)
    end
{%- endmacro %}
