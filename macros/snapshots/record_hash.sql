{#-
    A hash of the content of a staged row: every column of `relation` except
    `exclude` (by default the delivery's row number `source_row` and the derived
    data-quality columns `dq_*` and `has_dq_issue`), each in its canonical text
    form (canonical_text: the same whatever the session's date, time or number
    formats) with nulls marked, joined with a separator. Two deliveries of a
    record hash alike unless a value changed (e.g. an Article 16
    rectification): the snapshots' check column.

    Upgrading from the plain casts re-versions once: the first snapshot run
    after it records a new version (same content, new hash) of each current
    record whose text form changed, i.e. a record with a timestamp or (on
    Snowflake) a number column, or any non-text column if earlier runs used
    non-default session formats.
-#}
{% macro record_hash(relation, exclude=['source_row', 'has_dq_issue']) -%}
    {%- set parts = [] -%}
    {%- for column in adapter.get_columns_in_relation(relation) -%}
        {%- set name = column.name | lower -%}
        {%- if name not in exclude and not name.startswith('dq_') -%}
            {%- if parts -%}{%- do parts.append("'|'") -%}{%- endif -%}
            {%- do parts.append("coalesce("
                ~ canonical_text(quote_column(column.name), column.dtype)
                ~ ", '<null>')") -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not parts -%}
        {#- only before the staging view exists (dbt compile on an empty
            warehouse): the snapshot itself always runs after it -#}
        {%- do parts.append("''") -%}
    {%- endif -%}
    {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}
