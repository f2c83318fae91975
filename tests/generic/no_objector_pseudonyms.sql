{#-
    Fails on every row of `model` that carries the pseudonym of someone whose
    objection stands in the objection register (or one of their social care
    Person IDs): every column whose name ends in `_pseudonym` is checked, found
    at run time, so a column added later is covered too. Attached to every model
    and snapshot past staging that holds person keys, so each `dbt build` proves
    the objection filter held. The failing rows name the column only, never the
    pseudonym.
-#}
{% test no_objector_pseudonyms(model) %}
    {%- set pseudonym_columns = [] -%}
    {%- if execute -%}
        {%- for column in adapter.get_columns_in_relation(model) -%}
            {%- if column.is_string() and (column.name | lower).endswith('_pseudonym') -%}
                {%- do pseudonym_columns.append(column.name) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif %}
with

objectors as (
    {{ objector_identities() }}
)

{% for column in pseudonym_columns -%}
select '{{ column | lower }}' as column_name
from {{ model }}
where {{ quote_column(column) }} in (select pseudonym from objectors)
union all
{% endfor -%}
select 'none' as column_name
from objectors
where false
{% endtest %}
