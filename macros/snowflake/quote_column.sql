{#- A column name quoted so that it names the same column on every engine. Snowflake
    folds unquoted names to upper case and matches quoted names exactly, so the raw
    column `nhs_number` (landed unquoted, stored NHS_NUMBER) is "NHS_NUMBER" there;
    DuckDB matches names case-insensitively either way. Use it wherever a model quotes a
    raw or registry column name: adapter.quote(name) would ask Snowflake for a
    lower-case column that does not exist (the emulator, being case-insensitive like
    DuckDB, cannot catch that; test_snowflake's identifier check does). -#}
{% macro quote_column(name) -%}
    {{ return(adapter.dispatch('quote_column', 'mse_health_inequalities')(name)) }}
{%- endmacro %}

{% macro default__quote_column(name) -%}
    {{ return(adapter.quote(name)) }}
{%- endmacro %}

{% macro snowflake__quote_column(name) -%}
    {{ return(adapter.quote(name | upper)) }}
{%- endmacro %}
