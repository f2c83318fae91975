{#- Per feed: what was received, landed, quarantined, flagged and removed by
    objections, so that every row of a drop is accounted for:
    rows_read = rows_loaded + rows_quarantined, and
    rows_loaded = rows_permitted + rows_removed_by_objections. -#}
{#- (raw table, staging model, objection-filtered view or none) -#}
{%- set feeds = [
    ('mseft_ae_attendances', 'stg_mseft__ae_attendances',
        'int_ae_attendances_permitted'),
    ('mseft_inpatient_spells', 'stg_mseft__inpatient_spells',
        'int_inpatient_spells_permitted'),
    ('mseft_waiting_list', 'stg_mseft__waiting_list',
        'int_waiting_list_permitted'),
    ('ecc_asc_registrations', 'stg_ecc_asc__registrations',
        'int_asc_registrations_permitted'),
    ('ecc_asc_demographics', 'stg_ecc_asc__demographics',
        'int_asc_demographics_permitted'),
    ('ecc_asc_assessments', 'stg_ecc_asc__assessments',
        'int_asc_assessments_permitted'),
    ('ecc_asc_reviews', 'stg_ecc_asc__reviews',
        'int_asc_reviews_permitted'),
    ('ecc_asc_services', 'stg_ecc_asc__services',
        'int_asc_services_permitted'),
    ('ecc_asc_service_summary', 'stg_ecc_asc__service_summary',
        'int_asc_service_summary_permitted'),
    ('ecc_asc_health_conditions', 'stg_ecc_asc__health_conditions',
        'int_asc_health_conditions_permitted'),
    ('ecc_sensory_impairment', 'stg_ecc__sensory_impairment',
        'int_sensory_impairment_permitted'),
    ('ecc_languages', 'stg_ecc__languages', 'int_languages_permitted'),
    ('ecc_geographies', 'stg_ecc__geographies', none),
] -%}
with

load_log as (
    select * from {{ source('loader', 'load_log') }}
),

staged as (
    {%- for feed, staging, _ in feeds %}
        select
            '{{ feed }}' as feed,
            count(*) as rows_staged,
            {{ count_where('has_dq_issue') }} as rows_flagged
        from {{ ref(staging) }}
        {{- '\n    union all' if not loop.last }}
    {%- endfor %}
),

permitted as (
    -- the households feed has no person key: nothing is removed from it
    {%- for feed, _, permitted in feeds if permitted %}
        select
            '{{ feed }}' as feed,
            count(*) as rows_permitted
        from {{ ref(permitted) }}
        {{- '\n    union all' if not loop.last }}
    {%- endfor %}
)

select
    load_log.feed,
    load_log.file,
    load_log.status,
    load_log.rows_read,
    load_log.rows_loaded,
    load_log.rows_rejected as rows_quarantined,
    staged.rows_flagged,
    load_log.extra_columns,
    load_log.message,
    staged.rows_staged
    - coalesce(permitted.rows_permitted, staged.rows_staged)
        as rows_removed_by_objections,
    coalesce(permitted.rows_permitted, staged.rows_staged) as rows_permitted
from load_log
inner join staged
    on load_log.feed = staged.feed
left join permitted
    on load_log.feed = permitted.feed
