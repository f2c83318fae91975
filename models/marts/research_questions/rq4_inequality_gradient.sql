{#- RQ4: the social gradient of each outcome across IMD 2019 deciles. One row
    per outcome: the slope index of inequality (SII) and relative index of
    inequality (RII) as Public Health England computes them
    (slope_index_of_inequality macro), from the published imd_decile rows of
    rq4_outcome_variation: each decile's value, weighted by its published
    base. Ranked from the least deprived, so the SII is the fitted value in
    the most deprived minus the least deprived (positive: higher in more
    deprived areas); ci_lower and ci_upper are the SII's 95% interval. Null
    unless all 10 deciles have a published value: suppression is not random,
    so a fit around suppressed deciles would be biased. -#}
with

deciles as (
    select
        outcome,
        cast(category as integer) as imd_decile,
        value,
        base
    from {{ ref('rq4_outcome_variation') }}
    where
        dimension = 'imd_decile'
        and category <> 'Unknown'
        and value is not null
        and base > 0
),

gradients as (
    {{ slope_index_of_inequality(
        'deciles', 'imd_decile', 'value', 'base',
        group_by=['outcome'], reverse_sign=true, min_quantiles=10
    ) }}
),

outcomes as (
    select distinct outcome
    from {{ ref('rq4_outcome_variation') }}
)

select
    cast(outcomes.outcome as {{ dbt.type_string() }}) as outcome,
    {{ to_double('gradients.slope_index') }} as slope_index,
    {{ to_double('gradients.relative_index') }} as relative_index,
    {{ to_double('gradients.slope_index_ci_lower') }} as ci_lower,
    {{ to_double('gradients.slope_index_ci_upper') }} as ci_upper
from outcomes
left join gradients
    on outcomes.outcome = gradients.outcome
