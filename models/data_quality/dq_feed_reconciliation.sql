{#- Per feed: what was received, landed, quarantined, flagged and removed by
    objections, so that every row of a drop is accounted for:
    rows_read = rows_loaded + rows_quarantined, and
    rows_loaded = rows_permitted + rows_removed_by_objections.
    The feeds, their staging models and objection-filtered views come from the
    feed registry (registry_feeds). -#}
{#- dbt must know a model's parents while it parses, before the registry can be
    read: the feeds are declared here once more, and the compile fails, naming
    the feed, when this list and the registry differ. -#}
{%- set declared = [
    ('mseft', 'ae_attendances'), ('mseft', 'inpatient_spells'),
    ('mseft', 'waiting_list'), ('ecc_asc', 'registrations'),
    ('ecc_asc', 'demographics'), ('ecc_asc', 'assessments'),
    ('ecc_asc', 'reviews'), ('ecc_asc', 'services'),
    ('ecc_asc', 'service_summary'), ('ecc_asc', 'health_conditions'),
    ('ecc', 'sensory_impairment'), ('ecc', 'languages'), ('ecc', 'geographies'),
] -%}
{%- if not execute -%}
    {%- for source_name, table_name in declared -%}
        {%- set names = feed_model_names(source_name, table_name) %}
-- depends_on: {{ ref(names.staging_model) }}
        {%- if not (source_name == 'ecc' and table_name == 'geographies') %}
-- depends_on: {{ ref(names.permitted_view) }}
        {%- endif -%}
    {%- endfor -%}
{%- endif -%}
{%- set feeds = registry_feeds() -%}
{%- set registered = [] -%}
{%- for feed in feeds -%}
    {%- do registered.append((feed.source_name, feed.table_name)) -%}
{%- endfor -%}
{%- for feed in registered | reject('in', declared) -%}
    {{ exceptions.raise_compiler_error(
        "dq_feed_reconciliation: registry feed " ~ feed | join('.')
        ~ " is not declared in the model's list") }}
{%- endfor -%}
{%- for feed in declared | reject('in', registered) if execute -%}
    {{ exceptions.raise_compiler_error(
        "dq_feed_reconciliation: " ~ feed | join('.') ~ " is no registry feed") }}
{%- endfor %}
with

load_log as (
    select * from {{ source('loader', 'load_log') }}
),

staged as (
    {%- for feed in feeds %}
        select
            '{{ feed.identifier }}' as feed,
            count(*) as rows_staged,
            {{ count_where('has_dq_issue') }} as rows_flagged
        from {{ ref(feed.staging_model) }}
        {{- '\n    union all' if not loop.last }}
    {%- endfor %}
),

permitted as (
    -- a feed about no person (the households) has no objection filter
    {%- for feed in feeds | selectattr('permitted_view') %}
        select
            '{{ feed.identifier }}' as feed,
            count(*) as rows_permitted
        from {{ ref(feed.permitted_view) }}
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
