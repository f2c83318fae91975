{#- One row per social care person (Mosaic person ID, objectors removed): the
    social care spine (int_asc_persons) with the individual it belongs to, the
    hospital services that individual used, and the area flags the cohort mart
    uses. Restricted: person-level, not for publication. -#}
with

social_care as (
    select * from {{ ref('int_asc_persons') }}
),

patients as (
    select * from {{ ref('int_patients') }}
)

-- columns grouped by meaning, not by kind of expression
select  -- noqa: ST06
    social_care.asc_person_pseudonym,
    social_care.nhs_number_pseudonym,
    -- one individual may have several case records: records sharing an NHS
    -- ID are one individual; a record without one stands for itself
    coalesce(
        social_care.nhs_number_pseudonym, social_care.asc_person_pseudonym
    ) as individual_key,
    social_care.has_nhs_number,
    social_care.is_linked_to_hospital,

    -- who they are
    coalesce(social_care.known_sex, 'Unknown') as sex,
    social_care.age_years,
    social_care.age_band,
    coalesce(social_care.known_ethnic_group, 'Not known') as ethnic_group,
    social_care.date_of_death,
    social_care.vulnerability_score,
    social_care.vulnerability_score_group,

    -- where they live (their household, from the geographies feed)
    social_care.household_pseudonym,
    social_care.lsoa11_code,
    social_care.imd_decile,
    social_care.imd_quintile,
    coalesce(social_care.imd_decile <= 2, false) as is_core20,
    social_care.electoral_ward,
    social_care.local_authority_code,
    social_care.local_authority_name,

    -- what is open at the reference date
    social_care.has_active_service,
    social_care.has_open_registration,
    social_care.has_open_review,
    social_care.is_current,

    -- needs
    social_care.primary_support_reason,
    social_care.main_language,
    social_care.is_interpreter_required,
    social_care.has_sensory_impairment,
    social_care.has_learning_disability,
    social_care.has_autism,
    social_care.has_dementia,

    -- the hospital services of the linked individual
    coalesce(patients.is_ae_patient, false) as is_ae_patient,
    coalesce(patients.is_inpatient, false) as is_inpatient,
    coalesce(patients.is_waiting_list_patient, false)
        as is_waiting_list_patient,
    patients.nhs_number_pseudonym is not null as is_hospital_patient
from social_care
left join patients
    on
        social_care.is_linked_to_hospital
        and social_care.nhs_number_pseudonym = patients.nhs_number_pseudonym
