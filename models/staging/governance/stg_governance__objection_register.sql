{#- The objections that stand: for each person and reason, the latest event
    of the register, kept when it is an objection (a later withdrawal cancels
    it, a later objection restores it). Pseudonyms are normalised here, as every
    feed's are, so a withdrawal with other spacing or case still matches. -#}
with

events as (
    select
        {{ normalise_pseudonym('nhs_number') }} as nhs_number_pseudonym,
        {{ trim_to_null('reason') }} as reason,
        event,
        batch
    from {{ source('governance', 'objection_register') }}
),

latest_events as (
    select *
    from events
    where nhs_number_pseudonym is not null
    qualify row_number() over (
        partition by nhs_number_pseudonym, reason
        order by batch desc
    ) = 1
)

select
    nhs_number_pseudonym,
    reason,
    batch as objected_in_batch
from latest_events
where event = 'objected'
