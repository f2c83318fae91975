{#-
    `expr` when it lies in the named range of the vars of dbt_project.yml
    (`value_ranges`, e.g. age_years: 0 to 120), else null: the same range the
    registry's columns refer to (`range:` in their meta), so the staging flag and
    the models agree on what is out of range.
-#}
{% macro value_in_range(expr, range_name) -%}
    {%- set bounds = var('value_ranges')[range_name] -%}
    case when {{ expr }} between {{ bounds['min'] }} and {{ bounds['max'] }}
        then {{ expr }}
    end
{%- endmacro %}


{#- A registry column's meta with a named `range` resolved to its min and max. -#}
{% macro registry_meta_with_range(meta) -%}
    {%- if meta.get('range') is none -%}
        {{ return(meta) }}
    {%- endif -%}
    {%- set bounds = var('value_ranges')[meta['range']] -%}
    {%- set resolved = {} -%}
    {%- do resolved.update(meta) -%}
    {%- do resolved.update({'min': bounds.get('min'), 'max': bounds.get('max')}) -%}
    {{ return(resolved) }}
{%- endmacro %}
