with

source as (
    select * from {{ source('ecc_asc', 'service_summary') }}
),

staged as (
    select
        -- keys
        _source_row as source_row,
        {{ normalise_pseudonym('person_id') }} as asc_person_pseudonym,
        {{ trim_to_null('workflow_id') }} as workflow_id,
        {{ trim_to_null('workflow_step_id') }} as workflow_step_id,
        {{ trim_to_null('element_id') }} as element_id,
        {{ trim_to_null('element_detail_id') }} as element_detail_id,
        {{ trim_to_null('type_id') }} as type_id,

        -- the service
        {{ trim_to_null('service_group') }} as service_group,
        {{ trim_to_null('service_type') }} as service_type,
        {{ trim_to_null('element_type') }} as element_type,
        {{ trim_to_null('service_band') }} as service_band,
        {{ to_integer('service_group_rank_start') }}
            as service_group_rank_start,
        {{ to_integer('service_group_rank_end') }} as service_group_rank_end,
        {{ to_integer('service_type_rank_start') }} as service_type_rank_start,
        {{ to_integer('service_type_rank_end') }} as service_type_rank_end,
        {{ to_integer('service_rank') }} as service_rank,

        -- who provides it
        {{ trim_to_null('provider_id') }} as provider_id,
        {{ trim_to_null('provider') }} as provider_name,
        {{ trim_to_null('provider_type') }} as provider_type,
        {{ trim_to_null('allocated_organisation') }} as allocated_organisation,

        -- budget codes
        {{ trim_to_null('budget_code') }} as budget_code,
        {{ trim_to_null('budget_code_description') }}
            as budget_code_description,
        {{ trim_to_null('code_2') }} as budget_code_2,
        {{ trim_to_null('code_3') }} as budget_code_3,
        {{ trim_to_null('budget_code_locality') }} as budget_code_locality,
        {{ trim_to_null('po') }} as purchase_order,

        -- dates and status
        {{ to_date_ddmmyyyy('started_services') }} as started_services_date,
        {{ to_date_ddmmyyyy('start_date') }} as start_date,
        {{ to_date_ddmmyyyy('end_date') }} as end_date,
        {{ trim_to_null('status') }} as status,
        case {{ trim_to_null('status') }}
            when 'Active' then true
            when 'Closed' then false
        end as is_active,
        {{ trim_to_null('suspensions') }} as suspensions,
        {{ yn_to_boolean('long_term_service') }} as is_long_term_service,
        {{ yn_to_boolean('person_lts_12_plus_months_today') }}
            as is_long_term_12_plus_months,

        -- quantities and money (pounds)
        {{ to_decimal('rate') }} as rate_gbp,
        {{ trim_to_null('unit') }} as unit,
        {{ trim_to_null('frequency') }} as frequency,
        {{ to_decimal('weekly_quantity', 4) }} as weekly_quantity,
        {{ to_decimal('weekly_cost') }} as weekly_cost_gbp,

        -- data-quality flags from the feed registry
        {{ registry_dq_flags('ecc_asc', 'service_summary') }}
    from source
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
