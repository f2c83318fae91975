with

source as (
    select * from {{ source('mseft', 'waiting_list') }}
),

ethnic_categories as (
    select * from {{ ref('ethnic_category') }}
),

staged as (
    select
        -- keys
        source._source_row as source_row,
        {{ normalise_pseudonym('source.nhs_number') }} as nhs_number_pseudonym,

        -- the person
        {{ normalise_sex_code('source.sex') }} as sex_code,
        {{ sex_label(normalise_sex_code('source.sex')) }} as sex,
        {{ to_integer('source.age') }} as age_years,
        {{ normalise_code('source.ethnic_origin') }} as ethnic_category_code,
        ethnic_categories.ethnic_category,
        ethnic_categories.ethnic_broad_group,
        {{ normalise_postcode('source.postcode') }} as postcode,
        {{ yn_to_boolean('source.patient_died') }} as has_died,

        -- the pathway
        {{ trim_to_null('source.site') }} as site,
        {{ trim_to_null('source.specialty_jh') }} as specialty,
        {{ trim_to_null('source.ptl_type') }} as ptl_type,
        {{ trim_to_null('source.intended_procedure') }} as intended_procedure,
        {{ trim_to_null('source.referral_priority') }} as referral_priority,
        {{ trim_to_null('source.priority_code') }} as priority_code,
        {{ normalise_code('source.commissioner') }} as commissioner_code,

        -- dates
        {{ to_date_ddmmyyyy('source.clock_start_date') }} as clock_start_date,
        {{ to_date_ddmmyyyy('source.breach_date') }} as breach_date,
        {{ to_date_ddmmyyyy('source.appointment_date') }} as appointment_date,

        -- the appointment
        {{ trim_to_null('source.apt_type') }} as appointment_type,
        {{ trim_to_null('source.clinic') }} as clinic,
        -- the spec's 'Dated' column ("No"): read as whether a date is booked
        {{ yn_to_boolean('source.dated') }} as is_dated,

        -- waiting time and breach
        {{ to_integer('source.rtt_wks_waiting') }} as weeks_waiting,
        {{ trim_to_null('source.breach_status') }} as breach_status,
        case {{ trim_to_null('source.breach_status') }}
            when 'Breach' then true
            when 'Non-Breach' then false
        end as is_breach,

        -- data-quality flags from the feed registry
        {{ registry_dq_flags(
            'mseft', 'waiting_list', relation_alias='source'
        ) }}
    from source
    left join ethnic_categories
        on
            {{ normalise_code('source.ethnic_origin') }}
            = ethnic_categories.ethnic_category_code
),

checked as (
    select
        *,
        coalesce(
            breach_date < clock_start_date
            or appointment_date < clock_start_date,
            false
        ) as dq_date_order,
        {{ is_unmatched_postcode('postcode') }} as dq_unmatched_postcode
    from staged
)

select
    *,
    {{ has_dq_issue(['dq_date_order', 'dq_unmatched_postcode']) }}
        as has_dq_issue
from checked
