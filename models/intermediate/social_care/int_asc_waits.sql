{#- Who is waiting for adult social care at the reference date (dbt var
    reference_date), per social care person: awaiting an assessment (a step
    of int_asc_assessments_at_reference_date requested by the date and not
    completed by it), or with a review overdue (a review open by
    int_asc_open_items' rule whose due date has passed, or whose last review
    was more than 12 months before the date: the Care Act's annual review),
    or both. -#}
with

persons as (
    select asc_person_pseudonym from {{ ref('int_asc_persons') }}
),

awaiting as (
    select
        asc_person_pseudonym,
        min(requested_date) as awaiting_assessment_since
    from {{ ref('int_asc_assessments_at_reference_date') }}
    where is_awaiting_at_reference_date
    group by asc_person_pseudonym
),

overdue as (
    select
        asc_person_pseudonym,
        min(
            case
                when review_due_date < {{ reference_date() }}
                    then review_due_date
            end
        ) as review_overdue_since
    from {{ ref('int_asc_reviews_permitted') }}
    where
        asc_person_pseudonym is not null
        -- open: not completed on or after its due date (int_asc_open_items)
        and (last_review_date is null or last_review_date < review_due_date)
        and (
            review_due_date < {{ reference_date() }}
            or last_review_date < cast(
                {{ dbt.dateadd('month', -12, reference_date()) }} as date
            )
        )
    group by asc_person_pseudonym
)

-- columns grouped by meaning, not by kind of expression
select  -- noqa: ST06
    persons.asc_person_pseudonym,
    awaiting.asc_person_pseudonym is not null as is_awaiting_assessment,
    awaiting.awaiting_assessment_since,
    overdue.asc_person_pseudonym is not null as has_review_overdue,
    overdue.review_overdue_since,
    awaiting.asc_person_pseudonym is not null
    or overdue.asc_person_pseudonym is not null as is_waiting
from persons
left join awaiting
    on persons.asc_person_pseudonym = awaiting.asc_person_pseudonym
left join overdue
    on persons.asc_person_pseudonym = overdue.asc_person_pseudonym
