with

source as (
    select * from {{ source('reference', 'postcode_lsoa21') }}
),

staged as (
    select
        {{ normalise_postcode('pcds') }} as postcode,
        {{ normalise_code('lad24_code') }} as lad24_code,
        {{ normalise_code('ward24_code') }} as ward24_code,
        {{ normalise_code('lsoa21_code') }} as lsoa21_code
    from source
)

select * from staged
