with

source as (
    select * from {{ source('ecc_asc', 'reviews') }}
),

staged as (
    select
        -- keys
        _source_row as source_row,
        {{ trim_to_null('workflow_step_id') }} as workflow_step_id,
        {{ normalise_pseudonym('person_id') }} as asc_person_pseudonym,
        {{ trim_to_null('workflow_id') }} as workflow_id,

        -- the review
        {{ trim_to_null('review_type') }} as review_type,
        {{ trim_to_null('team') }} as team,
        {{ to_date_ddmmyyyy('review_due_date') }} as review_due_date,
        {{ to_date_ddmmyyyy('last_review_date') }} as last_review_date,

        -- data-quality flags from the feed registry
        {{ registry_dq_flags('ecc_asc', 'reviews') }}
    from source
)

select
    *,
    {{ has_dq_issue() }} as has_dq_issue
from staged
