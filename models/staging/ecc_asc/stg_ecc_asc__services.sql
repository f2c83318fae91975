with

source as (
    select * from {{ source('ecc_asc', 'services') }}
),

staged as (
    select
        -- keys: the person, the workflow and the commitment
        _source_row as source_row,
        {{ normalise_pseudonym('person_id') }} as asc_person_pseudonym,
        {{ normalise_pseudonym('pseudo_household_id') }} as household_pseudonym,
        {{ trim_to_null('swift_id_1') }} as swift_id_1,
        {{ trim_to_null('swift_id_2') }} as swift_id_2,
        {{ trim_to_null('workflow_id') }} as workflow_id,
        {{ trim_to_null('workflow_step_id') }} as workflow_step_id,
        {{ trim_to_null('commitment_id') }} as commitment_id,
        {{ trim_to_null('max_commitment_id') }} as max_commitment_id,
        {{ to_integer('count_commitment_id') }} as commitment_count,
        {{ trim_to_null('package_id') }} as package_id,
        {{ trim_to_null('service_id') }} as service_id,
        {{ trim_to_null('element_id') }} as element_id,
        {{ trim_to_null('element_detail_id') }} as element_detail_id,
        {{ trim_to_null('old_element_detail_id') }} as old_element_detail_id,
        {{ trim_to_null('new_element_detail_id') }} as new_element_detail_id,
        {{ trim_to_null('rate_id') }} as rate_id,
        {{ trim_to_null('rate_change_id') }} as rate_change_id,

        -- the person at data transfer
        {{ to_integer('age') }} as age_years,
        {{ trim_to_null('ageband1') }} as age_band_1,
        {{ trim_to_null('ageband2') }} as age_band_2,
        {{ to_date_ddmmyyyy('date_of_death') }} as date_of_death,
        {{ trim_to_null('locality_name') }} as locality_name,
        {{ trim_to_null('district_name') }} as district_name,
        {{ trim_to_null('ward_name') }} as ward_name,
        {{ trim_to_null('primary_support_reason') }} as primary_support_reason,
        {{ trim_to_null('primary_support_sub_reason') }}
            as primary_support_sub_reason,

        -- what the service is
        {{ trim_to_null('workflow_step_type') }} as workflow_step_type,
        {{ trim_to_null('package_type') }} as package_type,
        {{ trim_to_null('service_group') }} as service_group,
        {{ trim_to_null('service_type') }} as service_type,
        {{ trim_to_null('element_type') }} as element_type,
        {{ trim_to_null('element_group') }} as element_group,
        {{ trim_to_null('element_change_type') }} as element_change_type,
        {{ trim_to_null('alt_reporting_group') }} as alt_reporting_group,
        {{ trim_to_null('alt_service_group') }} as alt_service_group,
        {{ trim_to_null('contract_type') }} as contract_type,
        {{ trim_to_null('contract_type_2') }} as contract_type_2,

        -- who provides, requests and pays
        {{ trim_to_null('provider_id') }} as provider_id,
        {{ trim_to_null('provider') }} as provider_name,
        {{ trim_to_null('provider_type') }} as provider_type,
        {{ trim_to_null('payee_org_id') }} as payee_org_id,
        {{ trim_to_null('payee_organisation') }} as payee_organisation,
        {{ trim_to_null('package_requesting_team') }}
            as package_requesting_team,
        {{ trim_to_null('purchasing_team') }} as purchasing_team,

        -- budget codes
        {{ trim_to_null('budget_code_group_id') }} as budget_code_group_id,
        {{ trim_to_null('budget_code') }} as budget_code,
        {{ trim_to_null('code_1') }} as budget_code_1,
        {{ trim_to_null('code_2') }} as budget_code_2,
        {{ trim_to_null('code_3') }} as budget_code_3,
        {{ trim_to_null('code_4') }} as budget_code_4,
        {{ trim_to_null('budget_code_locality') }} as budget_code_locality,

        -- dates
        {{ to_date_ddmmyyyy('workflow_step_start_date') }}
            as workflow_step_start_date,
        {{ to_date_ddmmyyyy('workflow_step_end_date') }}
            as workflow_step_end_date,
        {{ to_integer('workflow_step_end_year') }} as workflow_step_end_year,
        {{ to_integer('workflow_step_end_month') }} as workflow_step_end_month,
        {{ to_date_ddmmyyyy('service_start_date') }} as service_start_date,
        {{ to_date_ddmmyyyy('service_end_date') }} as service_end_date,
        {{ to_date_ddmmyyyy('element_start_date') }} as element_start_date,
        {{ to_date_ddmmyyyy('element_end_date') }} as element_end_date,
        {{ to_integer('element_start_week') }} as element_start_week,
        {{ to_integer('element_end_week') }} as element_end_week,
        {{ to_integer('element_start_year') }} as element_start_year,
        {{ to_integer('element_start_month') }} as element_start_month,
        {{ to_integer('element_end_year') }} as element_end_year,
        {{ to_integer('element_end_month') }} as element_end_month,
        {{ to_date_ddmmyyyy('commitment_start_date') }}
            as commitment_start_date,
        {{ to_date_ddmmyyyy('commitment_end_date') }} as commitment_end_date,
        {{ to_date_ddmmyyyy('commitment_created_on') }}
            as commitment_created_date,
        {{ to_date_ddmmyyyy('start_current_ecc_year') }}
            as ecc_financial_year_start_date,
        {{ to_date_ddmmyyyy('end_current_ecc_year') }}
            as ecc_financial_year_end_date,
        -- the spec's 'Time in service', no unit given
        {{ to_integer('length_of_stay') }} as length_of_stay,

        -- status
        {{ trim_to_null('active_package') }} as active_package,
        case {{ trim_to_null('active_package') }}
            when 'Active' then true
            when 'Closed' then false
        end as is_active_package,
        {{ yn_to_boolean('cancelled') }} as is_cancelled,
        -- the spec's 'Vaild_Element' (sic), no description given
        {{ yn_to_boolean('vaild_element') }} as is_valid_element,
        {{ yn_to_boolean('lts_service') }} as is_long_term_service,

        -- quantities
        {{ to_decimal('quantity', 4) }} as quantity_hours,
        {{ to_decimal('weekly_quantity', 4) }} as weekly_quantity,
        {{ to_decimal('quantity_per_frequency', 4) }} as quantity_per_frequency,
        {{ trim_to_null('frequency') }} as frequency,
        {{ trim_to_null('unit_of_measure') }} as unit_of_measure,
        {{ trim_to_null('charge_unit_type') }} as charge_unit_type,
        {{ trim_to_null('rate_type') }} as rate_type,

        -- money, in pounds
        {{ to_decimal('rate') }} as rate_gbp,
        {{ to_decimal('calculated_rate') }} as calculated_rate_gbp,
        {{ to_decimal('standard_cost') }} as standard_cost_gbp,
        {{ to_decimal('cost_per_frequency') }} as cost_per_frequency_gbp,
        {{ to_decimal('cost_per_week') }} as cost_per_week_gbp,
        {{ to_decimal('one_off_cost') }} as one_off_cost_gbp,
        {{ to_decimal('old_service_cost') }} as old_service_cost_gbp,
        {{ to_decimal('service_cost') }} as service_cost_gbp,
        {{ to_decimal('active_package_cost') }} as active_package_cost_gbp,

        -- data-quality flags from the feed registry
        {{ registry_dq_flags('ecc_asc', 'services') }}
    from source
),

checked as (
    select
        *,
        coalesce(
            workflow_step_end_date < workflow_step_start_date
            or service_end_date < service_start_date
            or element_end_date < element_start_date
            or commitment_end_date < commitment_start_date,
            false
        ) as dq_date_order
    from staged
)

select
    *,
    {{ has_dq_issue(['dq_date_order']) }} as has_dq_issue
from checked
