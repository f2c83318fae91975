-- RQ2: how many MSEFT patients are known to social care, and what are their
-- current needs? The share of each service's ECC-resident patients currently
-- and previously known, then the three most common needs of each type among
-- those currently known (all services together). Run: dbt show --select
-- rq2_social_care_reach --limit 100
with

contact as (
    select * from {{ ref('rq2_social_care_contact') }}
),

needs as (
    select * from {{ ref('rq2_social_care_needs') }}
    where service = 'any'
),

known as (
    select
        service,
        sum(case when asc_status = 'current' then pct_of_service end)
            as pct_current,
        sum(case when asc_status = 'previous' then pct_of_service end)
            as pct_previous,
        sum(case when asc_status <> 'not_known' then pct_of_service end)
            as pct_ever_known,
        max(case when asc_status = 'current' then patients end)
            as current_patients
    from contact
    group by service
),

ranked_needs as (
    select
        need_type,
        category,
        patients,
        pct_of_known,
        row_number() over (
            partition by need_type
            order by coalesce(patients, 0) desc, category asc
        ) as need_rank
    from needs
)

select
    'contact' as part,
    service as breakdown,
    cast(null as varchar) as category,
    current_patients as patients,
    round(pct_current, 1) as pct_current,
    round(pct_previous, 1) as pct_previous,
    round(pct_ever_known, 1) as pct_ever_known_or_of_known
from known

union all

select
    'needs of the currently known (any service)' as part,
    need_type as breakdown,
    category,
    patients,
    null as pct_current,
    null as pct_previous,
    round(pct_of_known, 1) as pct_ever_known_or_of_known
from ranked_needs
where need_rank <= 3
order by part asc, breakdown asc, patients desc
