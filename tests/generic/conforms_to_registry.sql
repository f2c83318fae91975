{#-
    The field specs of one raw feed, as its registry entry states them, checked
    on every row. Applied to a source table, it reads the table's column meta
    (type, not_null, unique, min, max, pattern, accepted_values, code_list)
    through `registry_rule_checks` and fails once per value that breaks a rule,
    with the row (`source_row`, the loader's record number), the raw column and
    its verbatim header, the rule, what the spec expects and the value as
    delivered (pseudonyms and postcodes masked to their shape: they identify
    people). Nothing is restated here: a new feed or constraint in the sources
    YAML is tested without touching this file.
-#}
{% test conforms_to_registry(model) %}
    {#- The code lists a check may read, declared while dbt parses, when the
        registry (and so which lists are needed) is not known yet. -#}
    {%- set code_lists = [
        ref('nhs_data_dictionary_codes'), ref('ethnic_category'),
        ref('health_condition_types')] -%}
    {%- set checks = [] -%}
    {%- if execute -%}
        {%- set matches = graph.sources.values()
            | selectattr('identifier', 'equalto', model.identifier) | list -%}
        {%- if matches | length != 1 -%}
            {{ exceptions.raise_compiler_error(
                "conforms_to_registry applies to one registry source table, not "
                ~ model) }}
        {%- endif -%}
        {%- set checks = registry_rule_checks(
            matches[0].source_name, matches[0].name) -%}
    {%- endif %}
with

raw_rows as (
    select * from {{ model }}
),

failures as (
    {%- for check in checks %}
    select
        source_row,
        '{{ check.column }}' as column_name,
        '{{ check.header | replace("'", "''") }}' as header,
        '{{ check.rule }}' as rule,
        '{{ check.expects | replace("'", "''") }}' as expects,
        raw_value
    from (
        select
            _source_row as source_row,
            {{ masked_raw_value(quote_column(check.column), check.masked) }}
                as raw_value,
            coalesce({{ check.failed }}, false) as is_failed
        from raw_rows
    ) as checked
    where is_failed
    union all
    {%- endfor %}
    select
        cast(null as {{ dbt.type_int() }}) as source_row,
        cast(null as {{ dbt.type_string() }}) as column_name,
        cast(null as {{ dbt.type_string() }}) as header,
        cast(null as {{ dbt.type_string() }}) as rule,
        cast(null as {{ dbt.type_string() }}) as expects,
        cast(null as {{ dbt.type_string() }}) as raw_value
    from raw_rows
    where false
)

select * from failures
{% endtest %}
