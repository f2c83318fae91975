-- The histogram macros against the event-level SQL they replace in the
-- category statistics marts. Five patients (p1..p5) with eleven events; their
-- values have ties, groups have odd and even sizes and one a single value.
-- Per group: histogram_median = median(), histogram_variance = var_samp(),
-- histogram_value_at_rank = the row_number-ranked value at ranks 0 (none),
-- 1, 2, n and n + 1 (none). complement_counts = the events of the patients
-- not in each category counted directly, for a category of some patients,
-- one of every patient (no complement row) and one of none (every event).
-- Values are doubles, as in the marts (median() of a decimal rounds to its
-- scale). Returns the disagreeing cases.
with events as (
    select
        'p1' as person,
        {{ to_double('3.0') }} as measure
    union all select 'p1', 1.0
    union all select 'p2', 3.0
    union all select 'p2', 7.0
    union all select 'p3', 2.0
    union all select 'p3', 2.0
    union all select 'p4', 9.0
    union all select 'p4', 2.5
    union all select 'p5', 3.0
    union all select 'p5', 1.0
    union all select 'p5', 4.0
),

memberships as (
    select
        'area' as dimension,
        'north' as category,
        'p1' as person
    union all select 'area', 'north', 'p2'
    union all select 'area', 'south', 'p3'
    union all select 'area', 'south', 'p4'
    union all select 'area', 'west', 'p5'
    union all select 'group', 'everyone', 'p1'
    union all select 'group', 'everyone', 'p2'
    union all select 'group', 'everyone', 'p3'
    union all select 'group', 'everyone', 'p4'
    union all select 'group', 'everyone', 'p5'
),

categories as (
    select distinct
        dimension,
        category
    from memberships
    union all select 'group', 'nobody'
),

-- groups: each category's own events, each patient's and all events
grouped as (
    select
        memberships.category as group_name,
        events.measure
    from events
    inner join memberships
        on events.person = memberships.person
    union all select person, measure from events
    union all select 'all', measure from events
),

event_level as (
    select
        group_name,
        count(*) as n,
        median(measure) as group_median,
        var_samp(measure) as group_variance
    from grouped
    group by group_name
),

ranked as (
    select
        grouped.group_name,
        grouped.measure,
        row_number() over (
            partition by grouped.group_name order by grouped.measure
        ) as position
    from grouped
),

histogram as (
    select
        group_name,
        measure,
        count(*) as events
    from grouped
    group by group_name, measure
),

positions as (
    select
        *,
        sum(events) over (
            partition by group_name
            order by measure
            rows between unbounded preceding and current row
        ) as cumulative_events,
        sum(events) over (partition by group_name) as n,
        sum(events * measure) over (partition by group_name)
        / sum(events) over (partition by group_name) as group_mean
    from histogram
),

from_histogram as (
    select
        group_name,
        {{ histogram_median('n', 'measure', 'events', 'cumulative_events') }}
            as group_median,
        {{ histogram_variance('measure', 'events', 'group_mean') }}
            as group_variance,
        {% for rank in ['0', '1', '2', 'n', 'n + 1'] -%}
        {{ histogram_value_at_rank(
            rank, 'measure', 'events', 'cumulative_events') }}
            as at_rank_{{ loop.index }}
        {{- ',' if not loop.last }}
        {% endfor %}
    from positions
    group by group_name
),

rank_failures as (
    {% for rank in ['0', '1', '2', 'n', 'n + 1'] -%}
    select
        event_level.group_name,
        'rank {{ rank }}' as failing_case
    from event_level
    inner join from_histogram
        on event_level.group_name = from_histogram.group_name
    left join ranked
        on
            event_level.group_name = ranked.group_name
            and ranked.position = {{ rank | replace('n', 'event_level.n') }}
    where
        from_histogram.at_rank_{{ loop.index }} is distinct from ranked.measure
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

total_values as (
    select
        measure,
        count(*) as events
    from events
    group by measure
),

own_values as (
    select
        memberships.dimension,
        memberships.category,
        events.measure,
        count(*) as events
    from events
    inner join memberships
        on events.person = memberships.person
    group by memberships.dimension, memberships.category, events.measure
),

complement_from_counts as (
    {{ complement_counts(
        'total_values', 'own_values', 'categories', ['measure'], ['events']) }}
),

complement_direct as (
    select
        categories.dimension,
        categories.category,
        events.measure,
        count(*) as events
    from events
    cross join categories
    left join memberships
        on
            events.person = memberships.person
            and categories.dimension = memberships.dimension
            and categories.category = memberships.category
    where memberships.person is null
    group by categories.dimension, categories.category, events.measure
)

select
    event_level.group_name,
    'median or variance' as failing_case
from event_level
left join from_histogram
    on event_level.group_name = from_histogram.group_name
where
    {{ values_differ('from_histogram.group_median', 'event_level.group_median') }}
    or {{ values_differ(
        'from_histogram.group_variance', 'event_level.group_variance') }}

union all

select
    group_name,
    failing_case
from rank_failures

union all

select
    coalesce(complement_direct.category, complement_from_counts.category),
    'complement counts'
from complement_direct
full outer join complement_from_counts
    on
        complement_direct.dimension = complement_from_counts.dimension
        and complement_direct.category = complement_from_counts.category
        and complement_direct.measure = complement_from_counts.measure
where
    complement_direct.events is null
    or complement_from_counts.events is null
    or complement_direct.events <> complement_from_counts.events
