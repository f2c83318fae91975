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

    `staged_in` (optional) is the feed's staging model, which holds every raw
    row with its `source_row` and the `dq_<rule>` flags of the same checks. A
    row it found clean cannot break a rule that looks at the row alone, so only
    the other rows are checked value by value (a few per cent of a delivery, not
    every row a second time); `duplicate_key` compares rows with each other and
    is still checked on every row. The failures are the same either way (the
    staging tests prove it on the synthetic drops).
-#}
{% test conforms_to_registry(model, staged_in=none) %}
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

{%- if staged_in is not none %}

{#- every registry rule's flag: true when any column of the row broke it -#}
clean_staged_rows as (
    select source_row
    from {{ staged_in }}
    where not (
        {%- for rule in registry_dq_rules() %}
        dq_{{ rule }}{{ ' or' if not loop.last }}
        {%- endfor %}
    )
),

rows_to_check as (
    select *
    from raw_rows
    where not exists (
        select 1
        from clean_staged_rows
        where clean_staged_rows.source_row = raw_rows._source_row
    )
),
{%- else %}

rows_to_check as (
    select * from raw_rows
),
{%- endif %}

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
        from {{ 'raw_rows' if check.rule == 'duplicate_key' else 'rows_to_check' }}
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
