{#-
    True when a raw sex or gender value is blank or one `normalise_sex_code`
    knows; false for an unrecognised value (a data-quality issue: the staging
    models flag it).
-#}
{% macro is_recognised_sex(expr) -%}
    {{ return(adapter.dispatch('is_recognised_sex', 'mse_health_inequalities')(expr)) }}
{%- endmacro %}

{% macro default__is_recognised_sex(expr) -%}
    coalesce(upper({{ trim_to_null(expr) }}) in (
        '1', 'M', 'MALE', '2', 'F', 'FEMALE', '9', 'I', 'INDETERMINATE',
        '0', 'U', 'X', 'UNKNOWN', 'NOT KNOWN', 'NOT SPECIFIED'
    ), true)
{%- endmacro %}
