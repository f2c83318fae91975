with

source as (
    select * from {{ source('ecc_asc', 'health_conditions') }}
),

condition_types as (
    select * from {{ ref('health_condition_types') }}
),

staged as (
    select
        -- keys
        source._source_row as source_row,
        {{ normalise_pseudonym('source.person_id') }} as asc_person_pseudonym,

        -- the condition, coded and labelled from the protocol's table
        {{ normalise_code('source.health_condition_type') }}
            as health_condition_type,
        condition_types.health_condition,
        condition_types.mapped_domain_origin,

        -- dates
        {{ to_date_ddmmyyyy('source.start_date') }} as start_date,
        {{ to_date_ddmmyyyy('source.end_date') }} as end_date,

        -- data-quality flags from the feed registry
        {{ registry_dq_flags(
            'ecc_asc', 'health_conditions', relation_alias='source'
        ) }}
    from source
    left join condition_types
        on
            {{ normalise_code('source.health_condition_type') }}
            = condition_types.health_condition_type
),

checked as (
    select
        *,
        coalesce(end_date < start_date, false) as dq_date_order
    from staged
)

select
    *,
    {{ has_dq_issue(['dq_date_order']) }} as has_dq_issue
from checked
