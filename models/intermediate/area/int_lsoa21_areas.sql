{#- Each 2021 LSOA of the area with everything the marts break down by: its 2011
    parent (IMD 2019 is keyed on 2011 LSOAs), IMD 2019 rank, decile, quintile
    and domain deciles, the 2019 ward of the 2011 parent, and the 2022 district.

    A split 2021 LSOA (change indicator S) has one 2011 parent and takes its
    deprivation. A merged one (M) has several parents: none occurs in this area
    (see reference/SOURCES.md), but if one did the parent with the lowest code
    is taken, deterministically, and `lsoa11_parents` says how many there
    were. -#}
with

lsoa_lookup as (
    select * from {{ ref('lsoa11_lsoa21_lad22') }}
),

deprivation as (
    select * from {{ ref('imd2019_lsoa11') }}
),

wards as (
    select * from {{ ref('lsoa11_ward19_lad19') }}
),

parents as (
    select
        lsoa21_code,
        lsoa21_name,
        lad22_code,
        lad22_name,
        lsoa11_code,
        change_indicator,
        count(*) over (partition by lsoa21_code) as lsoa11_parents,
        row_number() over (
            partition by lsoa21_code order by lsoa11_code
        ) as parent_order
    from lsoa_lookup
)

select
    parents.lsoa21_code,
    parents.lsoa21_name,
    parents.change_indicator as lsoa_change_indicator,
    parents.lsoa11_code,
    parents.lsoa11_parents,
    deprivation.imd_rank,
    deprivation.imd_decile,
    -- IMD quintile 1 = deciles 1 and 2 (most deprived 20% of LSOAs in England)
    cast(ceiling(deprivation.imd_decile / 2.0) as integer) as imd_quintile,
    deprivation.income_decile,
    deprivation.employment_decile,
    deprivation.education_decile,
    deprivation.health_decile,
    deprivation.crime_decile,
    deprivation.barriers_decile,
    deprivation.living_environment_decile,
    wards.ward19_code,
    wards.ward19_name,
    parents.lad22_code as local_authority_code,
    parents.lad22_name as local_authority_name,
    {{ is_ecc_district('parents.lad22_code') }} as is_ecc_district
from parents
left join deprivation
    on parents.lsoa11_code = deprivation.lsoa11_code
left join wards
    on parents.lsoa11_code = wards.lsoa11_code
where parents.parent_order = 1
