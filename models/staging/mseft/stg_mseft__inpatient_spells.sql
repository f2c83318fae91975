-- depends_on: {{ ref('nhs_data_dictionary_codes') }}
with

source as (
    select * from {{ source('mseft', 'inpatient_spells') }}
),

staged as (
    select
        -- keys: the spec has no spell identifier; the raw row number is the key
        _source_row as source_row,

        -- the person: NHS number pseudonym, sex, age, postcode, GP practice,
        -- commissioner
        {{ hospital_patient_columns(
            sex='gender', age='age_on_admission',
            postcode='postcode_of_usual_address',
            gp_practice='general_practice_code',
        ) }},

        -- the spell
        {{ trim_to_null('financial_year') }} as financial_year,
        {{ trim_to_null('site') }} as site,
        {{ trim_to_null('site_location') }} as site_location,
        {{ to_timestamp_ddmmyyyy('admission_date_time') }} as admitted_at,
        {{ to_timestamp_ddmmyyyy('discharge_date_time') }} as discharged_at,
        {{ to_integer('spell_total_los') }} as length_of_stay_days,
        {{ to_integer('spell_critical_care_days') }} as critical_care_days,
        {{ yn_to_boolean('patient_died') }} as has_died,

        -- NHS Data Dictionary codes
        {{ normalise_code('source_of_admission_code') }}
            as source_of_admission_code,
        {{ normalise_code('patient_classification_code') }}
            as patient_classification_code,
        {{ normalise_code('admission_method_code') }} as admission_method_code,
        {{ normalise_code('admission_main_specialty_code') }}
            as admission_main_specialty_code,
        {{ normalise_code('admission_treatment_function_code') }}
            as admission_treatment_function_code,
        {{ normalise_code('discharge_main_specialty_code') }}
            as discharge_main_specialty_code,
        {{ normalise_code('discharge_treatment_function_code') }}
            as discharge_treatment_function_code,
        {{ normalise_code('discharge_destination_code') }}
            as discharge_destination_code,
        {{ normalise_code('spell_hrg_code') }} as spell_hrg_code,

        -- clinical coding, wide as delivered (long form: the
        -- stg_mseft__inpatient_spell_diagnoses and _procedures models)
        {%- for position in inpatient_code_positions() %}
            {{ normalise_code('diagnosis_code_' ~ position) }}
                as diagnosis_code_{{ position }},
        {%- endfor %}
        {%- for position in inpatient_code_positions() %}
            {{ normalise_code('procedure_code_' ~ position) }}
                as procedure_code_{{ position }},
        {%- endfor %}
        {{ trim_to_null('icd10_string') }} as icd10_string,
        {{ trim_to_null('opcs4_string') }} as opcs4_string,

        -- data-quality flags from the feed registry
        {{ registry_dq_flags('mseft', 'inpatient_spells') }}
    from source
),

checked as (
    select
        *,
        coalesce(discharged_at < admitted_at, false) as dq_date_order,
        {{ is_unmatched_postcode('postcode') }} as dq_unmatched_postcode
    from staged
)

select
    *,
    {{ has_dq_issue(['dq_date_order', 'dq_unmatched_postcode']) }}
        as has_dq_issue
from checked
