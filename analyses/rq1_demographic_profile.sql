-- RQ1: what is the demographic make-up of people in the MSEFT patient data?
-- Each category's share of the patients of each service, side by side, and
-- how far the inpatient and waiting-list shares differ from A&E's
-- (percentage points), from the published mart. Run: dbt show --select
-- rq1_demographic_profile --limit 100 (or dbt compile, then run
-- target/compiled/.../analyses/rq1_demographic_profile.sql).
with

published as (
    select * from {{ ref('rq1_patient_demographics') }}
),

categories as (
    select * from {{ ref('dim_breakdown_categories') }}
),

side_by_side as (
    select
        dimension,
        category,
        max(case when service = 'any' then patients end) as any_patients,
        max(case when service = 'any' then pct_of_service end) as any_pct,
        max(case when service = 'ae' then pct_of_service end) as ae_pct,
        max(case when service = 'inpatient' then pct_of_service end)
            as inpatient_pct,
        max(case when service = 'waiting_list' then pct_of_service end)
            as waiting_list_pct
    from published
    group by dimension, category
)

select
    side_by_side.dimension,
    side_by_side.category,
    side_by_side.any_patients,
    round(side_by_side.any_pct, 1) as any_pct,
    round(side_by_side.ae_pct, 1) as ae_pct,
    round(side_by_side.inpatient_pct, 1) as inpatient_pct,
    round(side_by_side.waiting_list_pct, 1) as waiting_list_pct,
    round(side_by_side.inpatient_pct - side_by_side.ae_pct, 1)
        as inpatient_minus_ae_points,
    round(side_by_side.waiting_list_pct - side_by_side.ae_pct, 1)
        as waiting_list_minus_ae_points
from side_by_side
inner join categories
    on
        side_by_side.dimension = categories.dimension
        and side_by_side.category = categories.category
order by categories.dimension_order, categories.category_order
