{#- RQ4: the social gradient of each outcome across IMD 2019 deciles, crude
    and adjusted. One row per outcome: the slope index of inequality (SII)
    and relative index (RII) as PHE/OHID compute them, of the published
    imd_decile values of rq4_outcome_variation (crude), and of the deciles'
    indirectly standardised values (adjusted: each decile's adjusted ratio
    times the whole Trust's value, the value the decile would have with the
    Trust's case mix), each decile weighted by its published base and ranked
    from the least deprived, so the SII is most deprived minus least deprived.
    Intervals by PHE's simulation (slope_index_simulated), each decile's value
    redrawn from its own standard error: for a percentage the Wilson
    interval's of its published counts, for a mean s / sqrt(n), for a median
    its Price-Bonett standard error, for an adjusted value the Trust's value
    times its adjusted ratio's interval width / (2 x 1.96). Null unless all 10
    deciles have a published value: suppression is not random, so a fit
    around suppressed deciles would be biased. -#}
{%- set z = z_95() -%}
{%- set ci_method = 'simulation (PHE/OHID): '
    ~ var('slope_index_simulation_draws')
    ~ ' quasi-random normal draws of each decile from its own standard error;'
    ~ ' 2.5th and 97.5th percentiles of the refitted slope index' -%}
with

published as (
    select * from {{ ref('rq4_outcome_variation') }}
    where dimension = 'imd_decile' and category <> 'Unknown'
),

statistics as (
    select * from {{ ref('fct_outcome_category_statistics') }}
    where side = 'own'
),

trust_values as (
    -- the whole Trust's crude value of each outcome (all of its events, in
    -- the unit of rq4_outcome_variation's value)
    select
        outcome,
        max(statistic) as statistic,
        sum(measure_sum) / sum(events)
        * case when max(statistic) = 'percentage' then 100.0 else 1.0 end
            as trust_value
    from statistics
    where dimension = 'imd_decile'
    group by outcome
),

published_counts as (
    -- a percentage's Wilson interval, from its published counts (numerator =
    -- value x base / 100)
    select
        published.*,
        {{ wilson_lower('published.value * published.base / 100.0',
            'published.base', 100) }} as wilson_lower_pct,
        {{ wilson_upper('published.value * published.base / 100.0',
            'published.base', 100) }} as wilson_upper_pct
    from published
),

deciles as (
    select
        published.outcome,
        cast(published.category as integer) as imd_decile,
        published.value,
        published.base,
        case statistics.statistic
            when 'percentage'
                then
                    (published.wilson_upper_pct - published.wilson_lower_pct)
                    / (2 * {{ z }})
            when 'mean'
                then sqrt(
                    statistics.measure_variance / nullif(statistics.events, 0)
                )
            when 'median'
                then published.value * {{ median_log_se(
                    'statistics.median_lower_statistic',
                    'statistics.median_upper_statistic', 'statistics.events') }}
        end as value_se,
        published.adjusted_ratio * trust_values.trust_value as adjusted_value,
        trust_values.trust_value
        * (published.adjusted_ci_upper - published.adjusted_ci_lower)
        / (2 * {{ z }}) as adjusted_value_se
    from published_counts as published
    inner join statistics
        on
            published.outcome = statistics.outcome
            and published.dimension = statistics.dimension
            and published.category = statistics.category
    inner join trust_values
        on published.outcome = trust_values.outcome
    where published.value is not null and published.base > 0
),

crude as (
    {{ slope_index_simulated(
        'deciles', 'imd_decile', 'value', 'value_se', 'base',
        group_by=['outcome'], reverse_sign=true, min_quantiles=10,
        draws=var('slope_index_simulation_draws')
    ) }}
),

adjusted as (
    {{ slope_index_simulated(
        'deciles', 'imd_decile', 'adjusted_value', 'adjusted_value_se', 'base',
        group_by=['outcome'], reverse_sign=true, min_quantiles=10,
        draws=var('slope_index_simulation_draws')
    ) }}
),

outcomes as (
    select distinct outcome
    from {{ ref('rq4_outcome_variation') }}
)

select
    cast(outcomes.outcome as {{ dbt.type_string() }}) as outcome,
    {{ to_double('crude.slope_index') }} as slope_index,
    {{ to_double('crude.relative_index') }} as relative_index,
    {{ to_double('crude.slope_index_ci_lower') }} as ci_lower,
    {{ to_double('crude.slope_index_ci_upper') }} as ci_upper,
    {{ to_double('adjusted.slope_index') }} as adjusted_slope_index,
    {{ to_double('adjusted.relative_index') }} as adjusted_relative_index,
    {{ to_double('adjusted.slope_index_ci_lower') }} as adjusted_ci_lower,
    {{ to_double('adjusted.slope_index_ci_upper') }} as adjusted_ci_upper,
    cast(
        '{{ ci_method }}' as {{ dbt.type_string() }}
    ) as ci_method
from outcomes
left join crude
    on outcomes.outcome = crude.outcome
left join adjusted
    on outcomes.outcome = adjusted.outcome
