{#-
    The shared ending of a research-question mart that publishes counts by
    breakdown: the disclosure control of `relation` (apply_disclosure_control,
    same arguments), then each column cast to the mart's contract - the
    breakdown `columns` as text, `counts` as bigint, `percentages` and `values`
    as double - with `is_suppressed`. `renames` {column: contract name} renames
    on the way out; `order` (contract names, is_suppressed included) gives the
    contract's column order when it is not columns, counts, percentages, values,
    is_suppressed. It renders the mart's last CTE and its final select: call it
    after the comma that ends the CTE of `relation`.
-#}
{% macro publish_breakdown(
    relation, columns=[], counts=[], percentages={}, values={}, renames={}, order=none
) -%}
    {%- set casts = {} -%}
    {%- for column in columns -%}
        {%- do casts.update({column: 'cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ ')'}) -%}
    {%- endfor -%}
    {%- for column in counts -%}
        {%- do casts.update({column: 'cast(' ~ column ~ ' as ' ~ dbt.type_bigint() ~ ')'}) -%}
    {%- endfor -%}
    {%- for column in (percentages.keys() | list) + (values.keys() | list) -%}
        {%- do casts.update({column: to_double(column)}) -%}
    {%- endfor -%}
    {%- do casts.update({'is_suppressed': 'is_suppressed'}) -%}
    {%- set outputs = {} -%}
    {%- for column, expression in casts.items() -%}
        {%- do outputs.update({renames.get(column, column): expression}) -%}
    {%- endfor -%}
    {%- set order = order or (outputs.keys() | list) -%}
    {%- if (order | sort) != (outputs.keys() | sort) -%}
        {{ exceptions.raise_compiler_error(
            "publish_breakdown: order " ~ order ~ " does not name the columns "
            ~ (outputs.keys() | list)) }}
    {%- endif -%}
published as (
    {{ apply_disclosure_control(
        relation, columns=columns, counts=counts,
        percentages=percentages, values=values) }}
)

select
    {%- for name in order %}
    {{ outputs[name] }}{{ ' as ' ~ name if outputs[name] != name }}
    {{- ',' if not loop.last }}
    {%- endfor %}
from published
{%- endmacro %}
