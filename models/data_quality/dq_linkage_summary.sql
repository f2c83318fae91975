{#- The headline numbers of the linkage, one row per measure, so that a reviewer sees
    at once how much linked, how much could not, and why. Objectors are removed before
    any of these are counted; only their number is shown. -#}
with

patients as (
    select * from {{ ref('int_patients') }}
),

social_care as (
    select * from {{ ref('int_asc_persons') }}
),

objections as (
    select count(distinct nhs_number_pseudonym) as people
    from {{ ref('stg_governance__objections') }}
),

measures as (
    select 'hospital_persons' as measure, count(*) as value from patients
    union all
    select 'hospital_persons_linked', sum(case when is_linked_to_social_care then 1 else 0 end)
    from patients
    union all
    select 'hospital_persons_one_to_many', sum(case when asc_records_linked > 1 then 1 else 0 end)
    from patients
    union all
    select 'social_care_records', count(*) from social_care
    union all
    select 'social_care_records_without_nhs_id', sum(case when has_nhs_number then 0 else 1 end)
    from social_care
    union all
    select 'social_care_records_linked', sum(case when is_linked_to_hospital then 1 else 0 end)
    from social_care
    union all
    select 'hospital_persons_postcode_matched', sum(case when postcode_status = 'matched' then 1 else 0 end)
    from patients
    union all
    select 'hospital_persons_postcode_unmatched', sum(case when postcode_status = 'unmatched' then 1 else 0 end)
    from patients
    union all
    select 'hospital_persons_postcode_invalid', sum(case when postcode_status = 'invalid' then 1 else 0 end)
    from patients
    union all
    select 'hospital_persons_postcode_missing', sum(case when postcode_status = 'missing' then 1 else 0 end)
    from patients
    union all
    select 'objectors_listed', people from objections
)

select
    measure,
    cast(coalesce(value, 0) as integer) as value
from measures
