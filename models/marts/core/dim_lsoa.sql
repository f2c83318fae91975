{#- One row per 2011 LSOA of Essex, Southend-on-Sea and Thurrock (the area of
    the reference seeds): IMD 2019 deprivation, 2019 ward and district as the
    area spine int_lsoa21_areas gives them (so they agree with the patients'
    areas), the mid-2020 population that the area rates use as denominators,
    and the Trust's catchment: the share of the LSOA's MSOA's admitted
    residents the Trust admits (OHID), and the residents weighted by it.
    Reference data only: no person-level data. -#}
with

populations as (
    select * from {{ ref('population_mid2020_lsoa11') }}
),

catchment_shares as (
    select
        lsoa_msoa.lsoa11_code,
        lsoa_msoa.msoa11_code,
        catchment.proportion as catchment_share
    from {{ ref('lsoa11_msoa11') }} as lsoa_msoa
    inner join {{ ref('trust_catchment_msoa11') }} as catchment
        on lsoa_msoa.msoa11_code = catchment.msoa11_code
),

areas as (
    select * from {{ ref('int_lsoa21_areas') }}
),

lsoa11_areas as (
    -- every attribute below belongs to the 2011 LSOA; its 2021 successors (one,
    -- or several when it was split) share it
    select distinct
        lsoa11_code,
        imd_rank,
        imd_decile,
        imd_quintile,
        income_decile,
        employment_decile,
        education_decile,
        health_decile,
        crime_decile,
        barriers_decile,
        living_environment_decile,
        ward19_code,
        ward19_name,
        local_authority_code,
        local_authority_name,
        is_ecc_district
    from areas
),

successors as (
    select
        lsoa11_code,
        count(*) as lsoa21_successors
    from areas
    group by lsoa11_code
)

-- columns grouped by meaning, not by kind of expression
select  -- noqa: ST06
    populations.lsoa11_code,
    populations.lsoa11_name,
    lsoa11_areas.imd_rank,
    lsoa11_areas.imd_decile,
    lsoa11_areas.imd_quintile,
    coalesce(lsoa11_areas.imd_decile <= 2, false) as is_core20,
    lsoa11_areas.income_decile,
    lsoa11_areas.employment_decile,
    lsoa11_areas.education_decile,
    lsoa11_areas.health_decile,
    lsoa11_areas.crime_decile,
    lsoa11_areas.barriers_decile,
    lsoa11_areas.living_environment_decile,
    lsoa11_areas.ward19_code,
    lsoa11_areas.ward19_name,
    lsoa11_areas.local_authority_code,
    lsoa11_areas.local_authority_name,
    coalesce(lsoa11_areas.is_ecc_district, false) as is_ecc_district,
    coalesce(successors.lsoa21_successors, 0) as lsoa21_successors,
    populations.population_total,
    catchment_shares.msoa11_code,
    coalesce(catchment_shares.catchment_share, 0) as catchment_share,
    populations.population_total
    * coalesce(catchment_shares.catchment_share, 0) as catchment_population,
    coalesce(
        catchment_shares.catchment_share
        >= {{ var('catchment_share_threshold') }},
        false
    ) as is_in_catchment
from populations
left join lsoa11_areas
    on populations.lsoa11_code = lsoa11_areas.lsoa11_code
left join successors
    on populations.lsoa11_code = successors.lsoa11_code
left join catchment_shares
    on populations.lsoa11_code = catchment_shares.lsoa11_code
