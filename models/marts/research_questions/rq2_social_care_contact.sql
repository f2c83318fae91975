{#- RQ2: how many MSEFT patients are known to ECC adult social care. One row
    per service and asc_status (current, previous, not_known) among the
    patients resident in the 12 districts for which ECC is the social care
    authority; counts of distinct hospital persons after opt-outs, disclosure-
    controlled. -#}
with

patients as (
    select * from {{ ref('dim_patient') }}
),

services as (
    select * from {{ ref('dim_patient_services') }}
),

residents as (
    select
        services.service,
        patients.asc_status
    from services
    inner join patients
        on services.nhs_number_pseudonym = patients.nhs_number_pseudonym
    where patients.is_ecc_resident
),

statuses as (
    select 'current' as asc_status
    union all
    select 'previous' as asc_status
    union all
    select 'not_known' as asc_status
),

grid as (
    select
        service_list.service,
        statuses.asc_status
    from {{ ref('dim_services') }} as service_list
    cross join statuses
),

counted as (
    select
        service,
        asc_status,
        count(*) as patients
    from residents
    group by service, asc_status
),

filled as (
    select
        grid.service,
        grid.asc_status,
        coalesce(counted.patients, 0) as patients,
        sum(coalesce(counted.patients, 0)) over (
            partition by grid.service
        ) as service_patients
    from grid
    left join counted
        on
            grid.service = counted.service
            and grid.asc_status = counted.asc_status
),

{{ publish_breakdown(
    'filled',
    columns=['service', 'asc_status'],
    counts=['patients'],
    percentages={'pct_of_service': ['patients', 'service_patients']}
) }}
