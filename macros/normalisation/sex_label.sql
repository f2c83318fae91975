{#-
    The NHS Data Dictionary label of a PERSON STATED GENDER CODE (as returned by
    `normalise_sex_code`): Male, Female, Indeterminate or Not known.
-#}
{% macro sex_label(sex_code_expr) -%}
    {{ return(adapter.dispatch('sex_label', 'mse_health_inequalities')(sex_code_expr)) }}
{%- endmacro %}

{% macro default__sex_label(sex_code_expr) -%}
    case {{ sex_code_expr }}
        when '1' then 'Male'
        when '2' then 'Female'
        when '9' then 'Indeterminate'
        else 'Not known'
    end
{%- endmacro %}
