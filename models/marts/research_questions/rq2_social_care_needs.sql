{#- RQ2: the current social care needs of the MSEFT patients currently known
    to ECC adult social care (asc_status current, resident in the 12 ECC
    districts: the `current` row of rq2_social_care_contact). One row per
    service, need type and category; a patient is counted in every category
    that any of their linked social care records shows at the reference date,
    and in the need type's "none" category when no record shows any. The
    assessment need types are the identified needs and Care Act eligibility
    outcome of each record's latest assessment completed by the date.
    Disclosure-controlled. -#}
{%- set none_categories = {
    'primary_support_reason': 'Not recorded',
    'service_group': 'No active service',
    'health_condition_domain': 'No current condition recorded',
    'sensory_impairment': 'Not on a sensory register',
    'vulnerability_score_group': 'Not recorded',
    'open_review': 'No open review',
    'assessed_needs': 'No completed assessment',
    'assessment_eligibility': 'No completed assessment',
} -%}
with

patients as (
    select * from {{ ref('dim_patient') }}
),

services as (
    select * from {{ ref('dim_patient_services') }}
),

needs as (
    select * from {{ ref('fct_social_care_needs') }}
),

known_needs as (
    -- every social care person's needs, linked or not
    select distinct
        asc_person_pseudonym,
        need_type,
        category
    from needs
),

need_types as (
    {%- for need_type, none_category in none_categories.items() %}
        select
            '{{ need_type }}' as need_type,
            '{{ none_category }}' as none_category
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

currently_known as (
    -- the patients of each service currently known to social care
    select
        services.service,
        services.nhs_number_pseudonym
    from services
    inner join patients
        on services.nhs_number_pseudonym = patients.nhs_number_pseudonym
    where patients.is_ecc_resident and patients.asc_status = 'current'
),

patient_needs as (
    select distinct
        nhs_number_pseudonym,
        need_type,
        category
    from needs
    where nhs_number_pseudonym is not null
),

patient_categories as (
    select
        currently_known.service,
        currently_known.nhs_number_pseudonym,
        patient_needs.need_type,
        patient_needs.category
    from currently_known
    inner join patient_needs
        on
            currently_known.nhs_number_pseudonym
            = patient_needs.nhs_number_pseudonym

    union all

    -- a patient with nothing recorded for a need type
    select
        currently_known.service,
        currently_known.nhs_number_pseudonym,
        need_types.need_type,
        need_types.none_category as category
    from currently_known
    cross join need_types
    where not exists (
        select 1 as found
        from patient_needs
        where
            patient_needs.nhs_number_pseudonym
            = currently_known.nhs_number_pseudonym
            and patient_needs.need_type = need_types.need_type
    )
),

known_totals as (
    select
        service_list.service,
        count(currently_known.nhs_number_pseudonym) as known_patients
    from {{ ref('dim_services') }} as service_list
    left join currently_known
        on service_list.service = currently_known.service
    group by service_list.service
),

categories as (
    -- every category seen among all social care persons, and each "none"
    select distinct
        need_type,
        category
    from known_needs

    union

    select
        need_type,
        none_category as category
    from need_types
),

counted as (
    select
        service,
        need_type,
        category,
        count(distinct nhs_number_pseudonym) as patients
    from patient_categories
    group by service, need_type, category
),

filled as (
    select
        known_totals.service,
        categories.need_type,
        categories.category,
        known_totals.known_patients,
        coalesce(counted.patients, 0) as patients
    from known_totals
    cross join categories
    left join counted
        on
            known_totals.service = counted.service
            and categories.need_type = counted.need_type
            and categories.category = counted.category
),

{{ publish_breakdown(
    'filled',
    columns=['service', 'need_type', 'category'],
    counts=['patients'],
    percentages={'pct_of_known': ['patients', 'known_patients']}
) }}
