with

source as (
    select * from {{ source('ecc_asc', 'assessments') }}
),

staged as (
    select
        -- keys
        _source_row as source_row,
        {{ normalise_pseudonym('person_id') }} as asc_person_pseudonym,
        {{ trim_to_null('workflow_id') }} as workflow_id,
        {{ trim_to_null('workflow_step_id') }} as workflow_step_id,
        {{ trim_to_null('workflow_step_type_id') }} as workflow_step_type_id,

        -- the assessment
        {{ trim_to_null('assessment_type') }} as assessment_type,
        {{ trim_to_null('step_type') }} as step_type,
        {{ trim_to_null('step_status') }} as step_status,
        {{ trim_to_null('route_of_access') }} as route_of_access,
        {{ trim_to_null('assessment_source') }} as assessment_source,
        {{ trim_to_null('significant_event_trigger_type') }}
            as significant_event_trigger_type,
        {{ trim_to_null('identified_needs') }} as identified_needs,

        -- dates
        {{ to_date_ddmmyyyy('date_of_contact') }} as contact_date,
        {{ to_date_ddmmyyyy('incoming_date') }} as incoming_date,
        {{ to_date_ddmmyyyy('proposed_date') }} as proposed_date,
        {{ to_date_ddmmyyyy('started_date') }} as started_date,
        -- the spec gives no unit
        {{ to_integer('duration') }} as duration,

        -- flags
        {{ yn_to_boolean('in_28_days') }} as is_within_28_days,
        {{ yn_to_boolean('difficulties_due_to_impairment') }}
            as is_difficulty_due_to_impairment,
        {{ yn_to_boolean('significant_impact_on_wellbeing') }}
            as has_significant_impact_on_wellbeing,

        -- data-quality flags from the feed registry
        {{ registry_dq_flags('ecc_asc', 'assessments') }}
    from source
)

select
    *,
    {{ has_dq_issue() }} as has_dq_issue
from staged
