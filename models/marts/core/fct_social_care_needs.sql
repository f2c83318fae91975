{#- The social care needs of every social care person at the reference date:
    each category any of the person's case records shows, per need type
    (primary support reason, active service group, current health condition
    domain, sensory register, vulnerability score group, open review, and the
    identified needs and eligibility of the latest completed assessment), with
    the NHS number pseudonyms the person links to (null when unlinked). -#}
with

bridge as (
    select * from {{ ref('int_person_bridge') }}
),

social_care as (
    select * from {{ ref('int_asc_persons') }}
),

active_service_groups as (
    select
        asc_person_pseudonym,
        category as service_group
    from {{ ref('int_asc_open_items') }}
    where item_type = 'service_element'
),

current_conditions as (
    select
        asc_person_pseudonym,
        mapped_domain_origin
    from {{ ref('int_asc_health_conditions_permitted') }}
    where
        (start_date is null or start_date <= {{ reference_date() }})
        and (end_date is null or end_date > {{ reference_date() }})
),

latest_assessments as (
    -- the outcome of each person's latest assessment completed by the date
    select
        asc_person_pseudonym,
        identified_needs,
        eligibility_outcome
    from {{ ref('int_asc_assessments_at_reference_date') }}
    where is_latest_completed
),

open_reviews as (
    select
        asc_person_pseudonym,
        category as review_type
    from {{ ref('int_asc_open_items') }}
    where item_type = 'review'
),

record_needs as (
    select
        asc_person_pseudonym,
        'primary_support_reason' as need_type,
        primary_support_reason as category
    from social_care

    union all

    select
        asc_person_pseudonym,
        'service_group' as need_type,
        service_group as category
    from active_service_groups

    union all

    select
        asc_person_pseudonym,
        'health_condition_domain' as need_type,
        mapped_domain_origin as category
    from current_conditions

    union all

    select
        asc_person_pseudonym,
        'sensory_impairment' as need_type,
        category
    from {{ ref('int_sensory_impairment_permitted') }}

    union all

    select
        asc_person_pseudonym,
        'vulnerability_score_group' as need_type,
        vulnerability_score_group as category
    from social_care

    union all

    select
        asc_person_pseudonym,
        'open_review' as need_type,
        review_type as category
    from open_reviews

    union all

    select
        asc_person_pseudonym,
        'assessed_needs' as need_type,
        coalesce(identified_needs, 'Not recorded') as category
    from latest_assessments

    union all

    select
        asc_person_pseudonym,
        'assessment_eligibility' as need_type,
        eligibility_outcome as category
    from latest_assessments
),

known_needs as (
    select distinct
        asc_person_pseudonym,
        need_type,
        category
    from record_needs
    where asc_person_pseudonym is not null and category is not null
)

select
    known_needs.asc_person_pseudonym,
    bridge.nhs_number_pseudonym,
    known_needs.need_type,
    known_needs.category
from known_needs
left join bridge
    on known_needs.asc_person_pseudonym = bridge.asc_person_pseudonym
