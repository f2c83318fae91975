{#-
    The partner feeds of the drop-folder contract, in registry order: every source
    table of the feed registry with a `file` (a drop-folder file), but the
    governance source's objection file. Each is a dict {source_name, table_name,
    identifier, person_keys, staging_model, permitted_view}: `person_keys` is the
    table's registry meta `person_keys` (the identity types, nhs_number or
    asc_person, of the pseudonyms that identify the feed's person, the first the
    one the objection filter matches; none for a feed about no person), and the
    model names follow the project's naming convention (feed_model_names). Read
    from dbt's graph, like registry_columns: empty while dbt parses.
-#}
{% macro registry_feeds() -%}
    {%- set feeds = [] -%}
    {%- if execute and 'sources' in graph -%}
        {%- for node in graph.sources.values() -%}
            {%- set meta = node.meta or (node.config or {}).get('meta') or {} -%}
            {%- if meta.get('file') and node.source_name != 'governance' -%}
                {%- set names = feed_model_names(node.source_name, node.name) -%}
                {%- do feeds.append({
                    'source_name': node.source_name,
                    'table_name': node.name,
                    'identifier': node.identifier,
                    'person_keys': meta.get('person_keys') or [],
                    'staging_model': names.staging_model,
                    'permitted_view': names.permitted_view
                        if meta.get('person_keys') else none,
                }) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(feeds | sort(attribute='identifier')) }}
{%- endmacro %}

{#-
    The one naming convention of a feed's models: staging stg_<source>__<table>;
    the objection-filtered view int_<table>_permitted, the social care feeds'
    int_asc_<table>_permitted.
-#}
{% macro feed_model_names(source_name, table_name) -%}
    {{ return({
        'staging_model': 'stg_' ~ source_name ~ '__' ~ table_name,
        'permitted_view': 'int_' ~ ('asc_' if source_name == 'ecc_asc' else '')
            ~ table_name ~ '_permitted',
    }) }}
{%- endmacro %}

{#-
    The person keys of one registry feed: a list of {column, identity_type}, the
    staged pseudonym column (<identity_type>_pseudonym) of each of the table's
    registry `person_keys`, the objection filter's first.

    dbt needs a model's parents while it parses, before the registry can be read:
    then the partner's usual keys are returned (the hospital's NHS number; the
    council's Person ID, then NHS number), so that the objection filters and the
    snapshot purge declare their parents and a hospital model's lineage does not
    run through the social care demographics. Should the registry name a key not
    declared so, dbt refuses the compile, naming the missing parent.
-#}
{% macro registry_person_keys(source_name, table_name) -%}
    {%- set keys = [] -%}
    {%- if not execute -%}
        {%- for identity_type in (['nhs_number'] if source_name == 'mseft'
                                  else ['asc_person', 'nhs_number']) -%}
            {%- do keys.append({'column': identity_type ~ '_pseudonym',
                                'identity_type': identity_type}) -%}
        {%- endfor -%}
    {%- else -%}
        {%- set matches = registry_feeds()
            | selectattr('source_name', 'equalto', source_name)
            | selectattr('table_name', 'equalto', table_name) | list -%}
        {%- if matches | length != 1 or not matches[0].person_keys -%}
            {{ exceptions.raise_compiler_error(
                "registry_person_keys: " ~ source_name ~ "." ~ table_name
                ~ " is no registry feed with person_keys") }}
        {%- endif -%}
        {%- for identity_type in matches[0].person_keys -%}
            {%- do keys.append({'column': identity_type ~ '_pseudonym',
                                'identity_type': identity_type}) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(keys) }}
{%- endmacro %}
