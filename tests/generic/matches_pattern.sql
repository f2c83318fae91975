{#-
    Fails on every row whose `column_name` does not match the regular expression
    `pattern` as a whole. Give the pattern, or `registry_column` (the raw column
    the staged one comes from) to take that column's registry `pattern`, so the
    format is written once. Nulls pass.
-#}
{% test matches_pattern(model, column_name, pattern=none, registry_column=none,
        registry_source=none) %}
    {%- if registry_column -%}
        {%- set pattern = registry_meta_for_test(
            model, registry_column, registry_source).get('pattern') -%}
        {%- if execute and not pattern -%}
            {{ exceptions.raise_compiler_error(
                "matches_pattern on " ~ column_name ~ ": the registry gives "
                ~ registry_column ~ " no pattern") }}
        {%- endif -%}
    {%- elif not pattern -%}
        {{ exceptions.raise_compiler_error(
            "matches_pattern on " ~ column_name ~ ": give pattern or "
            ~ "registry_column") }}
    {%- endif %}
select *
from {{ model }}
where {{ column_name }} is not null
    and not {{ regex_full_match(column_name, pattern or '.*') }}
{% endtest %}
