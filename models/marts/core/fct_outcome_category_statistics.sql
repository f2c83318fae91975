{#- The statistics behind rq4_outcome_variation and rq4_inequality_gradient,
    before disclosure control: one row per outcome, dimension, category and
    side, where side `own` summarises the outcome's events of the category's
    patients and side `complement` those of all other patients (for the
    local_authority and vulnerable_group dimensions, which compare with them).
    Crude: events, sum, mean, median, sample variance and the two order
    statistics the median's interval needs (median_order_rank). Adjusted (own
    side, from fct_outcome_events' expected measures; for the age_band
    dimension the strata leave age out, for sex, sex): the expected sum, the indirectly
    standardised ratio against the whole Trust, its delta-method 95% interval
    and p-value (indirect_standardisation). Completeness: how many of the
    outcome's events have a known category in the dimension. Restricted:
    counts before disclosure control, not for publication. -#}
{%- set missing = ['Unknown', 'Not known'] -%}
{%- set is_known = "category not in ('" ~ missing | join("', '") ~ "')" -%}
with

events as (
    select * from {{ ref('fct_outcome_events') }}
),

breakdowns as (
    select * from {{ ref('dim_patient_breakdowns') }}
),

category_events as (
    select
        events.outcome,
        events.statistic,
        breakdowns.dimension,
        breakdowns.category,
        events.measure,
        -- a breakdown by age band (or sex) is not standardised for it
        case breakdowns.dimension
            when 'age_band' then events.expected_measure_without_age
            when 'sex' then events.expected_measure_without_sex
            else events.expected_measure
        end as expected_measure,
        case breakdowns.dimension
            when 'age_band' then events.adjusted_for_without_age
            when 'sex' then events.adjusted_for_without_sex
            else events.adjusted_for
        end as adjusted_for
    from events
    inner join breakdowns
        on events.nhs_number_pseudonym = breakdowns.nhs_number_pseudonym
),

complement_categories as (
    select
        dimension,
        category
    from {{ ref('dim_breakdown_categories') }}
    where dimension in ('local_authority', 'vulnerable_group')
),

/* Every statistic below comes from value histograms (events per distinct
   measure), never from the events themselves: the own side's from one pass
   over category_events, the complement's as the whole Trust's histogram
   minus the category's own (complement_counts). Copying every event of all
   other patients once per compared category, as this model once did, made
   47 million rows for a trust year and ran out of memory. */

category_values as (
    -- the own side in one pass: events per outcome, category, adjustment
    -- and distinct value, with the sums of the expected value and of its
    -- square that the standardisation needs
    select
        outcome,
        statistic,
        dimension,
        category,
        adjusted_for,
        measure,
        count(*) as events,
        sum({{ to_double('expected_measure') }}) as expected,
        sum(
            {{ to_double('expected_measure') }}
            * {{ to_double('expected_measure') }}
        ) as expected_squares
    from category_events
    group by outcome, statistic, dimension, category, adjusted_for, measure
),

own_values as (
    select
        outcome,
        statistic,
        dimension,
        category,
        measure,
        sum(events) as events
    from category_values
    group by outcome, statistic, dimension, category, measure
),

trust_values as (
    select
        outcome,
        statistic,
        measure,
        count(*) as events
    from events
    group by outcome, statistic, measure
),

-- each category's complement: the events of patients not in it
complement_values as (
    {{ complement_counts(
        'trust_values', 'own_values', 'complement_categories',
        ['outcome', 'statistic', 'measure'], ['events']) }}
),

group_values as (
    select
        'own' as side,
        dimension,
        category,
        outcome,
        statistic,
        measure,
        events
    from own_values

    union all

    select
        'complement' as side,
        dimension,
        category,
        outcome,
        statistic,
        measure,
        events
    from complement_values
),

value_positions as (
    -- each distinct value's running count in its group (the order
    -- statistics' positions), the group's size and mean
    select
        *,
        sum(events) over (
            partition by side, outcome, statistic, dimension, category
            order by measure
            rows between unbounded preceding and current row
        ) as cumulative_events,
        sum(events)
            over (partition by side, outcome, statistic, dimension, category)
            as values_in_group,
        sum(events * measure)
            over (partition by side, outcome, statistic, dimension, category)
        / sum(events)
            over (partition by side, outcome, statistic, dimension, category)
            as group_mean
    from group_values
),

crude as (
    -- and the order statistics y(a) and y(n - a + 1) of the median's
    -- interval (published for a median outcome only)
    select
        side,
        outcome,
        statistic,
        dimension,
        category,
        sum(events) as events,
        sum(events * measure) as measure_sum,
        sum(events * measure) / sum(events) as measure_mean,
        {{ histogram_median(
            'values_in_group', 'measure', 'events', 'cumulative_events') }}
            as measure_median,
        {{ histogram_variance('measure', 'events', 'group_mean') }}
            as measure_variance,
        {{ histogram_value_at_rank(
            median_order_rank('values_in_group'),
            'measure', 'events', 'cumulative_events') }}
            as median_lower_statistic,
        {{ histogram_value_at_rank(
            'values_in_group - '
            ~ median_order_rank('values_in_group') ~ ' + 1',
            'measure', 'events', 'cumulative_events') }}
            as median_upper_statistic
    from value_positions
    group by side, outcome, statistic, dimension, category
),

adjusted_sums as (
    select
        outcome,
        dimension,
        category,
        adjusted_for,
        sum(events) as events,
        sum(events * measure) as observed,
        sum(expected) as expected,
        sum(events * measure * measure) as observed_squares,
        sum(measure * expected) as observed_by_expected,
        sum(expected_squares) as expected_squares
    from category_values
    group by outcome, dimension, category, adjusted_for
),

adjusted as (
    {{ indirect_standardisation_from_sums(
        'adjusted_sums',
        ['outcome', 'dimension', 'category', 'adjusted_for']) }}
),

coverage as (
    -- per outcome: all events, and those whose patient has a known IMD decile
    -- or lives where ECC social care records can cover them
    select
        events.outcome,
        count(*) as all_events,
        {{ count_where('patients.imd_decile is not null') }}
            as imd_known_events,
        {{ count_where('patients.is_ecc_resident') }} as ecc_resident_events
    from events
    inner join {{ ref('dim_patient') }} as patients
        on events.nhs_number_pseudonym = patients.nhs_number_pseudonym
    group by events.outcome
),

partition_coverage as (
    -- the partitioning dimensions: events in a known category
    select
        outcome,
        dimension,
        sum(case when {{ is_known }} then events else 0 end) as known_events
    from category_values
    where dimension <> 'vulnerable_group'
    group by outcome, dimension
)

select
    cast(crude.side as {{ dbt.type_string() }}) as side,
    crude.outcome,
    crude.statistic,
    crude.dimension,
    crude.category,
    cast(crude.events as {{ dbt.type_bigint() }}) as events,
    crude.measure_sum,
    crude.measure_mean,
    crude.measure_median,
    crude.measure_variance,
    case
        when crude.statistic = 'median' then crude.median_lower_statistic
    end as median_lower_statistic,
    case
        when crude.statistic = 'median' then crude.median_upper_statistic
    end as median_upper_statistic,
    adjusted.adjusted_for,
    adjusted.expected as expected_sum,
    adjusted.standardised_ratio as adjusted_ratio,
    adjusted.ratio_se_log as adjusted_se_log,
    adjusted.ratio_ci_lower as adjusted_ci_lower,
    adjusted.ratio_ci_upper as adjusted_ci_upper,
    adjusted.p_value as adjusted_p_value,
    case
        when crude.side <> 'own' then null
        when crude.dimension <> 'vulnerable_group'
            then partition_coverage.known_events
        when crude.category = 'core20' then coverage.imd_known_events
        else coverage.ecc_resident_events
    end as known_events,
    case when crude.side = 'own' then coverage.all_events end as all_events
from crude
left join adjusted
    on
        crude.side = 'own'
        and crude.outcome = adjusted.outcome
        and crude.dimension = adjusted.dimension
        and crude.category = adjusted.category
left join coverage
    on crude.outcome = coverage.outcome
left join partition_coverage
    on
        crude.outcome = partition_coverage.outcome
        and crude.dimension = partition_coverage.dimension
