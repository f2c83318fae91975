{#-
    Fails on every row whose `column_name` lies outside [min_value, max_value].
    Give the bounds, or `registry_column` (the raw column the staged one comes
    from) to take them from that column's `min` / `max` in the feed registry, so
    the bound is written once. Either bound may be absent. Nulls pass: not_null
    says whether a value must be there.
-#}
{% test in_range(model, column_name, min_value=none, max_value=none,
        registry_column=none, registry_source=none) %}
    {%- if registry_column -%}
        {%- set meta = registry_meta_for_test(
            model, registry_column, registry_source) -%}
        {%- set min_value = meta.get('min') -%}
        {%- set max_value = meta.get('max') -%}
        {%- if execute and min_value is none and max_value is none -%}
            {{ exceptions.raise_compiler_error(
                "in_range on " ~ column_name ~ ": the registry gives "
                ~ registry_column ~ " no min or max") }}
        {%- endif -%}
    {%- elif min_value is none and max_value is none -%}
        {{ exceptions.raise_compiler_error(
            "in_range on " ~ column_name ~ ": give min_value, max_value, or a "
            ~ "registry_column") }}
    {%- endif %}
select *
from {{ model }}
where {{ column_name }} is not null
    and (
        false
        {%- if min_value is not none %}
        or {{ column_name }} < {{ min_value }}
        {%- endif %}
        {%- if max_value is not none %}
        or {{ column_name }} > {{ max_value }}
        {%- endif %}
    )
{% endtest %}
