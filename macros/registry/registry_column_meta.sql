{#-
    The registry meta (header, type, constraints) of one raw column of a source
    table, e.g. registry_column_meta('mseft', 'inpatient_spells',
    'diagnosis_code_01').pattern. An empty dict while dbt parses.
-#}
{% macro registry_column_meta(source_name, table_name, column_name) -%}
    {%- for column in registry_columns(source_name, table_name) -%}
        {%- if column.name == column_name -%}
            {{ return(column.meta) }}
        {%- endif -%}
    {%- endfor -%}
    {%- if execute -%}
        {{ exceptions.raise_compiler_error(
            "registry_column_meta: " ~ source_name ~ "." ~ table_name
            ~ " has no column " ~ column_name) }}
    {%- endif -%}
    {{ return({}) }}
{%- endmacro %}
