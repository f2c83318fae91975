{#- Emulator only: an incremental model's MERGE with its insert values qualified (see
    qualify_merge_insert_values). On Snowflake: dbt-snowflake's own statement. -#}
{% macro snowflake__get_merge_sql(
        target, source_sql, unique_key, dest_columns, incremental_predicates) -%}
    {%- set dml = dbt.snowflake__get_merge_sql(
        target, source_sql, unique_key, dest_columns, incremental_predicates) -%}
    {%- if is_snowflake_emulator() and unique_key is not none -%}
        {%- set columns = get_quoted_csv(dest_columns | map(attribute='name')).split(', ') -%}
        {%- set dml = qualify_merge_insert_values(dml, columns) -%}
    {%- endif -%}
    {{ return(dml) }}
{%- endmacro %}
