{#- The headline numbers of the linkage, one row per measure: how much linked,
    how much could not, and why. Objectors are removed before any of these is
    counted; only their number is shown. -#}
{%- set patient_measures = {
    'hospital_persons': 'count(*)',
    'hospital_persons_linked': count_where('is_linked_to_social_care'),
    'hospital_persons_one_to_many': count_where('asc_records_linked > 1'),
    'hospital_persons_postcode_matched':
        count_where("postcode_status = 'matched'"),
    'hospital_persons_postcode_unmatched':
        count_where("postcode_status = 'unmatched'"),
    'hospital_persons_postcode_no_fixed_abode':
        count_where("postcode_status = 'no_fixed_abode'"),
    'hospital_persons_postcode_invalid':
        count_where("postcode_status = 'invalid'"),
    'hospital_persons_postcode_missing':
        count_where("postcode_status = 'missing'"),
} -%}
{%- set social_care_measures = {
    'social_care_records': 'count(*)',
    'social_care_records_without_nhs_id': count_where('not has_nhs_number'),
    'social_care_records_linked': count_where('is_linked_to_hospital'),
} -%}
with

patients as (
    select * from {{ ref('int_patients') }}
),

social_care as (
    select * from {{ ref('int_asc_persons') }}
),

objections as (
    select * from {{ ref('stg_governance__objections') }}
),

objection_register as (
    select * from {{ ref('stg_governance__objection_register') }}
),

measures as (
    {%- for measure, expression in patient_measures.items() %}
        select
            '{{ measure }}' as measure,
            {{ expression }} as measure_value
        from patients
        union all
    {%- endfor %}
    {%- for measure, expression in social_care_measures.items() %}
        select
            '{{ measure }}' as measure,
            {{ expression }} as measure_value
        from social_care
        union all
    {%- endfor %}
    select
        'objectors_listed' as measure,
        count(distinct nhs_number_pseudonym) as measure_value
    from objections
    union all
    select
        'objectors_registered' as measure,
        count(distinct nhs_number_pseudonym) as measure_value
    from objection_register
)

select
    measure,
    cast(measure_value as integer) as persons_or_records
from measures
