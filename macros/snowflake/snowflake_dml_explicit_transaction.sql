{#- Emulator only: no `begin; ... commit;` around dbt's MERGE and INSERT statements. When a
    statement fails inside the emulator's transaction, the emulator answers every later
    statement of the session with an HTTP 500 that the connector retries for minutes; in
    autocommit the failure is reported at once. On Snowflake: dbt-snowflake's explicit
    transaction. -#}
{% macro snowflake_dml_explicit_transaction(dml) -%}
    {%- if is_snowflake_emulator() -%}
        {{ return(dml) }}
    {%- else -%}
        {{ return(dbt.snowflake_dml_explicit_transaction(dml)) }}
    {%- endif -%}
{%- endmacro %}
