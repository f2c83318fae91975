{#- One row per A&E attendance of the MSEFT feed, objectors removed. The time
    in the department is derived from the arrival and departure date-times; it
    is unknown (null) when either is not a valid date-time or the departure is
    before the arrival. Planned follow-up attendances (emergency care
    attendance category 4) are not counted as attendances, so not in the
    four-hour measure, as in NHS England's monthly "A&E Attendances and
    Emergency Admissions" statistics. Restricted: event-level, not for
    publication. -#}
with

attendances as (
    select * from {{ ref('int_ae_attendances_permitted') }}
),

timed as (
    select
        *,
        case
            when departed_at >= arrived_at
                then {{ dbt.datediff('arrived_at', 'departed_at', 'minute') }}
        end as derived_minutes
    from attendances
)

-- columns grouped by meaning, not by kind of expression
select  -- noqa: ST06
    -- keys
    source_row as attendance_id,
    nhs_number_pseudonym,

    -- when
    arrived_at,
    departed_at,
    cast(arrived_at as date) as arrival_date,
    financial_year,

    -- the attendance
    site,
    attendance_category_code,
    arrival_mode,
    referral_source,
    ed_area,
    attendance_disposal,
    referred_specialty,
    is_admitted,
    {{ value_in_range('age_years', 'age_years') }} as age_years,

    -- time in the department
    minutes_in_department as minutes_in_department_recorded,
    derived_minutes as minutes_in_department,
    derived_minutes is not null as has_valid_times,
    coalesce(attendance_category_code = '4', false) as is_planned_follow_up,
    -- an attendance NHS England counts: every one but a planned follow-up (an
    -- unknown category counts, as the monthly returns count it)
    not coalesce(attendance_category_code = '4', false)
        as is_counted_attendance,
    case
        when
            derived_minutes is not null
            and not coalesce(attendance_category_code = '4', false)
            then derived_minutes > 240
    end as is_over_4_hours,

    has_dq_issue
from timed
