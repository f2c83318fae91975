{#- The breakdowns of the research-question marts (docs/design.md, "Common
    breakdowns"): one row per dimension and category, in display order, so
    that every mart lists every category, even one with no patients. Districts
    come from the LSOA lookup seed. -#}
{%- set fixed = {
    'sex': ['Female', 'Male', 'Unknown'],
    'age_band': ['0-17', '18-24', '25-34', '35-44', '45-54', '55-64', '65-74',
                 '75-84', '85+', 'Unknown'],
    'ethnic_group': ['White', 'Mixed or multiple ethnic groups',
                     'Asian or Asian British',
                     'Black, Black British, Caribbean or African',
                     'Other ethnic group', 'Not known'],
    'imd_decile': ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', 'Unknown'],
    'imd_quintile': ['1', '2', '3', '4', '5', 'Unknown'],
} -%}
{#- the vulnerable groups: their one definition, in its order -#}
{%- set vulnerable_groups = [] -%}
{%- for group in vulnerable_group_definitions() -%}
    {%- do vulnerable_groups.append(group.name) -%}
{%- endfor -%}
{%- do fixed.update({'vulnerable_group': vulnerable_groups}) -%}
{%- set dimension_order = ['sex', 'age_band', 'ethnic_group', 'imd_decile',
                           'imd_quintile', 'local_authority',
                           'vulnerable_group'] -%}
with

fixed_categories as (
    {%- for dimension, categories in fixed.items() %}
        {%- set dimension_loop = loop %}
        {%- for category in categories %}
            select
                '{{ dimension }}' as dimension,
                '{{ category }}' as category,
                {{ loop.index }} as category_order
            {%- if not (dimension_loop.last and loop.last) %}
                union all
            {%- endif %}
        {%- endfor %}
    {%- endfor %}
),

districts as (
    select distinct lad22_name as district_name
    from {{ ref('lsoa11_lsoa21_lad22') }}
),

district_count as (
    select count(*) as districts
    from districts
),

district_categories as (
    select
        'local_authority' as dimension,
        district_name as category,
        row_number() over (order by district_name) as category_order
    from districts

    union all

    select
        'local_authority' as dimension,
        'Unknown' as category,
        districts + 1 as category_order
    from district_count
),

categories as (
    select * from fixed_categories
    union all
    select * from district_categories
)

select
    cast(dimension as {{ dbt.type_string() }}) as dimension,
    case dimension
        {%- for dimension in dimension_order %}
            when '{{ dimension }}' then {{ loop.index }}
        {%- endfor %}
    end as dimension_order,
    cast(category as {{ dbt.type_string() }}) as category,
    cast(category_order as integer) as category_order
from categories
