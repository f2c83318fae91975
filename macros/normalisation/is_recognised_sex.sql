{#-
    True when a raw sex or gender value is blank or one `normalise_sex_code`
    knows (the registry's `sex` words, var registry_types); false for an unrecognised value (a data-quality issue: the staging
    models flag it).
-#}
{% macro is_recognised_sex(expr) -%}
    {{ return(adapter.dispatch('is_recognised_sex', 'mse_health_inequalities')(expr)) }}
{%- endmacro %}

{% macro default__is_recognised_sex(expr) -%}
    coalesce(upper({{ trim_to_null(expr) }}) in (
        {{ registry_type_words('sex') | join(', ') }}
    ), true)
{%- endmacro %}
