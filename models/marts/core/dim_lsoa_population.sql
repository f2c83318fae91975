{#- The mid-2020 residents of each 2011 LSOA by five-year age band and sex,
    and the Trust's catchment population among them: the denominators that
    rq3_area_prevalence standardises by age and sex. No LSOA estimate by sex
    is published, so each band's persons are split by sex in the proportions
    of the LSOA's district in that band (ONS mid-2020 district estimates).
    Reference data only: no person-level data. -#}
{%- set bands = ['0-4', '5-9', '10-14', '15-19', '20-24', '25-29', '30-34',
                 '35-39', '40-44', '45-49', '50-54', '55-59', '60-64', '65-69',
                 '70-74', '75-79', '80-84', '85-89', '90+'] -%}
with

lsoa_bands as (
    {%- for band in bands %}
        select
            lsoa11_code,
            lad19_code,
            '{{ band }}' as age_band_5yr,
            population_{{ band | replace('-', '_') | replace('+', '_plus') }}
                as persons
        from {{ ref('population_mid2020_lsoa11') }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

district_sexes as (
    select
        lad_code,
        age_band,
        case sex when 'female' then 'Female' when 'male' then 'Male' end as sex,
        {{ to_double('population') }}
        / sum({{ to_double('population') }}) over (
            partition by lad_code, age_band
        ) as sex_share
    from {{ ref('population_mid2020_lad_sex') }}
),

lsoas as (
    select
        lsoa11_code,
        catchment_share,
        is_in_catchment
    from {{ ref('dim_lsoa') }}
)

select
    lsoa_bands.lsoa11_code,
    cast(lsoa_bands.age_band_5yr as {{ dbt.type_string() }}) as age_band_5yr,
    cast(district_sexes.sex as {{ dbt.type_string() }}) as sex,
    lsoa_bands.persons * district_sexes.sex_share as population,
    lsoa_bands.persons * district_sexes.sex_share * lsoas.catchment_share
        as catchment_population,
    lsoas.is_in_catchment
from lsoa_bands
inner join district_sexes
    on
        lsoa_bands.lad19_code = district_sexes.lad_code
        and lsoa_bands.age_band_5yr = district_sexes.age_band
inner join lsoas
    on lsoa_bands.lsoa11_code = lsoas.lsoa11_code
