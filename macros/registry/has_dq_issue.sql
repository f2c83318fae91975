{#-
    True when any of the given data-quality flag columns is true: the
    `has_dq_issue` summary of a staging model. `extra_flags` are the model's own
    flags beside the registry-driven ones (e.g. dq_date_order).
-#}
{% macro has_dq_issue(extra_flags=[]) -%}
    {%- set flags = [] -%}
    {%- for rule in registry_dq_rules() -%}
        {%- do flags.append('dq_' ~ rule) -%}
    {%- endfor -%}
    {{ (flags + extra_flags) | join(' or ') }}
{%- endmacro %}
