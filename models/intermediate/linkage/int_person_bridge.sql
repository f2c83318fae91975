{#- Hospital person to social care person: the hospital NHS number pseudonym
    equals the social care `NHS ID` pseudonym (both trimmed and upper-cased in
    staging; they come from the same keyed pseudonymisation). One hospital
    person may match several social care case records (duplicates): all are kept
    and flagged. -#}
with

hospital_persons as (
    select distinct nhs_number_pseudonym
    from {{ ref('int_hospital_person_records') }}
),

social_care_records as (
    select distinct
        asc_person_pseudonym,
        nhs_number_pseudonym
    from {{ ref('int_asc_demographics_permitted') }}
    where
        nhs_number_pseudonym is not null
        and asc_person_pseudonym is not null
),

matches as (
    select
        hospital_persons.nhs_number_pseudonym,
        social_care_records.asc_person_pseudonym
    from hospital_persons
    inner join social_care_records
        on
            hospital_persons.nhs_number_pseudonym
            = social_care_records.nhs_number_pseudonym
)

select
    nhs_number_pseudonym,
    asc_person_pseudonym,
    count(*) over (partition by nhs_number_pseudonym) as asc_records_matched,
    count(*) over (partition by nhs_number_pseudonym) > 1 as is_one_to_many
from matches
