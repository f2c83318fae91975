{#- What the social care records of each linked hospital person show: a person
    linked to several records (duplicate case records of one individual) has
    a status, a need or a wait when any of the records has it. The one place
    the marts turn social care records into hospital-person facts. -#}
with

bridge as (
    select * from {{ ref('int_person_bridge') }}
),

records as (
    select
        persons.asc_person_pseudonym,
        persons.is_current,
        persons.has_learning_disability,
        persons.has_autism,
        persons.has_dementia,
        persons.has_sensory_impairment,
        persons.is_interpreter_required,
        waits.is_awaiting_assessment,
        waits.has_review_overdue
    from {{ ref('int_asc_persons') }} as persons
    left join {{ ref('int_asc_waits') }} as waits
        on persons.asc_person_pseudonym = waits.asc_person_pseudonym
)

select
    bridge.nhs_number_pseudonym,
    count(*) as linked_records,
    {{ count_where('records.is_current') }} > 0 as is_current,
    {{ count_where('records.has_learning_disability') }} > 0
        as has_learning_disability,
    {{ count_where('records.has_autism') }} > 0 as has_autism,
    {{ count_where('records.has_dementia') }} > 0 as has_dementia,
    {{ count_where('records.has_sensory_impairment') }} > 0
        as has_sensory_impairment,
    {{ count_where('records.is_interpreter_required') }} > 0
        as is_interpreter_required,
    {{ count_where('records.is_awaiting_assessment') }} > 0
        as is_awaiting_assessment,
    {{ count_where('records.has_review_overdue') }} > 0 as has_review_overdue
from bridge
inner join records
    on bridge.asc_person_pseudonym = records.asc_person_pseudonym
group by bridge.nhs_number_pseudonym
