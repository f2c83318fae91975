-- RQ4: do healthcare outcomes vary by protected characteristics, deprivation
-- or vulnerable groups? Every category whose ratio to its reference has a
-- 95% interval that excludes 1 (a difference unlikely to be chance), with
-- the outcome's social gradient across IMD deciles beside it. Medians have
-- no interval, so they are listed when the ratio is at least 1.2 or at most
-- 1/1.2 instead. Run: dbt show --select rq4_outcome_differences --limit 200
with

variation as (
    select * from {{ ref('rq4_outcome_variation') }}
),

gradients as (
    select * from {{ ref('rq4_inequality_gradient') }}
),

notable as (
    select
        outcome,
        dimension,
        category,
        reference_category,
        base,
        round(value, 2) as value,  -- noqa: RF04
        round(ratio_to_reference, 2) as ratio_to_reference,
        round(ci_lower, 2) as ci_lower,
        round(ci_upper, 2) as ci_upper
    from variation
    where
        ci_lower > 1
        or ci_upper < 1
        or (
            outcome like '%_median'
            and (ratio_to_reference >= 1.2 or ratio_to_reference <= 1 / 1.2)
        )
)

select
    notable.*,
    round(gradients.slope_index, 2) as sii_most_minus_least_deprived,
    round(gradients.relative_index, 3) as rii,
    round(gradients.ci_lower, 2) as sii_ci_lower,
    round(gradients.ci_upper, 2) as sii_ci_upper
from notable
left join gradients
    on notable.outcome = gradients.outcome
order by
    notable.outcome asc,
    notable.dimension asc,
    notable.ratio_to_reference desc
