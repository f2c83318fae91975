{#- RQ3: which areas are more prevalent among the MSEFT patients. One row per
    area type (lsoa: 2011 LSOA, ward: 2019 ward, local_authority: district,
    imd_decile: IMD 2019 decile), area and service: distinct patients resident
    in the area, the area's mid-2015 population (IoD2019 denominators), the
    rate per 1,000 residents, and its ratio to the rate of the whole area
    (every LSOA of the reference seeds) with a 95% confidence interval by the
    log method. Patients without a known LSOA are one `Unknown` row per area
    type, without population. Rates and ratios are computed from the published
    (disclosure-controlled) counts. -#}
with

patients as (
    select * from {{ ref('dim_patient') }}
),

services as (
    select * from {{ ref('dim_patient_services') }}
),

lsoas as (
    select * from {{ ref('dim_lsoa') }}
),

area_members as (
    -- the 2011 LSOAs of each area
    select
        'lsoa' as area_type,
        lsoa11_code as area_code,
        lsoa11_name as area_name,
        lsoa11_code,
        population_total
    from lsoas

    union all

    select
        'ward' as area_type,
        ward19_code as area_code,
        ward19_name as area_name,
        lsoa11_code,
        population_total
    from lsoas

    union all

    select
        'local_authority' as area_type,
        local_authority_code as area_code,
        local_authority_name as area_name,
        lsoa11_code,
        population_total
    from lsoas

    union all

    select
        'imd_decile' as area_type,
        cast(imd_decile as {{ dbt.type_string() }}) as area_code,
        {{ dbt.concat(["'IMD 2019 decile '",
            "cast(imd_decile as " ~ dbt.type_string() ~ ")",
            "case imd_decile when 1 then ' (most deprived)'"
            ~ " when 10 then ' (least deprived)' else '' end"]) }}
            as area_name,
        lsoa11_code,
        population_total
    from lsoas
),

areas as (
    select
        area_type,
        area_code,
        min(area_name) as area_name,
        sum(population_total) as population
    from area_members
    group by area_type, area_code

    union all

    -- patients without a known LSOA: the postcode was missing, invalid or
    -- outside the area
    {%- for area_type in ['lsoa', 'ward', 'local_authority', 'imd_decile'] %}
        select
            '{{ area_type }}' as area_type,
            'Unknown' as area_code,
            'Unknown (no postcode in the area)' as area_name,
            null as population
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

service_residents as (
    select
        services.service,
        lsoas.lsoa11_code
    from services
    inner join patients
        on services.nhs_number_pseudonym = patients.nhs_number_pseudonym
    left join lsoas
        on patients.lsoa11_code = lsoas.lsoa11_code
),

counted as (
    select
        service_residents.service,
        area_members.area_type,
        area_members.area_code,
        count(*) as patients
    from service_residents
    inner join area_members
        on service_residents.lsoa11_code = area_members.lsoa11_code
    group by
        service_residents.service,
        area_members.area_type,
        area_members.area_code
),

area_types as (
    select distinct area_type
    from area_members
),

whole_area as (
    select sum(population_total) as area_population
    from lsoas
),

unknown_counted as (
    select
        service_residents.service,
        area_types.area_type,
        'Unknown' as area_code,
        count(*) as patients
    from service_residents
    cross join area_types
    where service_residents.lsoa11_code is null
    group by service_residents.service, area_types.area_type
),

service_totals as (
    -- the comparator: the whole area's rate, over every LSOA of the seeds
    select
        service_list.service,
        count(service_residents.lsoa11_code) as area_patients,
        max(whole_area.area_population) as area_population
    from {{ ref('dim_services') }} as service_list
    cross join whole_area
    left join service_residents
        on service_list.service = service_residents.service
    group by service_list.service
),

filled as (
    select
        areas.area_type,
        areas.area_code,
        areas.area_name,
        service_totals.service,
        areas.population,
        service_totals.area_patients,
        service_totals.area_population,
        coalesce(counted.patients, unknown_counted.patients, 0) as patients
    from areas
    cross join service_totals
    left join counted
        on
            areas.area_type = counted.area_type
            and areas.area_code = counted.area_code
            and service_totals.service = counted.service
    left join unknown_counted
        on
            areas.area_type = unknown_counted.area_type
            and areas.area_code = unknown_counted.area_code
            and service_totals.service = unknown_counted.service
),

published as (
    {{ apply_disclosure_control(
        'filled',
        columns=['area_type', 'area_code', 'area_name', 'service', 'population',
                 'area_population'],
        counts=['patients', 'area_patients']
    ) }}
)

select
    cast(area_type as {{ dbt.type_string() }}) as area_type,
    cast(area_code as {{ dbt.type_string() }}) as area_code,
    cast(area_name as {{ dbt.type_string() }}) as area_name,
    cast(service as {{ dbt.type_string() }}) as service,
    cast(patients as {{ dbt.type_bigint() }}) as patients,
    cast(population as {{ dbt.type_bigint() }}) as population,
    {{ rate_per_1000('patients', 'population') }} as rate_per_1000,
    {{ rate_ratio(
        'patients', 'population', 'area_patients', 'area_population') }}
        as rate_ratio,
    {{ rate_ratio_ci_lower(
        'patients', 'population', 'area_patients', 'area_population') }}
        as ci_lower,
    {{ rate_ratio_ci_upper(
        'patients', 'population', 'area_patients', 'area_population') }}
        as ci_upper,
    is_suppressed
from published
