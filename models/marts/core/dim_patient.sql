{#- One row per hospital person: the patient spine (int_patients) with their
    social care status at the reference date, the vulnerable groups the
    research-question marts break down by, and how much hospital activity they
    have. Restricted: person-level, not for publication. -#}
with

patients as (
    select * from {{ ref('int_patients') }}
),

social_care as (
    -- asc_status: current when any linked record is current at the date
    select * from {{ ref('int_patient_social_care') }}
),

vulnerable_groups as (
    select * from {{ ref('int_patient_vulnerable_groups') }}
),

attendances as (
    select
        nhs_number_pseudonym,
        count(*) as ae_attendances
    from {{ ref('int_ae_attendances_permitted') }}
    group by nhs_number_pseudonym
),

spells as (
    select
        nhs_number_pseudonym,
        count(*) as inpatient_spells
    from {{ ref('int_inpatient_spells_permitted') }}
    group by nhs_number_pseudonym
),

pathways as (
    select
        nhs_number_pseudonym,
        count(*) as waiting_list_pathways
    from {{ ref('int_waiting_list_permitted') }}
    group by nhs_number_pseudonym
)

-- columns grouped by meaning, not by kind of expression
select  -- noqa: ST06
    patients.nhs_number_pseudonym,

    -- services
    patients.is_ae_patient,
    patients.is_inpatient,
    patients.is_waiting_list_patient,
    coalesce(attendances.ae_attendances, 0) as ae_attendances,
    coalesce(spells.inpatient_spells, 0) as inpatient_spells,
    coalesce(pathways.waiting_list_pathways, 0) as waiting_list_pathways,

    -- who they are
    patients.sex,
    patients.sex_source,
    patients.age_years,
    patients.age_band,
    patients.ethnic_category_code,
    patients.ethnic_group,
    patients.ethnic_group_source,

    -- where they live (the postcode itself stays in the intermediate layer)
    patients.postcode_status,
    patients.lsoa21_code,
    patients.lsoa11_code,
    patients.imd_rank,
    patients.imd_decile,
    patients.imd_quintile,
    vulnerable_groups.is_core20,
    patients.ward19_code,
    patients.ward19_name,
    patients.local_authority_code,
    patients.local_authority_name,
    patients.is_ecc_resident,

    -- social care
    patients.asc_person_pseudonym,
    patients.asc_records_linked,
    patients.is_linked_to_social_care,
    case
        when coalesce(social_care.is_current, false)
            then 'current'
        when patients.is_linked_to_social_care then 'previous'
        else 'not_known'
    end as asc_status,

    -- vulnerable groups (int_patient_vulnerable_groups: the one definition)
    vulnerable_groups.is_known_to_social_care,
    vulnerable_groups.has_learning_disability,
    vulnerable_groups.has_autism,
    vulnerable_groups.has_dementia,
    vulnerable_groups.has_sensory_impairment,
    vulnerable_groups.is_interpreter_required,
    vulnerable_groups.has_no_fixed_abode
from patients
left join social_care
    on patients.nhs_number_pseudonym = social_care.nhs_number_pseudonym
inner join vulnerable_groups
    on patients.nhs_number_pseudonym = vulnerable_groups.nhs_number_pseudonym
left join attendances
    on patients.nhs_number_pseudonym = attendances.nhs_number_pseudonym
left join spells
    on patients.nhs_number_pseudonym = spells.nhs_number_pseudonym
left join pathways
    on patients.nhs_number_pseudonym = pathways.nhs_number_pseudonym
