{#- Every hospital record that can tell us something about a person, from the
    three MSEFT feeds (objectors removed), with the attributes in one shape so
    that the patient spine can pick each attribute from the most recent record
    that knows it. -#}
with

attendances as (
    select * from {{ ref('int_ae_attendances_permitted') }}
),

spells as (
    select * from {{ ref('int_inpatient_spells_permitted') }}
),

pathways as (
    select * from {{ ref('int_waiting_list_permitted') }}
),

records as (
    select
        nhs_number_pseudonym,
        'ae' as service,
        source_row,
        arrived_at as recorded_at,
        sex,
        age_years,
        postcode,
        dq_invalid_postcode as has_invalid_postcode,
        cast(null as {{ dbt.type_string() }}) as ethnic_category_code
    from attendances

    union all

    select
        nhs_number_pseudonym,
        'inpatient' as service,
        source_row,
        admitted_at as recorded_at,
        sex,
        age_years,
        postcode,
        dq_invalid_postcode as has_invalid_postcode,
        cast(null as {{ dbt.type_string() }}) as ethnic_category_code
    from spells

    union all

    -- the waiting list is a snapshot: its records are as of the reference date
    select
        nhs_number_pseudonym,
        'waiting_list' as service,
        source_row,
        {{ reference_timestamp() }} as recorded_at,
        sex,
        age_years,
        postcode,
        dq_invalid_postcode as has_invalid_postcode,
        ethnic_category_code
    from pathways
)

select
    nhs_number_pseudonym,
    service,
    source_row,
    recorded_at,
    postcode as known_postcode,
    -- which record is preferred when dates tie (lower is preferred)
    case service
        when 'waiting_list' then 1
        when 'inpatient' then 2
        else 3
    end as service_preference,
    case when sex in ('Female', 'Male') then sex end as known_sex,
    {{ value_in_range('age_years', 'age_years') }} as known_age_years,
    coalesce(has_invalid_postcode, false) as has_invalid_postcode,
    case
        when ethnic_category_code not in ('Z', '99', 'X')
            then ethnic_category_code
    end as known_ethnic_category_code
from records
where nhs_number_pseudonym is not null
