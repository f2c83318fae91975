{#- Emulator only: the snapshot MERGE with its insert values qualified (see
    qualify_merge_insert_values). On Snowflake: dbt-snowflake's own statement. -#}
{% macro snowflake__snapshot_merge_sql(target, source, insert_cols) -%}
    {%- set dml = dbt.snowflake__snapshot_merge_sql(target, source, insert_cols) -%}
    {%- if is_snowflake_emulator() -%}
        {%- set dml = qualify_merge_insert_values(dml, insert_cols) -%}
    {%- endif -%}
    {{ return(dml) }}
{%- endmacro %}
