{#-
    A hash of the content of a staged row: every column of `relation` except
    `exclude` (by default the delivery's row number `source_row` and the derived
    data-quality columns `dq_*` and `has_dq_issue`), each cast to text with nulls
    marked, joined with a separator. Two deliveries of a record hash alike unless
    a value changed (e.g. an Article 16 rectification): the snapshots' check
    column.
-#}
{% macro record_hash(relation, exclude=['source_row', 'has_dq_issue']) -%}
    {%- set parts = [] -%}
    {%- for column in adapter.get_columns_in_relation(relation) -%}
        {%- set name = column.name | lower -%}
        {%- if name not in exclude and not name.startswith('dq_') -%}
            {%- if parts -%}{%- do parts.append("'|'") -%}{%- endif -%}
            {%- do parts.append("coalesce(cast(" ~ quote_column(column.name)
                ~ " as " ~ dbt.type_string() ~ "), '<null>')") -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not parts -%}
        {#- only before the staging view exists (dbt compile on an empty
            warehouse): the snapshot itself always runs after it -#}
        {%- do parts.append("''") -%}
    {%- endif -%}
    {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}
