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
    percentages that is the mean of the pathways' stratum means (stratum_means;
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

complement_categories as (
    select
        dimension,
        category
    from {{ ref('dim_breakdown_categories') }}
    where dimension in ('local_authority', 'vulnerable_group')
),

category_pathways as (
    -- the own side: each pathway once per category of its patient, and once
    -- in dimension `all` (every pathway)
    select
        breakdowns.dimension,
        breakdowns.category,
        pathway_values.*
    from pathway_values
    inner join breakdowns
        on pathway_values.nhs_number_pseudonym = breakdowns.nhs_number_pseudonym

    union all

    select
        'all' as dimension,
        'All' as category,
        pathway_values.*
    from pathway_values
),

/* Every statistic below is computed from three summaries of a side's
   pathways, never from the pathways themselves: their values (pathways per
   distinct value: the median, order statistics, sums and variance), their
   strata (pathways and the sum of the measure per stratum: the expected
   values) and their persons. A complement's summaries are the whole Trust's
   minus the category's own (complement_counts): copying every pathway of
   all other patients once per compared category, as this model once did,
   made 15 million rows for a trust year and ran out of memory. Days and the
   0 / 1 flags are whole numbers, so the sums subtract exactly. */

category_values as (
    select
        dimension,
        category,
        measure_group,
        measure,
        count(*) as pathways
    from category_pathways
    group by dimension, category, measure_group, measure
),

category_strata as (
    select
        dimension,
        category,
        measure_group,
        case_mix,
        count(*) as pathways,
        sum(measure) as measure_sum
    from category_pathways
    group by dimension, category, measure_group, case_mix
),

category_persons as (
    select
        dimension,
        category,
        measure_group,
        count(distinct nhs_number_pseudonym) as persons
    from category_pathways
    group by dimension, category, measure_group
),

trust_values as (
    select * from category_values
    where dimension = 'all'
),

trust_strata as (
    select * from category_strata
    where dimension = 'all'
),

trust_persons as (
    select * from category_persons
    where dimension = 'all'
),

complement_values as (
    {{ complement_counts(
        'trust_values', 'category_values', 'complement_categories',
        ['measure_group', 'measure'], ['pathways']) }}
),

complement_strata as (
    {{ complement_counts(
        'trust_strata', 'category_strata', 'complement_categories',
        ['measure_group', 'case_mix'], ['pathways', 'measure_sum']) }}
),

complement_persons as (
    {{ complement_counts(
        'trust_persons', 'category_persons', 'complement_categories',
        ['measure_group'], ['persons']) }}
),

group_values as (
    select
        'own' as side,
        dimension,
        category,
        measure_group,
        measure,
        pathways
    from category_values

    union all

    select
        'complement' as side,
        dimension,
        category,
        measure_group,
        measure,
        pathways
    from complement_values
),

group_strata as (
    select
        'own' as side,
        dimension,
        category,
        measure_group,
        case_mix,
        pathways,
        measure_sum
    from category_strata

    union all

    select
        'complement' as side,
        dimension,
        category,
        measure_group,
        case_mix,
        pathways,
        measure_sum
    from complement_strata
),

group_persons as (
    select
        'own' as side,
        dimension,
        category,
        measure_group,
        persons
    from category_persons

    union all

    select
        'complement' as side,
        dimension,
        category,
        measure_group,
        persons
    from complement_persons
),

value_positions as (
    -- each distinct value's running count in its group (the order
    -- statistics' positions), the group's size and mean
    select
        *,
        sum(pathways) over (
            partition by side, measure_group, dimension, category
            order by measure
            rows between unbounded preceding and current row
        ) as cumulative_pathways,
        sum(pathways)
            over (partition by side, measure_group, dimension, category)
            as n,
        sum(pathways * measure)
            over (partition by side, measure_group, dimension, category)
        / sum(pathways)
            over (partition by side, measure_group, dimension, category)
            as group_mean
    from group_values
),

value_statistics as (
    -- crude sums, variance and median; for the days, the order statistics of
    -- the median's and the 92nd percentile's intervals
    select
        side,
        measure_group,
        dimension,
        category,
        sum(pathways) as pathways,
        sum(pathways * measure) as observed,
        sum(pathways * measure * measure) as observed_squares,
        {{ histogram_variance('measure', 'pathways', 'group_mean') }}
            as measure_variance,
        {{ histogram_median(
            'n', 'measure', 'pathways', 'cumulative_pathways') }}
            as measure_median,
        {{ histogram_value_at_rank(
            median_order_rank('n'),
            'measure', 'pathways', 'cumulative_pathways') }}
            as median_lower_statistic,
        {{ histogram_value_at_rank(
            'n - ' ~ median_order_rank('n') ~ ' + 1',
            'measure', 'pathways', 'cumulative_pathways') }}
            as median_upper_statistic,
        {{ histogram_value_at_rank(
            quantile_rank('n', p92_percent),
            'measure', 'pathways', 'cumulative_pathways') }} as days_p92,
        {{ histogram_value_at_rank(
            quantile_lower_rank('n', p92_percent),
            'measure', 'pathways', 'cumulative_pathways') }}
            as p92_lower_statistic,
        {{ histogram_value_at_rank(
            quantile_upper_rank('n', p92_percent),
            'measure', 'pathways', 'cumulative_pathways') }}
            as p92_upper_statistic
    from value_positions
    group by side, measure_group, dimension, category
),

stratum_means as (
    -- each pathway's expected value: the Trust's mean in its stratum
    select
        measure_group,
        case_mix,
        measure_sum / pathways as expected_measure
    from trust_strata
),

expected_sums as (
    -- the sums over a group's pathways of the expected value, of the measure
    -- times it and of its square, stratum by stratum
    select
        group_strata.side,
        group_strata.measure_group,
        group_strata.dimension,
        group_strata.category,
        sum(group_strata.pathways * stratum_means.expected_measure)
            as expected,
        sum(group_strata.measure_sum * stratum_means.expected_measure)
            as observed_by_expected,
        sum(
            group_strata.pathways
            * stratum_means.expected_measure
            * stratum_means.expected_measure
        ) as expected_squares
    from group_strata
    inner join stratum_means
        on
            group_strata.measure_group = stratum_means.measure_group
            and group_strata.case_mix
            is not distinct from stratum_means.case_mix
    group by
        group_strata.side,
        group_strata.measure_group,
        group_strata.dimension,
        group_strata.category
),

standardisation_sums as (
    select
        value_statistics.side,
        value_statistics.measure_group,
        value_statistics.dimension,
        value_statistics.category,
        value_statistics.pathways as events,
        value_statistics.observed,
        expected_sums.expected,
        value_statistics.observed_squares,
        expected_sums.observed_by_expected,
        expected_sums.expected_squares
    from value_statistics
    inner join expected_sums
        on
            value_statistics.side = expected_sums.side
            and value_statistics.measure_group = expected_sums.measure_group
            and value_statistics.dimension = expected_sums.dimension
            and value_statistics.category = expected_sums.category
),

sums as (
    {{ indirect_standardisation_from_sums(
        'standardisation_sums',
        ['side', 'measure_group', 'dimension', 'category']) }}
),

stratum_days as (
    -- the Trust's distribution of days waited in each stratum
    select
        case_mix,
        measure as days_waited,
        count(*) as pathways_at_days,
        sum(count(*)) over (partition by case_mix) as stratum_pathways
    from pathway_values
    where measure_group = 'days'
    group by case_mix, measure
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
            {{ to_double('group_strata.pathways') }}
            * stratum_days.pathways_at_days / stratum_days.stratum_pathways
        ) as weight
    from group_strata
    inner join stratum_days
        on group_strata.case_mix = stratum_days.case_mix
    where group_strata.measure_group = 'days'
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
        group_persons.persons,
        sums.observed,
        sums.expected,
        sums.ratio_se_log,
        value_statistics.measure_variance,
        value_statistics.measure_median,
        value_statistics.median_lower_statistic,
        value_statistics.median_upper_statistic,
        value_statistics.days_p92,
        value_statistics.p92_lower_statistic,
        value_statistics.p92_upper_statistic,
        expected_quantiles.expected_median,
        expected_quantiles.expected_p92
    from sums
    inner join value_statistics
        on
            sums.side = value_statistics.side
            and sums.measure_group = value_statistics.measure_group
            and sums.dimension = value_statistics.dimension
            and sums.category = value_statistics.category
    inner join group_persons
        on
            sums.side = group_persons.side
            and sums.measure_group = group_persons.measure_group
            and sums.dimension = group_persons.dimension
            and sums.category = group_persons.category
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
