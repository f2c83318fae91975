{#- Does linkage fail more often for some groups? For two populations, by each
    breakdown of the research-question marts:
    - social_care_persons: share with an NHS ID (without one a record cannot
      link) and share linked to a hospital person;
    - ecc_resident_patients: hospital patients living in the 12 ECC districts,
      share linked to a social care record. Linkage error that falls harder on
      some groups biases the inequality findings. -#}
{%- set imd_quintile_category =
    "coalesce(cast(imd_quintile as " ~ dbt.type_string() ~ "), 'Unknown')" -%}
{%- set social_care_dimensions = [
    ('all', "'All'"),
    ('age_band', 'age_band'),
    ('sex', "coalesce(known_sex, 'Unknown')"),
    ('ethnic_group', "coalesce(known_ethnic_group, 'Not known')"),
    ('imd_quintile', imd_quintile_category),
    ('local_authority', "coalesce(local_authority_name, 'Unknown')"),
] -%}
{%- set patient_dimensions = [
    ('all', "'All'"),
    ('age_band', 'age_band'),
    ('sex', 'sex'),
    ('ethnic_group', 'ethnic_group'),
    ('imd_quintile', imd_quintile_category),
    ('local_authority', "coalesce(local_authority_name, 'Unknown')"),
] -%}
with

social_care as (
    select * from {{ ref('int_asc_persons') }}
),

patients as (
    select * from {{ ref('int_patients') }}
    where is_ecc_resident
),

counts as (
    {%- for dimension, category in social_care_dimensions %}
        select
            'social_care_persons' as population,
            '{{ dimension }}' as dimension,
            {{ category }} as category,
            count(*) as persons,
            sum(case when has_nhs_number then 1 else 0 end)
                as persons_with_nhs_number,
            sum(case when is_linked_to_hospital then 1 else 0 end)
                as persons_linked
        from social_care
        group by {{ category }}
        union all
    {%- endfor %}
    {%- for dimension, category in patient_dimensions %}
        select
            'ecc_resident_patients' as population,
            '{{ dimension }}' as dimension,
            {{ category }} as category,
            count(*) as persons,
            count(*) as persons_with_nhs_number,
            sum(case when is_linked_to_social_care then 1 else 0 end)
                as persons_linked
        from patients
        group by {{ category }}
        {{- '\n    union all' if not loop.last }}
    {%- endfor %}
)

select
    population,
    dimension,
    category,
    persons,
    persons_with_nhs_number,
    persons_linked,
    round(100.0 * persons_with_nhs_number / persons, 1) as pct_with_nhs_number,
    round(100.0 * persons_linked / persons, 1) as pct_linked,
    round({{ wilson_lower("persons_linked", "persons", 100) }}, 1)
        as pct_linked_ci_lower,
    round({{ wilson_upper("persons_linked", "persons", 100) }}, 1)
        as pct_linked_ci_upper
from counts
