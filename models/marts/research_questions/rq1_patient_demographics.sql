{#- RQ1: the demographic make-up of the MSEFT patients. One row per service,
    dimension and category (every category of dim_breakdown_categories, with 0
    where no patient falls in it); counts of distinct hospital persons after
    opt-outs, disclosure-controlled. -#}
with

services as (
    select * from {{ ref('dim_patient_services') }}
),

breakdowns as (
    select * from {{ ref('dim_patient_breakdowns') }}
),

categories as (
    select * from {{ ref('dim_breakdown_categories') }}
),

service_totals as (
    select
        service_list.service,
        count(services.nhs_number_pseudonym) as service_patients
    from {{ ref('dim_services') }} as service_list
    left join services
        on service_list.service = services.service
    group by service_list.service
),

counted as (
    select
        services.service,
        breakdowns.dimension,
        breakdowns.category,
        count(*) as patients
    from services
    inner join breakdowns
        on services.nhs_number_pseudonym = breakdowns.nhs_number_pseudonym
    group by services.service, breakdowns.dimension, breakdowns.category
),

filled as (
    select
        service_totals.service,
        categories.dimension,
        categories.category,
        service_totals.service_patients,
        coalesce(counted.patients, 0) as patients
    from service_totals
    cross join categories
    left join counted
        on
            service_totals.service = counted.service
            and categories.dimension = counted.dimension
            and categories.category = counted.category
),

{{ publish_breakdown(
    'filled',
    columns=['service', 'dimension', 'category'],
    counts=['patients'],
    percentages={'pct_of_service': ['patients', 'service_patients']}
) }}
