-- RQ3: are some areas or social care cohorts more prevalent in the MSEFT
-- patient data? The wards and districts whose patient rate is significantly
-- above the whole area's (the 95% interval of the rate ratio above 1), with
-- the rate's own 95% interval (Byar's method, PHE's phe_rate, computed here
-- from the published counts with the project's macros), then the social care
-- cohorts most over-represented among patients. Run: dbt show --select
-- rq3_prevalent_areas_and_cohorts --limit 100
with

areas as (
    select * from {{ ref('rq3_area_prevalence') }}
    where service = 'any' and area_type in ('ward', 'local_authority')
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
        round(rate_ratio, 2) as rate_ratio,
        round(ci_lower, 2) as ratio_ci_lower,
        round(ci_upper, 2) as ratio_ci_upper
    from areas
    where ci_lower > 1
),

high_cohorts as (
    select
        cohort,
        cohort_persons,
        patients,
        round(pct_of_cohort, 1) as pct_of_cohort,
        round(ratio_to_all, 2) as ratio_to_all,
        row_number() over (order by ratio_to_all desc) as cohort_rank
    from cohorts
    where ratio_to_all is not null and cohort_persons >= 20
)

select
    area_type as row_kind,
    area_name as area_or_cohort,
    patients,
    population as denominator,
    rate_per_1000 as rate_or_pct,
    rate_ci_lower,
    rate_ci_upper,
    rate_ratio as ratio,
    ratio_ci_lower,
    ratio_ci_upper
from high_areas

union all

select
    'cohort' as row_kind,
    cohort as area_or_cohort,
    patients,
    cohort_persons as denominator,
    pct_of_cohort as rate_or_pct,
    null as rate_ci_lower,
    null as rate_ci_upper,
    ratio_to_all as ratio,
    null as ratio_ci_lower,
    null as ratio_ci_upper
from high_cohorts
where cohort_rank <= 10
order by row_kind asc, ratio desc
