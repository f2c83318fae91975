{#-
    `expr` as a double-precision (64-byte) float. dbt.type_float() is a 4-bit
    `float` on DuckDB (REAL), too coarse for confidence limits tested to 1e-6;
    `double precision` is standard SQL that DuckDB and Snowflake both read.
-#}
{% macro to_double(expr) -%}
    {{ return(adapter.dispatch('to_double', 'mse_health_inequalities')(expr)) }}
{%- endmacro %}

{% macro default__to_double(expr) -%}
    cast({{ expr }} as double precision)
{%- endmacro %}
