{#-
    The feed registry's columns of one source table, in registry order (the file's
    columns: those with a verbatim header): a list of
    {name, meta} with `meta` the column's config.meta (header, type, not_null,
    unique, min, max, pattern, accepted_values, code_list; a named `range` is
    resolved to its min and max from the var value_ranges). Read from dbt's graph,
    so staging flags and tests follow the registry without restating it. Empty
    while dbt parses (the graph is only filled at execution).

    A dbt unit test runs without the project's graph: there the registry is the
    unit test's fixture, the var `registry_fixture` ({'source.table': {column:
    meta}}, set with `overrides: vars:`), which names only the columns the test
    exercises.
-#}
{% macro registry_columns(source_name, table_name) -%}
    {%- set columns = [] -%}
    {%- if execute and 'sources' not in graph -%}
        {%- set fixture = var('registry_fixture', {}).get(
            source_name ~ '.' ~ table_name, {}) -%}
        {%- for name, meta in fixture.items() -%}
            {%- do columns.append({'name': name,
                'meta': registry_meta_with_range(meta)}) -%}
        {%- endfor -%}
        {{ return(columns) }}
    {%- endif -%}
    {%- if execute -%}
        {%- set matches = graph.sources.values()
            | selectattr('source_name', 'equalto', source_name)
            | selectattr('name', 'equalto', table_name) | list -%}
        {%- if matches | length != 1 -%}
            {{ exceptions.raise_compiler_error(
                "registry_columns: no source table " ~ source_name ~ "." ~ table_name) }}
        {%- endif -%}
        {%- for column in matches[0].columns.values() -%}
            {%- set meta = column.meta or (column.config or {}).get('meta') or {} -%}
            {#- a column the loader adds (`_source_row`) has no header: not the file's -#}
            {%- if meta.get('header') is not none -%}
                {%- do columns.append({'name': column.name,
                    'meta': registry_meta_with_range(meta)}) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(columns) }}
{%- endmacro %}
