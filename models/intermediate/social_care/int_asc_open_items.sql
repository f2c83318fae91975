{#- Everything a social care person has open at the reference date (dbt var
    reference_date), one row per open item, with what it is:
    - service_element: an element whose package or status is Active and whose
      dates span the reference date (start on or before it, no end or an end
      after it), from either services feed; category = its service group;
    - registration: started on or before the reference date and not deregistered
      by it; category = the register's name;
    - review: in the open-reviews feed and not completed on or after its due
      date; category = the review type. -#}
with

service_elements as (
    select
        asc_person_pseudonym,
        service_group as category
    from {{ ref('int_asc_service_summary_permitted') }}
    where
        is_active
        and start_date <= {{ reference_date() }}
        and (end_date is null or end_date > {{ reference_date() }})

    union all

    select
        asc_person_pseudonym,
        service_group as category
    from {{ ref('int_asc_services_permitted') }}
    where
        is_active_package
        and element_start_date <= {{ reference_date() }}
        and (
            element_end_date is null
            or element_end_date > {{ reference_date() }}
        )
),

registrations as (
    select
        asc_person_pseudonym,
        register_name as category
    from {{ ref('int_asc_registrations_permitted') }}
    where
        registration_start_date <= {{ reference_date() }}
        and (
            deregistration_date is null
            or deregistration_date > {{ reference_date() }}
        )
),

reviews as (
    -- the feed lists open reviews; one completed on or after its due date
    -- is closed, whatever the extract says
    select
        asc_person_pseudonym,
        review_type as category
    from {{ ref('int_asc_reviews_permitted') }}
    where last_review_date is null or last_review_date < review_due_date
)

select
    asc_person_pseudonym,
    'service_element' as item_type,
    category
from service_elements
where asc_person_pseudonym is not null

union all

select
    asc_person_pseudonym,
    'registration' as item_type,
    category
from registrations
where asc_person_pseudonym is not null

union all

select
    asc_person_pseudonym,
    'review' as item_type,
    category
from reviews
where asc_person_pseudonym is not null
