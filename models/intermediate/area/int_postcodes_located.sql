{#- Every postcode of the ONS lookup, placed in its 2021 LSOA and so in its 2011
    LSOA, IMD 2019 decile, ward and district. -#}
with

postcodes as (
    select * from {{ ref('stg_reference__postcode_lsoa21') }}
),

areas as (
    select * from {{ ref('int_lsoa21_areas') }}
)

select
    postcodes.postcode,
    areas.lsoa21_code,
    areas.lsoa21_name,
    areas.lsoa_change_indicator,
    areas.lsoa11_code,
    areas.lsoa11_parents,
    areas.imd_rank,
    areas.imd_decile,
    areas.imd_quintile,
    areas.income_decile,
    areas.employment_decile,
    areas.education_decile,
    areas.health_decile,
    areas.crime_decile,
    areas.barriers_decile,
    areas.living_environment_decile,
    areas.ward19_code,
    areas.ward19_name,
    areas.local_authority_code,
    areas.local_authority_name,
    areas.is_ecc_district
from postcodes
inner join areas
    on postcodes.lsoa21_code = areas.lsoa21_code
