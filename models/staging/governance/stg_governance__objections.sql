{#- The objections file is optional: without one, the loader may land no table,
    and this model is empty (nobody has objected) rather than an error. -#}
with

source as (
    {{ select_source_or_empty('governance', 'objections') }}
),

staged as (
    select
        -- keys
        _source_row as source_row,
        {{ normalise_pseudonym('nhs_number') }} as nhs_number_pseudonym,

        -- why
        {{ trim_to_null('reason') }} as reason,

        -- data-quality flags from the feed registry
        {{ registry_dq_flags('governance', 'objections') }}
    from source
)

select
    *,
    {{ has_dq_issue() }} as has_dq_issue
from staged
