{#-
    The complement of each category as counts: for every category in
    `categories` (columns dimension, category) and every row of `total` (the
    counts over all events, one row per `keys`), the total's counts minus the
    category's own counts in `own` (columns dimension, category, keys and the
    same counts; a missing row counts 0). An event either belongs to a
    category's patients or it does not, so the events of "all other patients"
    are exactly all events less the category's own: their histogram is the
    difference of two histograms, never a copy of every other patient's events.
    The first of `counts` decides which rows exist: a row is kept when the
    complement still has some (the categories without a complement, such as
    one holding every patient, get no row, as a copy would give none). Counts
    that are sums of whole numbers subtract exactly. Keys match null-safely.
-#}
{% macro complement_counts(total, own, categories, keys, counts) -%}
    {%- set keys = [keys] if keys is string else keys -%}
    {%- set counts = [counts] if counts is string else counts -%}
    select
        categories.dimension,
        categories.category,
        {%- for key in keys %}
        total.{{ key }},
        {%- endfor %}
        {%- for count in counts %}
        total.{{ count }} - coalesce(own.{{ count }}, 0) as {{ count }}
        {{- ',' if not loop.last }}
        {%- endfor %}
    from {{ total }} as total
    cross join {{ categories }} as categories
    left join {{ own }} as own
        on
            categories.dimension = own.dimension
            and categories.category = own.category
            {%- for key in keys %}
            and total.{{ key }} is not distinct from own.{{ key }}
            {%- endfor %}
    where total.{{ counts[0] }} > coalesce(own.{{ counts[0] }}, 0)
{%- endmacro %}
