{#- What each social care person has open at the reference date (dbt var
    reference_date): an active service element, an open registration, an open review.
    A person with any of them is currently known to social care. -#}
with

service_elements as (
    -- an element is active when its package or status is Active and the reference
    -- date falls between its start and its end (an element without an end is open)
    select asc_person_pseudonym
    from {{ ref('int_asc_service_summary_permitted') }}
    where
        is_active
        and start_date <= {{ reference_date() }}
        and (end_date is null or end_date > {{ reference_date() }})

    union

    select asc_person_pseudonym
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
    select distinct asc_person_pseudonym
    from {{ ref('int_asc_registrations_permitted') }}
    where
        registration_start_date <= {{ reference_date() }}
        and (
            deregistration_date is null
            or deregistration_date > {{ reference_date() }}
        )
),

reviews as (
    -- the reviews feed lists open reviews; one completed on or after its due date is
    -- closed, whatever the extract says
    select distinct asc_person_pseudonym
    from {{ ref('int_asc_reviews_permitted') }}
    where last_review_date is null or last_review_date < review_due_date
),

persons as (
    select distinct asc_person_pseudonym
    from {{ ref('int_asc_demographics_permitted') }}
    where asc_person_pseudonym is not null
)

select
    persons.asc_person_pseudonym,
    service_elements.asc_person_pseudonym is not null as has_active_service,
    registrations.asc_person_pseudonym is not null as has_open_registration,
    reviews.asc_person_pseudonym is not null as has_open_review,
    (
        service_elements.asc_person_pseudonym is not null
        or registrations.asc_person_pseudonym is not null
        or reviews.asc_person_pseudonym is not null
    ) as is_current
from persons
left join (select distinct asc_person_pseudonym from service_elements) as service_elements
    on persons.asc_person_pseudonym = service_elements.asc_person_pseudonym
left join registrations
    on persons.asc_person_pseudonym = registrations.asc_person_pseudonym
left join reviews
    on persons.asc_person_pseudonym = reviews.asc_person_pseudonym
