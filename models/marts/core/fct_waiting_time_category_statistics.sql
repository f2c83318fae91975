{#- The statistics behind rq4_waiting_time_inequality, before disclosure
    control: one row per side, measure, dimension and category. Side `own`
    summarises the waiting-list pathways of the category's patients (and, in
    dimension `all`, every pathway); side `complement` those of all other
    patients, for the local_authority and vulnerable_group dimensions, which
    compare with them. The pathways are fct_outcome_events' (known patients,
    objectors removed) with their stratum, case_mix: the pathway's treatment
    function (the feed's specialty) x referral priority.

    Crude: pathways, persons, the value (median, mean and 92nd percentile of
    days waited; percentage waiting over 18 / 52 weeks) and, for the days, its
    standard errors from the order statistics (median: Price and Bonett;
    92nd percentile: quantile_interval) or the variance (mean).

    Adjusted (indirect standardisation for treatment function x priority): the
    expected value is the category's value had each of its pathways waited as
    the whole Trust's pathways of its stratum. For the mean and the
    percentages that is the mean of the pathways' stratum means (stratum_mean;
    the indirectly standardised ratio and its delta-method standard error come
    from indirect_standardisation); for the median and 92nd percentile, the
    quantile of the mixture of the Trust's stratum distributions of days,
    weighted by the category's pathways per stratum. adjusted_value = value x
    the Trust's value / expected_value. Restricted: counts before disclosure
    control, not for publication. -#}
{%- set p92_percent = 92 -%}
{%- set tolerance = 0.000000001 -%}
with

outcome_events as (
    select * from {{ ref('fct_outcome_events') }}
    where service = 'waiting_list'
),

pathways as (
    select * from {{ ref('fct_waiting_list_pathways') }}
),

breakdowns as (
    select * from {{ ref('dim_patient_breakdowns') }}
),

pathway_values as (
    -- one row per pathway and measure group: `days` (days waited, for the
    -- median, mean and 92nd percentile) and over_18_weeks / over_52_weeks (1
    -- or 0), each over the pathways fct_outcome_events takes for the outcome
    select
        'days' as measure_group,
        outcome_events.event_id as pathway_id,
        outcome_events.nhs_number_pseudonym,
        outcome_events.case_mix,
        {{ to_double('pathways.days_waiting') }} as measure
    from outcome_events
    inner join pathways
        on outcome_events.event_id = pathways.pathway_id
    where
        outcome_events.outcome = 'rtt_weeks_waiting_median'
        and pathways.days_waiting is not null

    union all

    select
        case outcome
            when 'rtt_over_18_weeks_pct' then 'over_18_weeks'
            else 'over_52_weeks'
        end as measure_group,
        event_id as pathway_id,
        nhs_number_pseudonym,
        case_mix,
        measure
    from outcome_events
    where outcome in ('rtt_over_18_weeks_pct', 'rtt_over_52_weeks_pct')
),

standardised as (
    -- each pathway's expected value: the Trust's mean in its stratum
    select
        *,
        {{ stratum_mean('measure', ['case_mix'], 'measure_group') }}
            as expected_measure
    from pathway_values
),

complement_categories as (
    select
        dimension,
        category
    from {{ ref('dim_breakdown_categories') }}
    where dimension in ('local_authority', 'vulnerable_group')
),

compared as (
    select
        'own' as side,
        breakdowns.dimension,
        breakdowns.category,
        standardised.*
    from standardised
    inner join breakdowns
        on standardised.nhs_number_pseudonym = breakdowns.nhs_number_pseudonym

    union all

    select
        'own' as side,
        'all' as dimension,
        'All' as category,
        standardised.*
    from standardised

    union all

    -- each category's complement: the pathways of patients not in it
    select
        'complement' as side,
        complement_categories.dimension,
        complement_categories.category,
        standardised.*
    from standardised
    cross join complement_categories
    left join breakdowns
        on
            standardised.nhs_number_pseudonym = breakdowns.nhs_number_pseudonym
            and complement_categories.dimension = breakdowns.dimension
            and complement_categories.category = breakdowns.category
    where breakdowns.nhs_number_pseudonym is null
),

sums as (
    {{ indirect_standardisation(
        'compared', ['side', 'measure_group', 'dimension', 'category'],
        'measure', 'expected_measure') }}
),

crude as (
    select
        side,
        measure_group,
        dimension,
        category,
        count(distinct nhs_number_pseudonym) as persons,
        var_samp(measure) as measure_variance,
        median(measure) as measure_median
    from compared
    group by side, measure_group, dimension, category
),

day_positions as (
    select
        side,
        dimension,
        category,
        measure as days_waited,
        row_number() over (
            partition by side, dimension, category order by measure
        ) as value_position,
        count(*) over (partition by side, dimension, category) as n
    from compared
    where measure_group = 'days'
),

day_ranks as (
    select
        day_positions.*,
        {{ median_order_rank('n') }} as median_rank,
        {{ quantile_rank('n', p92_percent) }} as p92_rank,
        {{ quantile_lower_rank('n', p92_percent) }} as p92_lower_rank,
        {{ quantile_upper_rank('n', p92_percent) }} as p92_upper_rank
    from day_positions
),

order_statistics as (
    -- the order statistics of the median's and the 92nd percentile's intervals
    select
        side,
        dimension,
        category,
        max(case when value_position = median_rank then days_waited end)
            as median_lower_statistic,
        max(case when value_position = n - median_rank + 1 then days_waited end)
            as median_upper_statistic,
        max(case when value_position = p92_rank then days_waited end)
            as days_p92,
        max(case when value_position = p92_lower_rank then days_waited end)
            as p92_lower_statistic,
        max(case when value_position = p92_upper_rank then days_waited end)
            as p92_upper_statistic
    from day_ranks
    group by side, dimension, category
),

stratum_days as (
    -- the Trust's distribution of days waited in each stratum
    select
        case_mix,
        measure as days_waited,
        count(*) as pathways_at_days,
        sum(count(*)) over (partition by case_mix) as stratum_pathways
    from standardised
    where measure_group = 'days'
    group by case_mix, measure
),

group_strata as (
    select
        side,
        dimension,
        category,
        case_mix,
        count(*) as group_pathways
    from compared
    where measure_group = 'days'
    group by side, dimension, category, case_mix
),

expected_days as (
    -- the mixture: each stratum's distribution weighted by the group's
    -- pathways in it
    select
        group_strata.side,
        group_strata.dimension,
        group_strata.category,
        stratum_days.days_waited,
        sum(
            {{ to_double('group_strata.group_pathways') }}
            * stratum_days.pathways_at_days / stratum_days.stratum_pathways
        ) as weight
    from group_strata
    inner join stratum_days
        on group_strata.case_mix = stratum_days.case_mix
    group by
        group_strata.side,
        group_strata.dimension,
        group_strata.category,
        stratum_days.days_waited
),

expected_cumulative as (
    select
        *,
        sum(weight) over (
            partition by side, dimension, category
            order by days_waited
            rows between unbounded preceding and current row
        ) as cumulative_weight,
        sum(weight)
            over (partition by side, dimension, category)
            as total_weight
    from expected_days
),

expected_quantiles as (
    -- the mixture's median (the mean of the two middle values, as median()
    -- for an even count) and 92nd percentile (type 1, as days_p92)
    select
        side,
        dimension,
        category,
        (
            min(case
                when
                    cumulative_weight
                    >= 0.5 * total_weight * (1 - {{ tolerance }})
                    then days_waited
            end)
            + min(case
                when
                    cumulative_weight
                    > 0.5 * total_weight * (1 + {{ tolerance }})
                    then days_waited
            end)
        ) / 2.0 as expected_median,
        min(case
            when
                cumulative_weight
                >= {{ p92_percent }}
                / 100.0
                * total_weight
                * (1 - {{ tolerance }})
                then days_waited
        end) as expected_p92
    from expected_cumulative
    group by side, dimension, category
),

groups as (
    select
        sums.side,
        sums.measure_group,
        sums.dimension,
        sums.category,
        sums.events as pathways,
        crude.persons,
        sums.observed,
        sums.expected,
        sums.ratio_se_log,
        crude.measure_variance,
        crude.measure_median,
        order_statistics.median_lower_statistic,
        order_statistics.median_upper_statistic,
        order_statistics.days_p92,
        order_statistics.p92_lower_statistic,
        order_statistics.p92_upper_statistic,
        expected_quantiles.expected_median,
        expected_quantiles.expected_p92
    from sums
    inner join crude
        on
            sums.side = crude.side
            and sums.measure_group = crude.measure_group
            and sums.dimension = crude.dimension
            and sums.category = crude.category
    left join order_statistics
        on
            sums.measure_group = 'days'
            and sums.side = order_statistics.side
            and sums.dimension = order_statistics.dimension
            and sums.category = order_statistics.category
    left join expected_quantiles
        on
            sums.measure_group = 'days'
            and sums.side = expected_quantiles.side
            and sums.dimension = expected_quantiles.dimension
            and sums.category = expected_quantiles.category
),

measures as (
    -- value_se_log / value_se: standard errors of ln(value) and of the value
    -- (percentages: none here; the mart computes theirs from published counts);
    -- adjusted_se_log: of ln(adjusted_value), the expected value taken as known
    select
        side,
        'days_median' as measure,
        dimension,
        category,
        pathways,
        persons,
        {{ to_double('null') }} as numerator,
        measure_median as crude_value,
        {{ median_log_se(
            'median_lower_statistic', 'median_upper_statistic', 'pathways') }}
            as value_se_log,
        {{ median_se(
            'median_lower_statistic', 'median_upper_statistic', 'pathways') }}
            as value_se,
        expected_median as expected_value,
        {{ median_log_se(
            'median_lower_statistic', 'median_upper_statistic', 'pathways') }}
            as adjusted_se_log
    from groups
    where measure_group = 'days'

    union all

    select
        side,
        'days_mean' as measure,
        dimension,
        category,
        pathways,
        persons,
        {{ to_double('null') }} as numerator,
        observed / pathways as crude_value,
        sqrt(measure_variance / pathways) / nullif(observed / pathways, 0)
            as value_se_log,
        sqrt(measure_variance / pathways) as value_se,
        expected / pathways as expected_value,
        ratio_se_log as adjusted_se_log
    from groups
    where measure_group = 'days'

    union all

    select
        side,
        'days_p92' as measure,
        dimension,
        category,
        pathways,
        persons,
        {{ to_double('null') }} as numerator,
        days_p92 as crude_value,
        {{ quantile_log_se('p92_lower_statistic', 'p92_upper_statistic') }}
            as value_se_log,
        {{ quantile_se('p92_lower_statistic', 'p92_upper_statistic') }}
            as value_se,
        expected_p92 as expected_value,
        {{ quantile_log_se('p92_lower_statistic', 'p92_upper_statistic') }}
            as adjusted_se_log
    from groups
    where measure_group = 'days'

    union all

    select
        side,
        {{ dbt.concat(['measure_group', "'_pct'"]) }} as measure,
        dimension,
        category,
        pathways,
        persons,
        observed as numerator,
        100.0 * observed / pathways as crude_value,
        {{ to_double('null') }} as value_se_log,
        {{ to_double('null') }} as value_se,
        100.0 * expected / pathways as expected_value,
        ratio_se_log as adjusted_se_log
    from groups
    where measure_group in ('over_18_weeks', 'over_52_weeks')
),

trust as (
    select
        measure,
        crude_value as trust_value
    from measures
    where dimension = 'all'
)

select
    cast(measures.side as {{ dbt.type_string() }}) as side,
    cast(measures.measure as {{ dbt.type_string() }}) as measure,
    cast(measures.dimension as {{ dbt.type_string() }}) as dimension,
    cast(measures.category as {{ dbt.type_string() }}) as category,
    cast(measures.pathways as {{ dbt.type_bigint() }}) as pathways,
    cast(measures.persons as {{ dbt.type_bigint() }}) as persons,
    cast(measures.numerator as {{ dbt.type_bigint() }}) as numerator,
    {{ to_double('measures.crude_value') }} as crude_value,
    {{ to_double('measures.value_se_log') }} as value_se_log,
    {{ to_double('measures.value_se') }} as value_se,
    {{ to_double('measures.expected_value') }} as expected_value,
    {{ to_double('trust.trust_value') }} as trust_value,
    {{ to_double(
        'measures.crude_value * trust.trust_value / nullif(measures.expected_value, 0)'
    ) }} as adjusted_value,
    {{ to_double('measures.adjusted_se_log') }} as adjusted_se_log,
    cast('specialty x referral_priority' as {{ dbt.type_string() }})
        as adjusted_for
from measures
inner join trust
    on measures.measure = trust.measure
