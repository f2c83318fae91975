{#- Whether each social care person has an active service element, an open
    registration or an open review at the reference date (int_asc_open_items
    says what counts as open). A person with any of them is currently known to
    social care. -#}
with

persons as (
    select distinct asc_person_pseudonym
    from {{ ref('int_asc_demographics_permitted') }}
    where asc_person_pseudonym is not null
),

open_items as (
    select
        asc_person_pseudonym,
        max(case when item_type = 'service_element' then 1 else 0 end) = 1
            as has_active_service,
        max(case when item_type = 'registration' then 1 else 0 end) = 1
            as has_open_registration,
        max(case when item_type = 'review' then 1 else 0 end) = 1
            as has_open_review
    from {{ ref('int_asc_open_items') }}
    group by asc_person_pseudonym
)

select
    persons.asc_person_pseudonym,
    coalesce(open_items.has_active_service, false) as has_active_service,
    coalesce(open_items.has_open_registration, false) as has_open_registration,
    coalesce(open_items.has_open_review, false) as has_open_review,
    open_items.asc_person_pseudonym is not null as is_current
from persons
left join open_items
    on persons.asc_person_pseudonym = open_items.asc_person_pseudonym
