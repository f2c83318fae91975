{#- Emulator only, used by the snapshot merge override: the emulator rejects the unqualified
    column names of a MERGE's `insert ... values (...)` as ambiguous between target and
    source, so they are qualified with the source alias (valid Snowflake SQL too).
    Fails the compile rather than run an unchanged statement if dbt's text moves. -#}
{% macro qualify_merge_insert_values(dml, insert_columns) -%}
    {%- set source_columns = [] -%}
    {%- for column in insert_columns -%}
        {%- do source_columns.append('DBT_INTERNAL_SOURCE.' ~ column) -%}
    {%- endfor -%}
    {%- set listed = modules.re.escape(insert_columns | join(', ')) -%}
    {%- set pattern = 'values\\s*\\(\\s*' ~ listed ~ '\\s*\\)' -%}
    {%- set qualified = modules.re.sub(
        pattern, 'values (' ~ (source_columns | join(', ')) ~ ')', dml) -%}
    {%- if qualified == dml -%}
        {{ exceptions.raise_compiler_error(
            'qualify_merge_insert_values: no `values (...)` list to qualify in: ' ~ dml) }}
    {%- endif -%}
    {{ return(qualified) }}
{%- endmacro %}
