{#- The social care spine: one row per social care person (Mosaic person ID),
    with who they are, where they live (through their household in the
    geographies feed), what is open for them at the reference date, and the
    vulnerable-group flags the marts break down by. Objectors removed. -#}
with

demographics as (
    -- a Mosaic ID delivered twice keeps its later row
    select *
    from {{ ref('int_asc_demographics_permitted') }}
    where asc_person_pseudonym is not null
    qualify row_number() over (
        partition by asc_person_pseudonym order by source_row desc
    ) = 1
),

households as (
    select *
    from {{ ref('stg_ecc__geographies') }}
    where household_pseudonym is not null
    qualify row_number() over (
        partition by household_pseudonym order by source_row desc
    ) = 1
),

status as (
    select * from {{ ref('int_asc_service_status') }}
),

linked as (
    select distinct asc_person_pseudonym
    from {{ ref('int_person_bridge') }}
),

primary_support as (
-- the primary support reason of the person's most recently started service
    {{ latest_known_value(
        ref('int_asc_services_permitted'), 'asc_person_pseudonym',
        'primary_support_reason', 'primary_support_reason',
        recorded_at='service_start_date', preference='0'
    ) }}
),

languages as (
    select
        asc_person_pseudonym,
        max(case when is_main_language then language end) as main_language,
        coalesce(
            max(case when is_interpreter_required then 1 else 0 end) = 1, false
        ) as is_interpreter_required
    from {{ ref('int_languages_permitted') }}
    group by asc_person_pseudonym
),

sensory as (
    select distinct asc_person_pseudonym
    from {{ ref('int_sensory_impairment_permitted') }}
),

condition_flags as (
    select
        conditions.asc_person_pseudonym,
        max(case
            when
                {{ is_learning_disability_condition(
                    'condition_types.health_condition'
                ) }}
                then 1
            else 0
        end) = 1 as has_learning_disability_condition,
        max(case
            when {{ is_dementia_condition('condition_types.health_condition') }}
                then 1
            else 0
        end) = 1 as has_dementia_condition,
        max(case
            when {{ is_autism_condition('condition_types.health_condition') }}
                then 1
            else 0
        end) = 1 as has_autism_condition
    from {{ ref('int_asc_health_conditions_permitted') }} as conditions
    inner join {{ ref('health_condition_types') }} as condition_types
        on
            conditions.health_condition_type
            = condition_types.health_condition_type
    group by conditions.asc_person_pseudonym
)

select
    demographics.asc_person_pseudonym,
    demographics.nhs_number_pseudonym,
    demographics.nhs_number_pseudonym is not null as has_nhs_number,
    linked.asc_person_pseudonym is not null as is_linked_to_hospital,
    case when demographics.sex in ('Female', 'Male') then demographics.sex end
        as known_sex,
    {{ value_in_range('demographics.age_years', 'age_years') }} as age_years,
    {{ age_band(value_in_range('demographics.age_years', 'age_years')) }}
        as age_band,
    case
        when demographics.ethnicity in (
            'White',
            'Mixed or multiple ethnic groups',
            'Asian or Asian British',
            'Black, Black British, Caribbean or African', 'Other ethnic group'
        ) then demographics.ethnicity
    end as known_ethnic_group,
    demographics.date_of_death,
    demographics.vulnerability_score,
    demographics.vulnerability_score_group,
    demographics.household_pseudonym,
    households.lsoa11_code,
    households.imd_decile,
    cast(ceiling(households.imd_decile / 2.0) as integer) as imd_quintile,
    households.electoral_ward,
    households.local_authority_code,
    households.local_authority_name,
    status.has_active_service,
    status.has_open_registration,
    status.has_open_review,
    status.is_current,
    primary_support.primary_support_reason,
    languages.main_language,
    coalesce(languages.is_interpreter_required, false)
        as is_interpreter_required,
    sensory.asc_person_pseudonym is not null as has_sensory_impairment,
    coalesce(
        condition_flags.has_learning_disability_condition
        or primary_support.primary_support_reason
        = 'Learning Disability Support',
        false
    ) as has_learning_disability,
    coalesce(condition_flags.has_autism_condition, false) as has_autism,
    coalesce(condition_flags.has_dementia_condition, false) as has_dementia
from demographics
left join households
    on demographics.household_pseudonym = households.household_pseudonym
left join status
    on demographics.asc_person_pseudonym = status.asc_person_pseudonym
left join linked
    on demographics.asc_person_pseudonym = linked.asc_person_pseudonym
left join primary_support
    on demographics.asc_person_pseudonym = primary_support.asc_person_pseudonym
left join languages
    on demographics.asc_person_pseudonym = languages.asc_person_pseudonym
left join sensory
    on demographics.asc_person_pseudonym = sensory.asc_person_pseudonym
left join condition_flags
    on demographics.asc_person_pseudonym = condition_flags.asc_person_pseudonym
