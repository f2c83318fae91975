{#- The patient spine: one row per hospital person (distinct NHS number
    pseudonym over the A&E, inpatient and waiting-list feeds, objectors
    removed). Each attribute comes from the person's most recent hospital record
    that knows it (waiting-list records count as of the reference date; ties:
    waiting list, then inpatient, then A&E, then the later row), then from their
    linked social care records. Ethnicity is recorded only on the waiting list
    and in social care. -#}
with

records as (
    select * from {{ ref('int_hospital_person_records') }}
),

bridge as (
    select * from {{ ref('int_person_bridge') }}
),

social_care as (
    select * from {{ ref('int_asc_persons') }}
),

persons as (
    select
        nhs_number_pseudonym,
        max(case when service = 'ae' then 1 else 0 end) = 1 as is_ae_patient,
        max(case when service = 'inpatient' then 1 else 0 end)
        = 1 as is_inpatient,
        max(case when service = 'waiting_list' then 1 else 0 end) = 1
            as is_waiting_list_patient,
        max(case when has_invalid_postcode then 1 else 0 end) = 1
            as has_invalid_postcode_recorded
    from records
    group by nhs_number_pseudonym
),

hospital_sex as (
    {{ latest_known_value(ref('int_hospital_person_records'),
        'nhs_number_pseudonym', 'known_sex', 'sex') }}
),

hospital_age as (
    {{ latest_known_value(ref('int_hospital_person_records'),
        'nhs_number_pseudonym', 'known_age_years', 'age_years') }}
),

hospital_postcode as (
    {{ latest_known_value(ref('int_hospital_person_records'),
        'nhs_number_pseudonym', 'known_postcode', 'postcode') }}
),

hospital_ethnicity as (
    {{ latest_known_value(ref('int_hospital_person_records'),
        'nhs_number_pseudonym', 'known_ethnic_category_code',
        'ethnic_category_code') }}
),

social_care_attributes as (
    -- a person with several social care records takes the first known value in
    -- pseudonym order: arbitrary but deterministic (records rarely disagree)
    select
        bridge.nhs_number_pseudonym,
        min(bridge.asc_person_pseudonym) as asc_person_pseudonym,
        count(*) as asc_records_linked,
        min(social_care.known_sex) as sex,
        min(social_care.known_ethnic_group) as ethnic_group
    from bridge
    inner join social_care
        on bridge.asc_person_pseudonym = social_care.asc_person_pseudonym
    group by bridge.nhs_number_pseudonym
),

ethnic_categories as (
    select * from {{ ref('ethnic_category') }}
),

located as (
    select * from {{ ref('int_postcodes_located') }}
)

select
    persons.nhs_number_pseudonym,
    persons.is_ae_patient,
    persons.is_inpatient,
    persons.is_waiting_list_patient,
    coalesce(hospital_sex.sex, social_care_attributes.sex, 'Unknown') as sex,
    case
        when hospital_sex.sex is not null then 'hospital'
        when social_care_attributes.sex is not null then 'social_care'
    end as sex_source,
    hospital_age.age_years,
    {{ age_band('hospital_age.age_years') }} as age_band,
    hospital_ethnicity.ethnic_category_code,
    coalesce(
        ethnic_categories.ethnic_broad_group,
        social_care_attributes.ethnic_group,
        'Not known'
    ) as ethnic_group,
    case
        when
            ethnic_categories.ethnic_broad_group is not null
            then 'waiting_list'
        when social_care_attributes.ethnic_group is not null then 'social_care'
    end as ethnic_group_source,
    hospital_postcode.postcode,
    case
        when located.postcode is not null then 'matched'
        -- a valid postcode outside every area, but one that says something
        when {{ is_no_fixed_abode_postcode('hospital_postcode.postcode') }}
            then 'no_fixed_abode'
        when hospital_postcode.postcode is not null then 'unmatched'
        when persons.has_invalid_postcode_recorded then 'invalid'
        else 'missing'
    end as postcode_status,
    located.lsoa21_code,
    located.lsoa11_code,
    located.imd_rank,
    located.imd_decile,
    located.imd_quintile,
    located.ward19_code,
    located.ward19_name,
    located.local_authority_code,
    located.local_authority_name,
    coalesce(located.is_ecc_district, false) as is_ecc_resident,
    social_care_attributes.asc_person_pseudonym,
    coalesce(social_care_attributes.asc_records_linked, 0)
        as asc_records_linked,
    social_care_attributes.asc_person_pseudonym is not null
        as is_linked_to_social_care
from persons
left join hospital_sex
    on persons.nhs_number_pseudonym = hospital_sex.nhs_number_pseudonym
left join hospital_age
    on persons.nhs_number_pseudonym = hospital_age.nhs_number_pseudonym
left join hospital_postcode
    on persons.nhs_number_pseudonym = hospital_postcode.nhs_number_pseudonym
left join hospital_ethnicity
    on persons.nhs_number_pseudonym = hospital_ethnicity.nhs_number_pseudonym
left join ethnic_categories
    on
        hospital_ethnicity.ethnic_category_code
        = ethnic_categories.ethnic_category_code
left join social_care_attributes
    on
        persons.nhs_number_pseudonym
        = social_care_attributes.nhs_number_pseudonym
left join located
    on hospital_postcode.postcode = located.postcode
