{#-
    A select over `relation` (a ref, source or CTE name) that applies the whole
    disclosure-control rule the same way in every research-question mart:

      columns      carried unchanged (the breakdown: service, dimension, ...)
      counts       published through suppress_small_count (1 to threshold ->
                   null, others rounded to the base, 0 kept)
      percentages  {output column: [numerator column, denominator column]}, each
                   computed by pct_of_rounded from the published counts
      values       {value column: base column or [base columns]}, each a mean,
                   median, rate or ratio, null when any of its bases is 1 to
                   threshold (suppress_by_base); bases are the raw counts

    and adds `is_suppressed`: true when anything on the row was withheld because
    of a small count (a count, a percentage's numerator or denominator, or a
    value's base). Columns come out in that order. Arguments name columns of
    `relation`; they are read qualified by the relation, so that a published
    column (say `patients`) never stands in for the raw one of the same name.
    Compute rates and confidence intervals in a later CTE from the published
    counts, so that they too can be recomputed from what is published.
-#}
{% macro apply_disclosure_control(
    relation, columns=[], counts=[], percentages={}, values={}
) -%}
    {%- set source = 'disclosure_source' -%}
    {%- set columns = [columns] if columns is string else columns -%}
    {%- set counts = [counts] if counts is string else counts -%}
    {%- set value_bases = {} -%}
    {%- for name, bases in values.items() -%}
        {%- set qualified = [] -%}
        {%- for base in ([bases] if bases is string else bases) -%}
            {%- do qualified.append(source ~ '.' ~ base) -%}
        {%- endfor -%}
        {%- do value_bases.update({name: qualified}) -%}
    {%- endfor -%}
    {%- set small_sources = [] -%}
    {%- for count in counts -%}
        {%- do small_sources.append(source ~ '.' ~ count) -%}
    {%- endfor -%}
    {%- for name, pair in percentages.items() -%}
        {%- if pair is string or pair | length != 2 -%}
            {{ exceptions.raise_compiler_error(
                "apply_disclosure_control: percentage '" ~ name
                ~ "' needs [numerator, denominator], got " ~ pair) }}
        {%- endif -%}
        {%- do small_sources.append(source ~ '.' ~ pair[0]) -%}
        {%- do small_sources.append(source ~ '.' ~ pair[1]) -%}
    {%- endfor -%}
    {%- for name, bases in value_bases.items() -%}
        {%- do small_sources.extend(bases) -%}
    {%- endfor -%}
    {%- if small_sources | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            "apply_disclosure_control over " ~ relation
            ~ " was given no counts, percentages or values to control") }}
    {%- endif -%}
    select
        {%- for column in columns %}
        {{ source }}.{{ column }} as {{ column }},
        {%- endfor %}
        {%- for count in counts %}
        {{ suppress_small_count(source ~ '.' ~ count) }} as {{ count }},
        {%- endfor %}
        {%- for name, pair in percentages.items() %}
        {{ pct_of_rounded(source ~ '.' ~ pair[0], source ~ '.' ~ pair[1]) }}
            as {{ name }},
        {%- endfor %}
        {%- for name, bases in value_bases.items() %}
        {{ suppress_by_base(source ~ '.' ~ name, bases) }} as {{ name }},
        {%- endfor %}
        (
            {%- for small_source in small_sources | unique %}
            {{ is_small_count(small_source) }}{% if not loop.last %} or{% endif %}
            {%- endfor %}
        ) as is_suppressed
    from {{ relation }} as {{ source }}
{%- endmacro %}
