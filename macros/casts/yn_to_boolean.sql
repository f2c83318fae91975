{#-
    Boolean from a Y/N flag: true for Y, Yes, True, 1; false for N, No, False, 0
    (any case, surrounding white space ignored); null for a blank or anything else
    (the staging models flag an unrecognised value). The words match `hi
    validate`'s.
-#}
{% macro yn_to_boolean(expr) -%}
    {{ return(adapter.dispatch('yn_to_boolean', 'mse_health_inequalities')(expr)) }}
{%- endmacro %}

{% macro default__yn_to_boolean(expr) -%}
    case upper({{ trim_to_null(expr) }})
        when 'Y' then true
        when 'YES' then true
        when 'TRUE' then true
        when '1' then true
        when 'N' then false
        when 'NO' then false
        when 'FALSE' then false
        when '0' then false
    end
{%- endmacro %}
