{#-
    The registry-driven data-quality flag columns of a staging model, one boolean
    `dq_<rule>` per rule of `registry_dq_rules()`, true when any column of the row
    breaks that rule (see `registry_rule_checks`). Every staging model carries the
    same set, false where the feed has no column the rule applies to, so the
    data-quality models can stack them. Renders a select-list fragment without a
    trailing comma, over the raw columns of the model's source CTE (named by
    `relation_alias` when given: a model that joins its source qualifies it).
-#}
{% macro registry_dq_flags(source_name, table_name, relation_alias=none) -%}
    {%- set checks = registry_rule_checks(
        source_name, table_name, relation_alias) -%}
    {%- for rule in registry_dq_rules() -%}
        {%- set failed = [] -%}
        {%- for check in checks if check.rule == rule -%}
            {%- do failed.append('coalesce(' ~ check.failed ~ ', false)') -%}
        {%- endfor %}
        {{ '(' ~ failed | join('\n            or ') ~ ')' if failed else 'false' }}
            as dq_{{ rule }}{{ ',' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}
