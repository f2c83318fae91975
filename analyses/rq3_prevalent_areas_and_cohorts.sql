-- RQ3: are some areas or social care cohorts more prevalent in the MSEFT
-- patient data? The wards and districts of the Trust's catchment whose age-
-- and-sex standardised ratio has a 95% interval above 1 (more patients than
-- the catchment's rates predict for their residents), with the crude rate per
-- 1,000 residents and its own 95% interval (Byar's method, PHE's phe_rate,
-- computed here from the published counts with the project's macros); the
-- deprivation gradient of standardised rates within the catchment; then the
-- social care cohorts whose standardised ratio against the people outside
-- them has an interval above 1. Run: dbt show --select
-- rq3_prevalent_areas_and_cohorts --limit 100
with

areas as (
    select * from {{ ref('rq3_area_prevalence') }}
    where
        service = 'any'
        and area_type in ('ward', 'local_authority')
        and in_catchment
),

gradient as (
    select * from {{ ref('rq3_deprivation_gradient') }}
    where service = 'any'
),

cohorts as (
    select * from {{ ref('rq3_cohort_prevalence') }}
    where service = 'any'
),

high_areas as (
    select
        area_type,
        area_name,
        patients,
        population,
        round(rate_per_1000, 2) as rate_per_1000,
        round({{ rate_per_1000_ci_lower('patients', 'population') }}, 2)
            as rate_ci_lower,
        round({{ rate_per_1000_ci_upper('patients', 'population') }}, 2)
            as rate_ci_upper,
        round(standardised_ratio, 2) as standardised_ratio,
        round(sr_ci_lower, 2) as ratio_ci_lower,
        round(sr_ci_upper, 2) as ratio_ci_upper
    from areas
    where sr_ci_lower > 1
),

high_cohorts as (
    select
        cohort,
        cohort_persons,
        patients,
        round(pct_of_cohort, 1) as pct_of_cohort,
        round(standardised_ratio, 2) as standardised_ratio,
        round(sr_ci_lower, 2) as ratio_ci_lower,
        round(sr_ci_upper, 2) as ratio_ci_upper
    from cohorts
    where sr_ci_lower > 1
)

select
    area_type as row_kind,
    area_name as area_or_cohort,
    patients,
    population as denominator,
    rate_per_1000 as rate_or_pct,
    rate_ci_lower,
    rate_ci_upper,
    standardised_ratio as ratio,
    ratio_ci_lower,
    ratio_ci_upper
from high_areas

union all

select
    'deprivation gradient (SII, per 1,000)' as row_kind,
    'IMD deciles within the catchment' as area_or_cohort,
    null as patients,
    null as denominator,
    null as rate_or_pct,
    null as rate_ci_lower,
    null as rate_ci_upper,
    round(slope_index, 2) as ratio,
    round(ci_lower, 2) as ratio_ci_lower,
    round(ci_upper, 2) as ratio_ci_upper
from gradient

union all

select
    'cohort' as row_kind,
    cohort as area_or_cohort,
    patients,
    cohort_persons as denominator,
    pct_of_cohort as rate_or_pct,
    null as rate_ci_lower,
    null as rate_ci_upper,
    standardised_ratio as ratio,
    ratio_ci_lower,
    ratio_ci_upper
from high_cohorts
order by row_kind asc, ratio desc
