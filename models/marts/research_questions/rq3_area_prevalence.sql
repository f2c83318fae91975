{#- RQ3: which areas are more prevalent among the MSEFT patients, compared
    with the Trust's catchment. One row per area type (lsoa: 2011 LSOA, ward:
    2019 ward, local_authority: district, imd_decile: IMD 2019 decile), area
    and service. Crude: distinct patients resident in the area, its mid-2020
    population and the rate per 1,000 residents. Catchment: the area's
    residents weighted by the Trust's share of their MSOA's admitted patients
    (OHID), and whether that share is at least the dbt var
    catchment_share_threshold. Standardised: expected patients, the sum over
    five-year age band and sex of the area's catchment population times the
    whole catchment's patient rate in the band and sex (every located patient
    over the catchment population), and observed / expected with its exact
    Poisson (Byar) interval. Ratios are published for areas in the catchment
    only, from the published (disclosure-controlled) counts; patients without
    a known LSOA are one `Unknown` row per area type. -#}
{%- set area_types = ['lsoa', 'ward', 'local_authority', 'imd_decile'] -%}
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

lsoa_population as (
    select * from {{ ref('dim_lsoa_population') }}
),

area_members as (
    -- the 2011 LSOAs of each area
    select
        'lsoa' as area_type,
        lsoa11_code as area_code,
        lsoa11_name as area_name,
        lsoa11_code,
        population_total,
        catchment_population
    from lsoas

    union all

    select
        'ward' as area_type,
        ward19_code as area_code,
        ward19_name as area_name,
        lsoa11_code,
        population_total,
        catchment_population
    from lsoas

    union all

    select
        'local_authority' as area_type,
        local_authority_code as area_code,
        local_authority_name as area_name,
        lsoa11_code,
        population_total,
        catchment_population
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
        population_total,
        catchment_population
    from lsoas
),

areas as (
    select
        area_type,
        area_code,
        min(area_name) as area_name,
        sum(population_total) as population,
        sum(catchment_population) as catchment_population
    from area_members
    group by area_type, area_code

    union all

    -- patients without a known LSOA: the postcode was missing, invalid or
    -- outside the area
    {%- for area_type in area_types %}
        select
            '{{ area_type }}' as area_type,
            'Unknown' as area_code,
            'Unknown (no postcode in the area)' as area_name,
            null as population,
            null as catchment_population
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

service_residents as (
    select
        services.service,
        lsoas.lsoa11_code,
        {{ age_band_5yr('patients.age_years') }} as age_band_5yr,
        patients.sex
    from services
    inner join patients
        on services.nhs_number_pseudonym = patients.nhs_number_pseudonym
    left join lsoas
        on patients.lsoa11_code = lsoas.lsoa11_code
),

stratum_populations as (
    select
        age_band_5yr,
        sex,
        sum(catchment_population) as catchment_population
    from lsoa_population
    group by age_band_5yr, sex
),

located as (
    -- per service: the located patients, and those of a known age and sex
    -- (the rates below are scaled up by their ratio, so that the expected
    -- counts of all areas add up to the located patients)
    select
        service,
        count(*) as located_patients,
        {{ count_where(
            "age_band_5yr <> 'Unknown' and sex in ('Female', 'Male')") }}
            as stratified_patients
    from service_residents
    where lsoa11_code is not null
    group by service
),

standard_rates as (
    -- the whole catchment's patient rate per catchment resident, by age band
    -- and sex
    select
        service_residents.service,
        service_residents.age_band_5yr,
        service_residents.sex,
        count(*) / stratum_populations.catchment_population
        * max(located.located_patients)
        / max(located.stratified_patients) as patient_rate
    from service_residents
    inner join stratum_populations
        on
            service_residents.age_band_5yr = stratum_populations.age_band_5yr
            and service_residents.sex = stratum_populations.sex
    inner join located
        on service_residents.service = located.service
    where service_residents.lsoa11_code is not null
    group by
        service_residents.service,
        service_residents.age_band_5yr,
        service_residents.sex,
        stratum_populations.catchment_population
),

lsoa_expected as (
    select
        standard_rates.service,
        lsoa_population.lsoa11_code,
        sum(lsoa_population.catchment_population * standard_rates.patient_rate)
            as expected_patients
    from lsoa_population
    inner join standard_rates
        on
            lsoa_population.age_band_5yr = standard_rates.age_band_5yr
            and lsoa_population.sex = standard_rates.sex
    group by standard_rates.service, lsoa_population.lsoa11_code
),

area_expected as (
    select
        lsoa_expected.service,
        area_members.area_type,
        area_members.area_code,
        sum(lsoa_expected.expected_patients) as expected_patients
    from lsoa_expected
    inner join area_members
        on lsoa_expected.lsoa11_code = area_members.lsoa11_code
    group by
        lsoa_expected.service, area_members.area_type, area_members.area_code
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

area_type_list as (
    select distinct area_type
    from area_members
),

unknown_counted as (
    select
        service_residents.service,
        area_type_list.area_type,
        'Unknown' as area_code,
        count(*) as patients
    from service_residents
    cross join area_type_list
    where service_residents.lsoa11_code is null
    group by service_residents.service, area_type_list.area_type
),

whole_catchment as (
    select sum(catchment_population) as catchment_total_population
    from lsoas
),

service_totals as (
    -- the comparator: the whole catchment, every located patient over the
    -- catchment population
    select
        service_list.service,
        coalesce(max(located.located_patients), 0) as catchment_patients,
        max(whole_catchment.catchment_total_population)
            as catchment_total_population
    from {{ ref('dim_services') }} as service_list
    cross join whole_catchment
    left join located
        on service_list.service = located.service
    group by service_list.service
),

filled as (
    select
        areas.area_type,
        areas.area_code,
        areas.area_name,
        service_totals.service,
        areas.population,
        areas.catchment_population,
        coalesce(
            areas.catchment_population
            >= {{ var('catchment_share_threshold') }} * areas.population,
            false
        ) as in_catchment,
        service_totals.catchment_patients,
        service_totals.catchment_total_population,
        coalesce(counted.patients, unknown_counted.patients, 0) as patients,
        case
            when areas.area_code <> 'Unknown'
                then coalesce(area_expected.expected_patients, 0)
        end as expected_patients
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
    left join area_expected
        on
            areas.area_type = area_expected.area_type
            and areas.area_code = area_expected.area_code
            and service_totals.service = area_expected.service
),

published as (
    {{ apply_disclosure_control(
        'filled',
        columns=['area_type', 'area_code', 'area_name', 'service', 'population',
                 'catchment_population', 'in_catchment',
                 'catchment_total_population'],
        counts=['patients', 'catchment_patients'],
        values={'expected_patients': 'patients'}
    ) }}
),

compared as (
    -- ratios only within the catchment
    select
        published.*,
        case
            when published.in_catchment then published.patients
        end as compared_patients
    from published
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
        'compared_patients', 'catchment_population', 'catchment_patients',
        'catchment_total_population') }} as rate_ratio,
    {{ rate_ratio_ci_lower(
        'compared_patients', 'catchment_population', 'catchment_patients',
        'catchment_total_population') }} as ci_lower,
    {{ rate_ratio_ci_upper(
        'compared_patients', 'catchment_population', 'catchment_patients',
        'catchment_total_population') }} as ci_upper,
    is_suppressed,
    in_catchment,
    {{ to_double('catchment_population') }} as catchment_population,
    {{ to_double('expected_patients') }} as expected_patients,
    {{ to_double(standardised_ratio(
        'compared_patients', 'expected_patients')) }} as standardised_ratio,
    {{ to_double(standardised_ratio_ci_lower(
        'compared_patients', 'expected_patients')) }} as sr_ci_lower,
    {{ to_double(standardised_ratio_ci_upper(
        'compared_patients', 'expected_patients')) }} as sr_ci_upper
from compared
