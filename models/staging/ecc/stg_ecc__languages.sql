with

source as (
    select * from {{ source('ecc', 'languages') }}
),

staged as (
    select
        -- keys
        _source_row as source_row,
        {{ normalise_pseudonym('person_id') }} as asc_person_pseudonym,

        -- the language
        {{ trim_to_null('language') }} as language,
        {{ yn_to_boolean('main_language') }} as is_main_language,
        {{ yn_to_boolean('interpreter_required') }} as is_interpreter_required,

        -- data-quality flags from the feed registry
        {{ registry_dq_flags('ecc', 'languages') }}
    from source
)

select
    *,
    {{ has_dq_issue() }} as has_dq_issue
from staged
