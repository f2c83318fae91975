{#- Each assessment workflow step as it stood at the reference date (dbt var
    reference_date): when it was requested, when it was completed, whether the
    person was still awaiting it at the date, and its outcome. The protocol's
    Assessments spec names the fields but defines none, so (documented in the
    YAML): the request is the Incoming Date (else the Date of Contact); the
    completion is the Started Date plus Duration days; a step with neither a
    completion nor a closing status is still open. -#}
{%- set closing_statuses = ['COMPLETED', 'COMPLETE', 'CLOSED', 'CANCELLED',
                            'WITHDRAWN', 'ABANDONED', 'NO FURTHER ACTION'] -%}
with

steps as (
    select * from {{ ref('int_asc_assessments_permitted') }}
    where asc_person_pseudonym is not null
),

dated as (
    select
        *,
        coalesce(incoming_date, contact_date) as requested_date,
        case
            when started_date is not null and duration >= 0
                then cast(
                    {{ dbt.dateadd('day', 'duration', 'started_date') }} as date
                )
        end as completed_date,
        coalesce(upper(trim(step_status)) in (
            {%- for status in closing_statuses -%}
                '{{ status }}'{{ ', ' if not loop.last }}
            {%- endfor -%}
        ), false) as has_closing_status
    from steps
),

classified as (
    select
        *,
        case
            when
                requested_date is null
                or requested_date > {{ reference_date() }}
                then false
            when completed_date is not null
                then completed_date > {{ reference_date() }}
            else not has_closing_status
        end as is_awaiting_at_reference_date,
        coalesce(
            completed_date <= {{ reference_date() }}
            or (
                completed_date is null
                and upper(trim(step_status)) in ('COMPLETED', 'COMPLETE')
                and requested_date <= {{ reference_date() }}
            ),
            false
        ) as is_completed_by_reference_date
    from dated
)

-- columns grouped by meaning, not by kind of expression
select  -- noqa: ST06
    source_row,
    asc_person_pseudonym,
    assessment_type,
    step_type,
    step_status,

    -- when
    requested_date,
    started_date,
    completed_date,
    is_awaiting_at_reference_date,
    is_completed_by_reference_date,

    -- the outcome
    identified_needs,
    -- the Care Act eligibility conditions the extract carries (the second,
    -- being unable to achieve two or more outcomes, is not in it)
    case
        when
            is_difficulty_due_to_impairment
            and has_significant_impact_on_wellbeing
            then 'Impairment and wellbeing conditions met'
        when not is_difficulty_due_to_impairment
            then 'Not due to an impairment or illness'
        when not has_significant_impact_on_wellbeing
            then 'No significant impact on wellbeing'
        else 'Not recorded'
    end as eligibility_outcome,
    -- the person's latest assessment completed by the reference date
    is_completed_by_reference_date and row_number() over (
        partition by asc_person_pseudonym, is_completed_by_reference_date
        order by
            coalesce(completed_date, started_date, requested_date)
            desc nulls last,
            source_row desc
    ) = 1 as is_latest_completed
from classified
