{#-
    Schemas are named as the project names them (`staging`, `intermediate`,
    `marts_core`, `marts`, `data_quality`, `reference`, `snapshots`,
    `test_failures`), on both engines, rather than dbt's default
    `<target schema>_<custom schema>` (`main_staging` on DuckDB). A model with
    no custom schema goes to the target's schema. To keep a developer's build
    apart from production, point the profile at another database (Snowflake)
    or another file (DuckDB, HI_DUCKDB_PATH).
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
