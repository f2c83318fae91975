{#- Emulator only: the emulator cannot create a temporary table under a database and
    schema ("TEMPORARY table names can only use the temp catalog"), which unit tests and
    some incremental runs need; there it creates a transient table instead (dbt drops it
    afterwards). On Snowflake: dbt-snowflake's own temporary table. -#}
{% macro snowflake__create_table_temporary_sql(relation, compiled_code) -%}
    {%- if is_snowflake_emulator() -%}
        {{ dbt.snowflake__create_table_transient_sql(relation, compiled_code) }}
    {%- else -%}
        {{ dbt.snowflake__create_table_temporary_sql(relation, compiled_code) }}
    {%- endif -%}
{%- endmacro %}
