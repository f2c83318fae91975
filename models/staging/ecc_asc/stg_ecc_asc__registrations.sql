with

source as (
    select * from {{ source('ecc_asc', 'registrations') }}
),

staged as (
    select
        -- keys
        _source_row as source_row,
        {{ trim_to_null('registration_id') }} as registration_id,
        {{ normalise_pseudonym('person_id') }} as asc_person_pseudonym,

        -- the register
        {{ trim_to_null('register_id') }} as register_id,
        {{ trim_to_null('register_name') }} as register_name,

        -- registration
        {{ to_date_ddmmyyyy('registration_start_date') }}
            as registration_start_date,
        {{ trim_to_null('registration_reason') }} as registration_reason,
        {{ trim_to_null('registration_step_id') }} as registration_step_id,

        -- de-registration
        {{ to_date_ddmmyyyy('deregistration_date') }} as deregistration_date,
        {{ trim_to_null('deregistration_reason') }} as deregistration_reason,
        {{ trim_to_null('deregistration_step_id') }} as deregistration_step_id,

        -- data-quality flags from the feed registry
        {{ registry_dq_flags('ecc_asc', 'registrations') }}
    from source
),

checked as (
    select
        *,
        coalesce(
            deregistration_date < registration_start_date, false
        ) as dq_date_order
    from staged
)

select
    *,
    {{ has_dq_issue(['dq_date_order']) }} as has_dq_issue
from checked
