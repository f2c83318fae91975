{#- One row per referral-to-treatment pathway on the MSEFT waiting list
    snapshot taken at the reference date (dbt var reference_date), objectors
    removed. Waits are measured from the clock start to the snapshot; the 18-
    and 52-week thresholds follow NHS England's RTT statistics (more than 18
    weeks = more than 126 days). Restricted: event-level, not for publication.
-#}
with

pathways as (
    select * from {{ ref('int_waiting_list_permitted') }}
),

measured as (
    select
        *,
        case
            when clock_start_date <= {{ reference_date() }} then
                {{ dbt.datediff('clock_start_date', reference_date(), 'day') }}
        end as derived_days
    from pathways
)

select
    -- keys
    source_row as pathway_id,
    nhs_number_pseudonym,

    -- the pathway
    site,
    specialty,
    ptl_type,
    referral_priority,
    priority_code,
    intended_procedure,
    is_dated,
    appointment_date,
    {{ value_in_range('age_years', 'age_years') }} as age_years,

    -- the wait at the snapshot
    {{ reference_date() }} as snapshot_date,
    clock_start_date,
    derived_days as days_waiting,
    coalesce(
        case when weeks_waiting >= 0 then weeks_waiting end,
        cast(floor(derived_days / 7.0) as {{ dbt.type_bigint() }})
    ) as weeks_waiting,
    coalesce(
        derived_days > 18 * 7,
        case when weeks_waiting >= 0 then weeks_waiting > 18 end
    ) as is_over_18_weeks,
    coalesce(
        derived_days > 52 * 7,
        case when weeks_waiting >= 0 then weeks_waiting > 52 end
    ) as is_over_52_weeks,
    breach_status,
    is_breach,

    has_dq_issue
from measured
