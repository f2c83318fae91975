{#-
    Boolean from a Y/N flag: true for Y, Yes, True, 1; false for N, No, False, 0
    (any case, surrounding white space ignored); null for a blank or anything else
    (the staging models flag an unrecognised value). The words are the registry's
    `flag` words (var registry_types), which `hi validate` accepts too.
-#}
{% macro yn_to_boolean(expr) -%}
    {{ return(adapter.dispatch('yn_to_boolean', 'mse_health_inequalities')(expr)) }}
{%- endmacro %}

{% macro default__yn_to_boolean(expr) -%}
    case
        when upper({{ trim_to_null(expr) }}) in (
            {{ registry_type_words('flag', true) | join(', ') }}) then true
        when upper({{ trim_to_null(expr) }}) in (
            {{ registry_type_words('flag', false) | join(', ') }}) then false
    end
{%- endmacro %}
