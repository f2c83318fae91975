{#- One row per inpatient spell of the MSEFT feed (spells discharged in the
    period), objectors removed, with the outcomes the research-question marts
    measure: length of stay, in-hospital death and emergency readmission
    within 30 days of discharge, as NHS Digital's indicator defines it
    ("Emergency readmissions within 30 days of discharge from hospital",
    I02040, the Compendium / NHS Outcomes Framework 3b indicator): an
    emergency admission 0 to 29 days after the discharge of an index spell.
    Index spells leave out what the indicator leaves out and the extract
    shows (readmission_index_exclusion says which rule applied); admissions
    for cancer and obstetrics are not counted as readmissions. Restricted:
    event-level, not for publication. -#}
with

spells as (
    select * from {{ ref('int_inpatient_spells_permitted') }}
),

admission_methods as (
    select
        code,
        description
    from {{ ref('nhs_data_dictionary_codes') }}
    where code_type = 'admission_method_code_hospital_provider_spell'
),

cancer_spells as (
    -- a malignant neoplasm in any diagnosis position
    select distinct source_row
    from {{ ref('int_inpatient_spell_diagnoses_permitted') }}
    where {{ is_malignant_neoplasm('diagnosis_code') }}
),

classified as (
    select
        spells.*,
        admission_methods.description as admission_method,
        -- NHS Data Dictionary: every emergency admission method code starts
        -- with 2
        coalesce(spells.admission_method_code like '2%', false)
            as is_emergency_admission,
        coalesce(
            spells.admitted_at is not null
            and spells.discharged_at >= spells.admitted_at,
            false
        ) as has_valid_dates,
        coalesce(spells.has_died, false)
        or coalesce(spells.discharge_destination_code = '79', false)
            as is_in_hospital_death,
        -- the indicator's clinical exclusions of index spells: maternity
        -- (admission methods 31-32 mother, 82-83 baby; classification 5
        -- mother and baby using delivery facilities only; an obstetric
        -- primary diagnosis), cancer, regular day and night attenders
        -- (classification 3, 4) and day cases (2); a transfer to another NHS
        -- hospital (discharge destinations 49-53) is not a discharge
        coalesce(
            spells.admission_method_code in ('31', '32', '82', '83')
            or spells.patient_classification_code = '5'
            or {{ is_obstetric_diagnosis('spells.diagnosis_code_01') }},
            false
        ) as is_maternity_spell,
        cancer_spells.source_row is not null as has_cancer_diagnosis,
        coalesce(spells.patient_classification_code in ('3', '4'), false)
            as is_regular_day_or_night_attender,
        coalesce(spells.patient_classification_code = '2', false)
            as is_day_case,
        coalesce(
            spells.discharge_destination_code in ('49', '50', '51', '52', '53'),
            false
        ) as is_transfer_to_another_hospital,
        -- an emergency admission the indicator counts as a readmission: not for
        -- cancer or obstetrics (primary diagnosis)
        coalesce(
            spells.admission_method_code like '2%'
            and spells.admitted_at is not null
            and not {{ is_malignant_neoplasm('spells.diagnosis_code_01') }}
            and not {{ is_obstetric_diagnosis('spells.diagnosis_code_01') }},
            false
        ) as is_counted_emergency_admission
    from spells
    left join admission_methods
        on spells.admission_method_code = admission_methods.code
    left join cancer_spells
        on spells.source_row = cancer_spells.source_row
),

excluded as (
    -- the first rule that keeps a spell from being an index spell; null for
    -- an index spell. A spell opens a 30-day follow-up when the patient left
    -- alive and the 30 days (the discharge day and 29 more) end by the
    -- reference date, so that a readmission in them would be in the extract
    select
        source_row,
        case
            when not has_valid_dates then 'invalid_dates'
            when nhs_number_pseudonym is null then 'unknown_patient'
            when is_in_hospital_death then 'died_in_hospital'
            when
                {{ dbt.dateadd('day', 29, 'cast(discharged_at as date)') }}
                > {{ reference_date() }}
                then 'follow_up_after_reference_date'
            when is_maternity_spell then 'maternity'
            when has_cancer_diagnosis then 'cancer'
            when is_regular_day_or_night_attender
                then 'regular_day_or_night_attender'
            when is_day_case then 'day_case'
            when is_transfer_to_another_hospital
                then 'transferred_to_another_hospital'
        end as readmission_index_exclusion
    from classified
),

next_emergency as (
    -- the first counted emergency admission of the same person at or after the
    -- discharge, for every spell with valid dates of a known person
    select
        discharges.source_row,
        min(later.admitted_at) as next_emergency_admitted_at
    from classified as discharges
    inner join classified as later
        on
            discharges.nhs_number_pseudonym = later.nhs_number_pseudonym
            and discharges.source_row <> later.source_row
            and later.is_counted_emergency_admission
            and discharges.discharged_at <= later.admitted_at
    where discharges.has_valid_dates
    group by discharges.source_row
),

followed as (
    select
        classified.*,
        excluded.readmission_index_exclusion,
        excluded.readmission_index_exclusion is null
            as is_readmission_index_spell,
        {{ dbt.datediff(
            'cast(classified.discharged_at as date)',
            'cast(next_emergency.next_emergency_admitted_at as date)',
            'day'
        ) }} as days_to_next_emergency_admission
    from classified
    inner join excluded
        on classified.source_row = excluded.source_row
    left join next_emergency
        on classified.source_row = next_emergency.source_row
)

-- columns grouped by meaning, not by kind of expression
select  -- noqa: ST06
    -- keys
    source_row as spell_id,
    nhs_number_pseudonym,

    -- when
    admitted_at,
    discharged_at,
    cast(admitted_at as date) as admission_date,
    cast(discharged_at as date) as discharge_date,
    financial_year,
    has_valid_dates,

    -- the spell
    site,
    site_location,
    admission_method_code,
    admission_method,
    is_emergency_admission,
    source_of_admission_code,
    patient_classification_code,
    admission_main_specialty_code,
    discharge_main_specialty_code,
    discharge_destination_code,
    spell_hrg_code,
    diagnosis_code_01 as primary_diagnosis_code,
    critical_care_days,
    {{ value_in_range('age_years', 'age_years') }} as age_years,

    -- outcomes
    case
        when has_valid_dates and length_of_stay_days >= 0
            then length_of_stay_days
    end as length_of_stay_days,
    is_in_hospital_death,
    is_maternity_spell,
    has_cancer_diagnosis,
    is_regular_day_or_night_attender,
    is_day_case,
    is_transfer_to_another_hospital,
    is_counted_emergency_admission,
    readmission_index_exclusion,
    is_readmission_index_spell,
    days_to_next_emergency_admission,
    case
        when is_readmission_index_spell
            then coalesce(days_to_next_emergency_admission <= 29, false)
    end as has_emergency_readmission_30d,

    has_dq_issue
from followed
