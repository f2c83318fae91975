-- RQ4: do healthcare outcomes vary by protected characteristics, deprivation
-- or vulnerable groups? Only what survives: every category whose adjusted
-- ratio (for age, sex and case mix, against the whole Trust) is flagged after
-- Benjamini-Hochberg control of the false discovery rate within its outcome,
-- in a breakdown complete enough to be reliable, with the crude ratio to the
-- reference category beside it and the outcome's crude and adjusted slope
-- index across IMD deciles. Run: dbt show --select rq4_outcome_differences
-- --limit 200
with

variation as (
    select * from {{ ref('rq4_outcome_variation') }}
),

gradients as (
    select * from {{ ref('rq4_inequality_gradient') }}
),

surviving as (
    select
        outcome,
        dimension,
        category,
        base,
        adjusted_for,
        reference_category,
        round(value, 2) as value,  -- noqa: RF04
        round(adjusted_ratio, 3) as adjusted_ratio,
        round(adjusted_ci_lower, 3) as adjusted_ci_lower,
        round(adjusted_ci_upper, 3) as adjusted_ci_upper,
        round(ratio_to_reference, 2) as crude_ratio_to_reference,
        round(completeness_pct, 1) as completeness_pct
    from variation
    where is_significant_fdr
)

select
    surviving.*,
    round(gradients.slope_index, 2) as crude_sii,
    round(gradients.adjusted_slope_index, 2) as adjusted_sii,
    round(gradients.adjusted_ci_lower, 2) as adjusted_sii_ci_lower,
    round(gradients.adjusted_ci_upper, 2) as adjusted_sii_ci_upper
from surviving
left join gradients
    on surviving.outcome = gradients.outcome
order by
    surviving.outcome asc,
    surviving.dimension asc,
    surviving.adjusted_ratio desc
