{#- RQ2: residents facing multiple disadvantage (the protocol's purpose): MSEFT
    patients on the waiting list at the snapshot who live in ECC's 12 districts
    and, at the reference date, are awaiting a social care assessment, have a
    review overdue, or either. One row per dimension, category and
    social_care_wait, with the median days those patients had waited for
    hospital treatment beside the median of the category's other waiting-list
    patients. Counts of distinct hospital persons, disclosure-controlled. -#}
{%- set waits = {
    'awaiting_assessment': 'cohort.is_awaiting_social_care_assessment',
    'review_overdue': 'cohort.has_social_care_review_overdue',
    'either': 'cohort.is_awaiting_social_care_assessment'
        ~ ' or cohort.has_social_care_review_overdue',
} -%}
with

patients as (
    select * from {{ ref('dim_patient') }}
),

waits as (
    select * from {{ ref('dim_patient_waits') }}
),

breakdowns as (
    select * from {{ ref('dim_patient_breakdowns') }}
),

cohort as (
    -- ECC-resident patients on the waiting-list snapshot
    select waits.*
    from waits
    inner join patients
        on waits.nhs_number_pseudonym = patients.nhs_number_pseudonym
    where patients.is_waiting_list_patient and patients.is_ecc_resident
),

cohort_categories as (
    select
        nhs_number_pseudonym,
        'all' as dimension,
        'All' as category
    from cohort

    union all

    select
        breakdowns.nhs_number_pseudonym,
        breakdowns.dimension,
        breakdowns.category
    from breakdowns
    inner join cohort
        on breakdowns.nhs_number_pseudonym = cohort.nhs_number_pseudonym

    union all

    select
        nhs_number_pseudonym,
        'primary_support_reason' as dimension,
        primary_support_reason as category
    from cohort
),

person_waits as (
    {%- for wait, condition in waits.items() %}
        select
            cohort_categories.dimension,
            cohort_categories.category,
            '{{ wait }}' as social_care_wait,
            cohort.longest_days_waiting,
            coalesce({{ condition }}, false) as has_wait
        from cohort_categories
        inner join cohort
            on
                cohort_categories.nhs_number_pseudonym
                = cohort.nhs_number_pseudonym
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

counted as (
    select
        dimension,
        category,
        social_care_wait,
        count(*) as waiting_list_patients,
        {{ count_where('has_wait') }} as patients,
        median(case when has_wait then longest_days_waiting end)
            as median_days,
        {{ count_where('has_wait and longest_days_waiting is not null') }}
            as median_base,
        median(case when not has_wait then longest_days_waiting end)
            as others_median_days,
        {{ count_where('not has_wait and longest_days_waiting is not null') }}
            as others_median_base
    from person_waits
    group by dimension, category, social_care_wait
),

categories as (
    -- every category of every dimension, with 0 where nobody falls in it; the
    -- districts are ECC's 12 only, where the cohort lives
    select
        'all' as dimension,
        'All' as category

    union all

    select
        dimension,
        category
    from {{ ref('dim_breakdown_categories') }}
    where dimension <> 'local_authority'

    union all

    select distinct
        'local_authority' as dimension,
        local_authority_name as category
    from {{ ref('dim_lsoa') }}
    where is_ecc_district

    union all

    select distinct
        'primary_support_reason' as dimension,
        primary_support_reason as category
    from {{ ref('dim_asc_person') }}
    where primary_support_reason is not null

    union all

    select
        'primary_support_reason' as dimension,
        'Not recorded' as category

    union all

    select
        'primary_support_reason' as dimension,
        'Not known to social care' as category
),

wait_list as (
    {%- for wait in waits %}
        select '{{ wait }}' as social_care_wait
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

filled as (
    select
        categories.dimension,
        categories.category,
        wait_list.social_care_wait,
        counted.median_days,
        counted.others_median_days,
        coalesce(counted.waiting_list_patients, 0) as waiting_list_patients,
        coalesce(counted.patients, 0) as patients,
        coalesce(counted.median_base, 0) as median_base,
        coalesce(counted.others_median_base, 0) as others_median_base
    from categories
    cross join wait_list
    left join counted
        on
            categories.dimension = counted.dimension
            and categories.category = counted.category
            and wait_list.social_care_wait = counted.social_care_wait
),

{{ publish_breakdown(
    'filled',
    columns=['dimension', 'category', 'social_care_wait'],
    counts=['waiting_list_patients', 'patients'],
    percentages={'pct_of_waiting': ['patients', 'waiting_list_patients']},
    values={'median_days': 'median_base',
            'others_median_days': 'others_median_base'},
    renames={'median_days': 'median_days_waiting_hospital',
             'others_median_days': 'median_days_waiting_hospital_others'},
    order=['dimension', 'category', 'social_care_wait', 'waiting_list_patients',
           'patients', 'pct_of_waiting', 'median_days_waiting_hospital',
           'is_suppressed', 'median_days_waiting_hospital_others']
) }}
