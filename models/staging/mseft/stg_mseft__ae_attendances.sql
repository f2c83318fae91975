-- depends_on: {{ ref('nhs_data_dictionary_codes') }}
with

source as (
    select * from {{ source('mseft', 'ae_attendances') }}
),

staged as (
    select
        -- keys
        _source_row as source_row,

        -- the person: NHS number pseudonym, sex, age, postcode, GP practice,
        -- commissioner
        {{ hospital_patient_columns(
            sex='sex', age='attendance_age', postcode='postcode',
            gp_practice='gp_practice_code',
        ) }},

        -- the attendance
        {{ trim_to_null('site') }} as site,
        {{ trim_to_null('financial_year') }} as financial_year,
        {{ normalise_code('attendance_category') }} as attendance_category_code,
        {{ trim_to_null('arrival_mode') }} as arrival_mode,
        {{ trim_to_null('referral_source') }} as referral_source,
        {{ trim_to_null('complaint') }} as complaint,
        {{ trim_to_null('ed_area') }} as ed_area,
        {{ trim_to_null('attendance_disposal') }} as attendance_disposal,
        {{ trim_to_null('referred_specialty') }} as referred_specialty,
        {{ yn_to_boolean('admission_flag') }} as is_admitted,

        -- times
        {{ to_timestamp_ddmmyyyy('attendance_datetime') }} as arrived_at,
        {{ to_timestamp_ddmmyyyy('departure_datetime') }} as departed_at,
        {{ to_integer('total_time_in_department') }} as minutes_in_department,

        -- data-quality flags from the feed registry
        {{ registry_dq_flags('mseft', 'ae_attendances') }}
    from source
),

checked as (
    select
        *,
        coalesce(departed_at < arrived_at, false) as dq_date_order,
        {{ is_unmatched_postcode('postcode') }} as dq_unmatched_postcode
    from staged
)

select
    *,
    {{ has_dq_issue(['dq_date_order', 'dq_unmatched_postcode']) }}
        as has_dq_issue
from checked
