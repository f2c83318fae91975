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

complement_events as (
    -- each category's complement: the events of patients not in it
    select
        events.outcome,
        events.statistic,
        complement_categories.dimension,
        complement_categories.category,
        events.measure
    from events
    cross join complement_categories
    left join breakdowns
        on
            events.nhs_number_pseudonym = breakdowns.nhs_number_pseudonym
            and complement_categories.dimension = breakdowns.dimension
            and complement_categories.category = breakdowns.category
    where breakdowns.nhs_number_pseudonym is null
),

compared_events as (
    select
        'own' as side,
        outcome,
        statistic,
        dimension,
        category,
        measure
    from category_events

    union all

    select
        'complement' as side,
        outcome,
        statistic,
        dimension,
        category,
        measure
    from complement_events
),

crude as (
    select
        side,
        outcome,
        statistic,
        dimension,
        category,
        count(*) as events,
        sum(measure) as measure_sum,
        avg(measure) as measure_mean,
        median(measure) as measure_median,
        var_samp(measure) as measure_variance
    from compared_events
    group by side, outcome, statistic, dimension, category
),

median_positions as (
    select
        side,
        outcome,
        dimension,
        category,
        measure,
        row_number() over (
            partition by side, outcome, dimension, category order by measure
        ) as value_position,
        count(*) over (partition by side, outcome, dimension, category)
            as values_in_group
    from compared_events
    where statistic = 'median'
),

median_ranks as (
    select
        median_positions.*,
        {{ median_order_rank('values_in_group') }} as lower_rank
    from median_positions
),

median_bounds as (
    -- the order statistics y(a) and y(n - a + 1) of the median's interval
    select
        side,
        outcome,
        dimension,
        category,
        max(case when value_position = lower_rank then measure end)
            as median_lower_statistic,
        max(case
            when value_position = values_in_group - lower_rank + 1
                then measure
        end) as median_upper_statistic
    from median_ranks
    group by side, outcome, dimension, category
),

adjusted as (
    {{ indirect_standardisation(
        'category_events',
        ['outcome', 'dimension', 'category', 'adjusted_for'],
        'measure', 'expected_measure') }}
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
        {{ count_where("category not in ('" ~ missing | join("', '") ~ "')") }}
            as known_events
    from category_events
    where dimension <> 'vulnerable_group'
    group by outcome, dimension
)

select
    cast(crude.side as {{ dbt.type_string() }}) as side,
    crude.outcome,
    crude.statistic,
    crude.dimension,
    crude.category,
    crude.events,
    crude.measure_sum,
    crude.measure_mean,
    crude.measure_median,
    crude.measure_variance,
    median_bounds.median_lower_statistic,
    median_bounds.median_upper_statistic,
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
left join median_bounds
    on
        crude.side = median_bounds.side
        and crude.outcome = median_bounds.outcome
        and crude.dimension = median_bounds.dimension
        and crude.category = median_bounds.category
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
