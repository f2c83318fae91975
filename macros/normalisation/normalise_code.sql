{#-
    A code as the reference lists hold it: surrounding white space removed and
    upper case (`e11.9 ` -> `E11.9`); null when blank.
-#}
{% macro normalise_code(expr) -%}
    {{ return(adapter.dispatch('normalise_code', 'mse_health_inequalities')(expr)) }}
{%- endmacro %}

{% macro default__normalise_code(expr) -%}
    upper({{ trim_to_null(expr) }})
{%- endmacro %}
