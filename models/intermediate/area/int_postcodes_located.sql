{#- Every postcode of the ONS lookup, placed in its 2021 LSOA and so in its 2011 LSOA,
    IMD 2019 decile, ward and district. -#}
with

postcodes as (
    select * from {{ ref('stg_reference__postcode_lsoa21') }}
),

areas as (
    select * from {{ ref('int_lsoa21_areas') }}
)

select
    postcodes.postcode,
    areas.*
from postcodes
inner join areas
    on postcodes.lsoa21_code = areas.lsoa21_code
