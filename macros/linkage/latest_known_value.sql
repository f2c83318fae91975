{#-
    One row per `key` with the `value` of its most recent record that knows it: rows
    where `value` is null are skipped; the latest `recorded_at` wins (records without
    a date come last); ties go to the lowest `preference`, then to the highest
    `source_row` (the later row of the file). Deterministic: the same records always
    give the same answer. Returns a select of `key` and `value` (as `alias`).
-#}
{% macro latest_known_value(relation, key, value, alias, recorded_at='recorded_at',
                            preference='service_preference', source_row='source_row') -%}
select
    {{ key }},
    {{ value }} as {{ alias }}
from (
    select
        {{ key }},
        {{ value }},
        row_number() over (
            partition by {{ key }}
            order by
                {{ recorded_at }} desc nulls last,
                {{ preference }} asc,
                {{ source_row }} desc
        ) as recency
    from {{ relation }}
    where {{ value }} is not null
) as known
where recency = 1
{%- endmacro %}
