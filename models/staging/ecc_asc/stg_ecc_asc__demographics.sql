with

source as (
    select * from {{ source('ecc_asc', 'demographics') }}
),

ethnic_categories as (
    select * from {{ ref('ethnic_category') }}
),

staged as (
    select
        -- keys
        source._source_row as source_row,
        {{ normalise_pseudonym('source.person_id') }} as asc_person_pseudonym,
        {{ normalise_pseudonym('source.nhs_id') }} as nhs_number_pseudonym,
        {{ normalise_pseudonym('source.ref_address_id') }}
            as household_pseudonym,

        -- the person
        {{ to_integer('source.age') }} as age_years,
        {{ to_date_ddmmyyyy('source.date_of_death') }} as date_of_death,
        {{ normalise_sex_code('source.gender') }} as sex_code,
        {{ sex_label(normalise_sex_code('source.gender')) }} as sex,

        -- ethnicity as recorded, and as an NHS ethnic category
        {{ trim_to_null('source.ethnicity') }} as ethnicity,
        {{ trim_to_null('source.sub_ethnicity') }} as sub_ethnicity,
        ethnic_categories.ethnic_category_code,
        ethnic_categories.ethnic_category,
        ethnic_categories.ethnic_broad_group,

        -- circumstances
        {{ trim_to_null('source.current_employment_status') }}
            as employment_status,
        {{ trim_to_null('source.current_salt_employment_status') }}
            as salt_employment_status,
        {{ trim_to_null('source.tenure') }} as tenure,
        {{ trim_to_null('source.tenure_grouping') }} as tenure_grouping,

        -- needs
        {{ to_decimal('source.vulnerability_score', 4) }}
            as vulnerability_score,
        {{ trim_to_null('source.vulnerability_score_group') }}
            as vulnerability_score_group,
        {{ trim_to_null('source.nwow_specialism') }} as nwow_specialism,

        -- the extract
        {{ to_date_ddmmyyyy('source.loaddate') }} as load_date,

        -- data-quality flags from the feed registry
        {{ registry_dq_flags(
            'ecc_asc', 'demographics', relation_alias='source'
        ) }}
    from source
    -- Mosaic records ethnicity as the broad group and the category's label (or
    -- its code); both must agree with the NHS list for a code to be given
    left join ethnic_categories
        on
            (
                upper({{ trim_to_null('source.sub_ethnicity') }})
                = upper(ethnic_categories.ethnic_category)
                or upper({{ trim_to_null('source.sub_ethnicity') }})
                = ethnic_categories.ethnic_category_code
            )
            and coalesce(
                upper({{ trim_to_null('source.ethnicity') }})
                = upper(ethnic_categories.ethnic_broad_group),
                true
            )
),

checked as (
    select
        *,
        coalesce(
            sub_ethnicity is not null and ethnic_category_code is null, false
        ) as dq_unmapped_ethnicity,
        -- the record cannot link to hospital records
        nhs_number_pseudonym is null as dq_missing_nhs_number,
        -- duplicate case records: another record carries the same NHS ID
        coalesce(
            count(*) over (partition by nhs_number_pseudonym) > 1
            and nhs_number_pseudonym is not null,
            false
        ) as dq_shared_nhs_number
    from staged
)

select
    *,
    {{ has_dq_issue([
        'dq_unmapped_ethnicity', 'dq_missing_nhs_number', 'dq_shared_nhs_number',
    ]) }} as has_dq_issue
from checked
