{#- Emulator only: for the same reason as temporary tables, the temporary view of an
    incremental run becomes an ordinary view (dbt drops it afterwards). On Snowflake:
    dbt-snowflake's own view, temporary when dbt asks for one. -#}
{% macro snowflake__create_view_as_with_temp_flag(relation, sql, is_temporary=False) -%}
    {{ dbt.snowflake__create_view_as_with_temp_flag(
        relation, sql, is_temporary and not is_snowflake_emulator()) }}
{%- endmacro %}
