{%- set deprivation_domains = [
    'imd', 'income', 'employment', 'education', 'health', 'crime',
    'barriers', 'living_environment', 'idaci',
] -%}
with

source as (
    select * from {{ source('ecc', 'geographies') }}
),

staged as (
    select
        -- keys
        _source_row as source_row,
        {{ normalise_pseudonym('udprn_pseudo') }} as household_pseudonym,

        -- areas of the household's postcode
        {{ trim_to_null('pc_postal_sector') }} as postal_sector,
        {{ trim_to_null('pc_output_area') }} as output_area_code,
        -- the spec says only 'LSOA': 2011 LSOAs, which IMD 2019 is keyed on
        {{ normalise_code('pc_lsoa') }} as lsoa11_code,
        {{ trim_to_null('pc_msoa') }} as msoa,
        {{ trim_to_null('pc_electoral_ward') }} as electoral_ward,
        {{ normalise_code('pc_local_authority_code') }}
            as local_authority_code,
        {{ trim_to_null('pc_local_authority_name') }} as local_authority_name,
        {{ normalise_code('pc_county_code') }} as county_code,
        {{ trim_to_null('pc_county_name') }} as county_name,
        {{ normalise_code('pc_former_county_code') }} as former_county_code,
        {{ trim_to_null('pc_former_county_name') }} as former_county_name,

        -- Experian Mosaic Public Sector 6 of the household and the postcode
        {{ trim_to_null('h_mosaic_group') }} as household_mosaic_group,
        {{ trim_to_null('h_mosaic_group_label') }}
            as household_mosaic_group_label,
        {{ trim_to_null('h_mosaic_type') }} as household_mosaic_type,
        {{ trim_to_null('h_mosaic_type_label') }}
            as household_mosaic_type_label,
        {{ trim_to_null('pc_mosaic_group') }} as postcode_mosaic_group,
        {{ trim_to_null('pc_mosaic_group_label') }}
            as postcode_mosaic_group_label,
        {{ trim_to_null('pc_mosaic_type') }} as postcode_mosaic_type,
        {{ trim_to_null('pc_mosaic_type_label') }}
            as postcode_mosaic_type_label,
        {{ yn_to_boolean('flag_experian_2015_list_postcode') }}
            as is_experian_2015_list_postcode,

        -- mid-2019 estimates for the postcode
        {{ to_integer('pc_midyear_2019_households') }}
            as postcode_households_2019,
        {{ to_integer('pc_midyear_2019_population') }}
            as postcode_population_2019,
        {{ to_integer('pc_midyear_2019_adults_15_plus') }}
            as postcode_adults_15_plus_2019,
        {{ to_integer('pc_midyear_2019_adults_18_plus') }}
            as postcode_adults_18_plus_2019,
        {{ to_integer('pc_midyear_2019_residents_in_households') }}
            as postcode_residents_in_households_2019,

        -- English Indices of Deprivation 2019 (1 = most deprived)
        {%- for domain in deprivation_domains %}
            {{ to_integer(domain ~ '_rank') }} as {{ domain }}_rank,
            {{ to_integer(domain ~ '_decile') }} as {{ domain }}_decile,
        {%- endfor %}

        -- data-quality flags from the feed registry
        {{ registry_dq_flags('ecc', 'geographies') }}
    from source
)

select
    *,
    {{ has_dq_issue() }} as has_dq_issue
from staged
