{#- One row per inpatient spell of the MSEFT feed (spells discharged in the
    period), objectors removed, with the outcomes the research-question marts
    measure: length of stay, in-hospital death and emergency readmission
    within 30 days of discharge (NHS Digital's definition: an emergency
    admission 0 to 29 days after the discharge). Restricted: event-level, not
    for publication. -#}
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
            as is_in_hospital_death
    from spells
    left join admission_methods
        on spells.admission_method_code = admission_methods.code
),

index_spells as (
    -- a spell opens a 30-day follow-up when the patient left alive and the
    -- 30 days (the discharge day and 29 more) end by the reference date, so
    -- that a readmission in them would be in the extract
    select
        source_row,
        nhs_number_pseudonym,
        discharged_at
    from classified
    where
        has_valid_dates
        and not is_in_hospital_death
        and nhs_number_pseudonym is not null
        and {{ dbt.dateadd('day', 29, 'cast(discharged_at as date)') }}
        <= {{ reference_date() }}
),

next_emergency as (
    -- the first emergency admission of the same person at or after the
    -- discharge
    select
        index_spells.source_row,
        min(later.admitted_at) as next_emergency_admitted_at
    from index_spells
    inner join classified as later
        on
            index_spells.nhs_number_pseudonym = later.nhs_number_pseudonym
            and index_spells.source_row <> later.source_row
            and later.is_emergency_admission
            and later.admitted_at is not null
            and index_spells.discharged_at <= later.admitted_at
    group by index_spells.source_row
),

followed as (
    select
        classified.*,
        index_spells.source_row is not null as is_readmission_index_spell,
        {{ dbt.datediff(
            'cast(classified.discharged_at as date)',
            'cast(next_emergency.next_emergency_admitted_at as date)',
            'day'
        ) }} as days_to_next_emergency_admission
    from classified
    left join index_spells
        on classified.source_row = index_spells.source_row
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
    case when age_years between 0 and 120 then age_years end as age_years,

    -- outcomes
    case
        when has_valid_dates and length_of_stay_days >= 0
            then length_of_stay_days
    end as length_of_stay_days,
    is_in_hospital_death,
    is_readmission_index_spell,
    days_to_next_emergency_admission,
    case
        when is_readmission_index_spell
            then coalesce(days_to_next_emergency_admission <= 29, false)
    end as has_emergency_readmission_30d,

    has_dq_issue
from followed
