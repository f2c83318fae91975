{#- What each hospital person was waiting for at the reference date (dbt var
    reference_date): hospital treatment (their longest wait on the waiting-
    list snapshot, in days) and ECC adult social care (an assessment, an
    overdue review: int_asc_waits, over every linked social care record), with
    the primary support reason of their linked records: the people on both
    lists of rq2_multiple_disadvantage. Restricted: person-level, not for
    publication. -#}
with

patients as (
    select * from {{ ref('dim_patient') }}
),

hospital_waits as (
    select
        nhs_number_pseudonym,
        max(days_waiting) as longest_days_waiting
    from {{ ref('fct_waiting_list_pathways') }}
    where nhs_number_pseudonym is not null
    group by nhs_number_pseudonym
),

linked as (
    select * from {{ ref('int_person_bridge') }}
),

social_care_waits as (
    -- any linked record waiting
    select * from {{ ref('int_patient_social_care') }}
),

linked_services as (
    select
        linked.nhs_number_pseudonym,
        services.primary_support_reason,
        services.service_start_date,
        services.source_row
    from linked
    inner join {{ ref('int_asc_services_permitted') }} as services
        on linked.asc_person_pseudonym = services.asc_person_pseudonym
),

primary_support as (
-- of the most recently started service over all linked records, as
-- int_asc_persons takes it for one record
    {{ latest_known_value(
        'linked_services', 'nhs_number_pseudonym',
        'primary_support_reason', 'primary_support_reason',
        recorded_at='service_start_date', preference='0'
    ) }}
)

select
    patients.nhs_number_pseudonym,
    patients.is_waiting_list_patient,
    hospital_waits.longest_days_waiting,
    coalesce(social_care_waits.is_awaiting_assessment, false)
        as is_awaiting_social_care_assessment,
    coalesce(social_care_waits.has_review_overdue, false)
        as has_social_care_review_overdue,
    case
        when primary_support.primary_support_reason is not null
            then primary_support.primary_support_reason
        when patients.is_linked_to_social_care then 'Not recorded'
        else 'Not known to social care'
    end as primary_support_reason
from patients
left join hospital_waits
    on patients.nhs_number_pseudonym = hospital_waits.nhs_number_pseudonym
left join social_care_waits
    on patients.nhs_number_pseudonym = social_care_waits.nhs_number_pseudonym
left join primary_support
    on patients.nhs_number_pseudonym = primary_support.nhs_number_pseudonym
