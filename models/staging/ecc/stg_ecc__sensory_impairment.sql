with

source as (
    select * from {{ source('ecc', 'sensory_impairment') }}
),

staged as (
    select
        -- keys
        _source_row as source_row,
        {{ normalise_pseudonym('person_id') }} as asc_person_pseudonym,

        -- the person as the register records them
        {{ normalise_sex_code('client_gender') }} as sex_code,
        {{ sex_label(normalise_sex_code('client_gender')) }} as sex,

        -- the register
        {{ trim_to_null('register_name') }} as register_name,
        {{ trim_to_null('category') }} as category,

        -- data-quality flags from the feed registry
        {{ registry_dq_flags('ecc', 'sensory_impairment') }}
    from source
)

select
    *,
    {{ has_dq_issue() }} as has_dq_issue
from staged
