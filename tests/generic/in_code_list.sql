{#-
    Fails on every row whose `column_name` is not in its list of codes: the
    reference list `code_list` (a code_type of the nhs_data_dictionary_codes seed,
    or the seed ethnic_category or health_condition_types), or, with
    `registry_column` (the raw column the staged one comes from), the list that
    column's registry meta names: its `code_list`, or its `accepted_values`. A
    relationships test that knows the project's code lists; nulls pass.
-#}
{% test in_code_list(model, column_name, code_list=none, registry_column=none,
        registry_source=none) %}
    {#- Declared while dbt parses, when the registry is not known yet. -#}
    {%- set code_lists = [
        ref('nhs_data_dictionary_codes'), ref('ethnic_category'),
        ref('health_condition_types')] -%}
    {%- set accepted_values = none -%}
    {%- if registry_column -%}
        {%- set meta = registry_meta_for_test(
            model, registry_column, registry_source) -%}
        {%- set code_list = meta.get('code_list') -%}
        {%- set accepted_values = meta.get('accepted_values') -%}
        {%- if execute and not (code_list or accepted_values) -%}
            {{ exceptions.raise_compiler_error(
                "in_code_list on " ~ column_name ~ ": the registry gives "
                ~ registry_column ~ " no code_list or accepted_values") }}
        {%- endif -%}
    {%- elif not code_list -%}
        {{ exceptions.raise_compiler_error(
            "in_code_list on " ~ column_name ~ ": give code_list or "
            ~ "registry_column") }}
    {%- endif %}
select *
from {{ model }}
where {{ column_name }} is not null
    {%- if code_list %}
    and {{ column_name }} not in ({{ code_list_codes(code_list) }})
    {%- endif %}
    {%- if accepted_values %}
    and {{ column_name }} not in (
        {%- for value in accepted_values %}
        '{{ value | string | replace("'", "''") }}'{{ ',' if not loop.last }}
        {%- endfor %}
    )
    {%- endif %}
{% endtest %}
