{#-
    The text of `expr` without surrounding white space (spaces, tabs, line breaks,
    non-breaking spaces), or null when nothing is left: the loader keeps values
    verbatim, so a cell of spaces arrives as text.
-#}
{% macro trim_to_null(expr) -%}
    {{ return(adapter.dispatch('trim_to_null', 'mse_health_inequalities')(expr)) }}
{%- endmacro %}

{% macro default__trim_to_null(expr) -%}
    nullif(trim({{ expr }}), '')
{%- endmacro %}

{% macro duckdb__trim_to_null(expr) -%}
    nullif(trim({{ expr }}, ' ' || chr(9) || chr(10) || chr(13) || chr(160)), '')
{%- endmacro %}

{% macro snowflake__trim_to_null(expr) -%}
    nullif(trim({{ expr }}, ' ' || char(9) || char(10) || char(13) || char(160)), '')
{%- endmacro %}
