{#-
    The registry meta of raw column `registry_column` for a generic test on a
    staging model: the feed is the model's one source, or `registry_source`
    ('source_name.table_name') for a model that reads another model. An empty
    dict while dbt parses.
-#}
{% macro registry_meta_for_test(model, registry_column, registry_source=none) -%}
    {%- if not execute -%}
        {{ return({}) }}
    {%- endif -%}
    {%- if registry_source -%}
        {%- set parts = registry_source.split('.') -%}
    {%- else -%}
        {%- set nodes = graph.nodes.values()
            | selectattr('resource_type', 'equalto', 'model')
            | selectattr('alias', 'equalto', model.identifier) | list -%}
        {%- if nodes | length != 1 or nodes[0].sources | length != 1 -%}
            {{ exceptions.raise_compiler_error(
                "a registry_column test needs a model that reads one source, or "
                ~ "registry_source: " ~ model) }}
        {%- endif -%}
        {%- set parts = nodes[0].sources[0] -%}
    {%- endif -%}
    {{ return(registry_column_meta(parts[0], parts[1], registry_column)) }}
{%- endmacro %}
