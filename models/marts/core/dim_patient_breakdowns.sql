{#- Each hospital person's category in every breakdown of the research-
    question marts: one row per person and dimension for sex, age_band,
    ethnic_group, imd_decile, imd_quintile and local_authority (a partition:
    every person in exactly one category), and one row per vulnerable group
    the person belongs to (overlapping: none, one or several; the groups and
    their flags are vulnerable_group_definitions'). Restricted: person-level,
    not for publication. -#}
with

patients as (
    select * from {{ ref('dim_patient') }}
),

breakdowns as (
    select
        nhs_number_pseudonym,
        'sex' as dimension,
        sex as category
    from patients

    union all

    select
        nhs_number_pseudonym,
        'age_band' as dimension,
        age_band as category
    from patients

    union all

    select
        nhs_number_pseudonym,
        'ethnic_group' as dimension,
        ethnic_group as category
    from patients

    union all

    select
        nhs_number_pseudonym,
        'imd_decile' as dimension,
        coalesce(
            cast(imd_decile as {{ dbt.type_string() }}), 'Unknown'
        ) as category
    from patients

    union all

    select
        nhs_number_pseudonym,
        'imd_quintile' as dimension,
        coalesce(
            cast(imd_quintile as {{ dbt.type_string() }}), 'Unknown'
        ) as category
    from patients

    union all

    select
        nhs_number_pseudonym,
        'local_authority' as dimension,
        coalesce(local_authority_name, 'Unknown') as category
    from patients
    {%- for group in vulnerable_group_definitions() %}

        union all

        select
            nhs_number_pseudonym,
            'vulnerable_group' as dimension,
            '{{ group.name }}' as category
        from patients
        where {{ group.flag }}
    {%- endfor %}
)

select
    breakdowns.nhs_number_pseudonym,
    cast(breakdowns.dimension as {{ dbt.type_string() }}) as dimension,
    cast(breakdowns.category as {{ dbt.type_string() }}) as category,
    -- null would mean a category the marts do not list (tested not null)
    categories.category_order
from breakdowns
left join {{ ref('dim_breakdown_categories') }} as categories
    on
        breakdowns.dimension = categories.dimension
        and breakdowns.category = categories.category
