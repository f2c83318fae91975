{#-
    `select * from` a source table, or, when the table does not exist (an optional
    file of the drop-folder contract that was not delivered), a select of no rows
    with the registry's columns as text and `_source_row`. The source stays a
    declared dependency either way.
-#}
{% macro select_source_or_empty(source_name, table_name) -%}
    {%- set relation = source(source_name, table_name) -%}
    {%- set existing = adapter.get_relation(
        database=relation.database, schema=relation.schema,
        identifier=relation.identifier) if execute else relation -%}
    {%- if existing is not none -%}
        select * from {{ relation }}
    {%- else -%}
        select
            {%- for column in registry_columns(source_name, table_name) %}
            cast(null as {{ dbt.type_string() }}) as {{ quote_column(column.name) }},
            {%- endfor %}
            cast(null as {{ dbt.type_int() }}) as _source_row
        from (select 1 as one) as no_file
        where false
    {%- endif -%}
{%- endmacro %}
