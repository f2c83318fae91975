{#- RQ4: do hospital outcomes vary by protected characteristics, deprivation
    or vulnerable group. One row per outcome, dimension and category (every
    category of dim_breakdown_categories): the number of pathways, attendances
    or spells behind the value (base), the value (a median, a mean or a
    percentage), and its ratio to the dimension's reference category with a
    95% confidence interval.

    Reference categories: sex Male, age_band 45-54, ethnic_group White,
    imd_decile 10 and imd_quintile 5 (least deprived); for local_authority and
    vulnerable_group, where no category is a natural reference, all other
    patients (the outcome's events of patients not in the category).

    Ratios and their intervals: a percentage's ratio is a risk ratio from the
    published counts with Katz's log interval; a mean's is the ratio of means
    with a log-scale interval whose standard error comes from the delta
    method, sqrt(s1^2 / (n1 m1^2) + s2^2 / (n2 m2^2)); a median's ratio has no
    interval (null): there is no closed form for the standard error of a ratio
    of medians. Events count only when the person is known (NHS number
    pseudonym). -#}
{%- set fixed_references = {
    'sex': 'Male',
    'age_band': '45-54',
    'ethnic_group': 'White',
    'imd_decile': '10',
    'imd_quintile': '5',
} -%}
{%- set complement_label = 'all other patients' -%}
with

pathways as (
    select * from {{ ref('fct_waiting_list_pathways') }}
),

attendances as (
    select * from {{ ref('fct_ae_attendances') }}
),

spells as (
    select * from {{ ref('fct_inpatient_spells') }}
),

breakdowns as (
    select * from {{ ref('dim_patient_breakdowns') }}
),

categories as (
    select * from {{ ref('dim_breakdown_categories') }}
),

outcome_events as (
    -- one row per event and outcome it is measured for; `measure` is the number
    -- summarised (1 or 0 for a percentage)
    select
        'rtt_weeks_waiting_median' as outcome,
        'median' as statistic,
        nhs_number_pseudonym,
        {{ to_double('weeks_waiting') }} as measure
    from pathways
    where weeks_waiting is not null

    union all

    select
        'rtt_over_18_weeks_pct' as outcome,
        'percentage' as statistic,
        nhs_number_pseudonym,
        case when is_over_18_weeks then 1.0 else 0.0 end as measure
    from pathways
    where is_over_18_weeks is not null

    union all

    select
        'rtt_over_52_weeks_pct' as outcome,
        'percentage' as statistic,
        nhs_number_pseudonym,
        case when is_over_52_weeks then 1.0 else 0.0 end as measure
    from pathways
    where is_over_52_weeks is not null

    union all

    select
        'ae_minutes_in_department_median' as outcome,
        'median' as statistic,
        nhs_number_pseudonym,
        {{ to_double('minutes_in_department') }} as measure
    from attendances
    -- planned follow-ups are not counted attendances (fct_ae_attendances)
    where minutes_in_department is not null and is_counted_attendance

    union all

    select
        'ae_over_4_hours_pct' as outcome,
        'percentage' as statistic,
        nhs_number_pseudonym,
        case when is_over_4_hours then 1.0 else 0.0 end as measure
    from attendances
    where is_over_4_hours is not null

    union all

    -- emergency admissions only: planned and day-case stays reflect the case
    -- mix booked, not the patient's outcome
    select
        'ip_length_of_stay_mean_days' as outcome,
        'mean' as statistic,
        nhs_number_pseudonym,
        {{ to_double('length_of_stay_days') }} as measure
    from spells
    where is_emergency_admission and length_of_stay_days is not null

    union all

    select
        'ip_emergency_readmission_30d_pct' as outcome,
        'percentage' as statistic,
        nhs_number_pseudonym,
        case when has_emergency_readmission_30d then 1.0 else 0.0 end as measure
    from spells
    where has_emergency_readmission_30d is not null

    union all

    select
        'ip_in_hospital_mortality_pct' as outcome,
        'percentage' as statistic,
        nhs_number_pseudonym,
        case when is_in_hospital_death then 1.0 else 0.0 end as measure
    from spells
),

events as (
    select *
    from outcome_events
    where nhs_number_pseudonym is not null
),

outcomes as (
    select distinct
        outcome,
        statistic
    from outcome_events
),

category_events as (
    select
        events.outcome,
        breakdowns.dimension,
        breakdowns.category,
        events.measure
    from events
    inner join breakdowns
        on events.nhs_number_pseudonym = breakdowns.nhs_number_pseudonym
),

complement_categories as (
    select
        dimension,
        category
    from categories
    where dimension in ('local_authority', 'vulnerable_group')
),

complement_events as (
    -- for the dimensions compared with all other patients: each category's
    -- complement, the events of patients not in it
    select
        events.outcome,
        complement_categories.dimension,
        complement_categories.category,
        events.measure
    from events
    cross join complement_categories
    left join breakdowns
        on
            events.nhs_number_pseudonym = breakdowns.nhs_number_pseudonym
            and complement_categories.dimension = breakdowns.dimension
            and complement_categories.category = breakdowns.category
    where breakdowns.nhs_number_pseudonym is null
),

compared_events as (
    select
        'own' as side,
        category_events.*
    from category_events

    union all

    select
        'complement' as side,
        complement_events.*
    from complement_events
),

stats as (
    select
        side,
        outcome,
        dimension,
        category,
        count(*) as events,
        sum(measure) as measure_sum,
        avg(measure) as measure_mean,
        median(measure) as measure_median,
        var_samp(measure) as measure_variance
    from compared_events
    group by side, outcome, dimension, category
),

category_stats as (
    select * from stats
    where side = 'own'
),

references_chosen as (
    {%- for dimension, reference in fixed_references.items() %}
        select
            '{{ dimension }}' as dimension,
            '{{ reference }}' as reference_category
        union all
    {%- endfor %}
    select
        'local_authority' as dimension,
        '{{ complement_label }}' as reference_category
    union all
    select
        'vulnerable_group' as dimension,
        '{{ complement_label }}' as reference_category
),

reference_stats as (
    -- what each category is compared with: its dimension's reference
    -- category, or its own complement
    select
        category_stats.outcome,
        categories.dimension,
        categories.category,
        category_stats.events,
        category_stats.measure_sum,
        category_stats.measure_mean,
        category_stats.measure_median,
        category_stats.measure_variance
    from categories
    inner join references_chosen
        on categories.dimension = references_chosen.dimension
    inner join category_stats
        on
            references_chosen.dimension = category_stats.dimension
            and references_chosen.reference_category = category_stats.category

    union all

    select
        outcome,
        dimension,
        category,
        events,
        measure_sum,
        measure_mean,
        measure_median,
        measure_variance
    from stats
    where side = 'complement'
),

filled as (
    select
        outcomes.outcome,
        outcomes.statistic,
        categories.dimension,
        categories.category,
        references_chosen.reference_category,
        own.measure_variance as variance,
        reference.measure_variance as reference_variance,
        categories.category = references_chosen.reference_category
            as is_reference,
        coalesce(own.events, 0) as base,
        coalesce(own.events, 0) as raw_base,
        case
            when outcomes.statistic = 'percentage'
                then coalesce(own.measure_sum, 0)
        end as numerator,
        case outcomes.statistic
            when 'median' then own.measure_median
            when 'mean' then own.measure_mean
        end as central_value,
        coalesce(reference.events, 0) as reference_base,
        coalesce(reference.events, 0) as raw_reference_base,
        case
            when outcomes.statistic = 'percentage'
                then coalesce(reference.measure_sum, 0)
        end as reference_numerator,
        case outcomes.statistic
            when 'median' then reference.measure_median
            when 'mean' then reference.measure_mean
        end as reference_central_value
    from outcomes
    cross join categories
    inner join references_chosen
        on categories.dimension = references_chosen.dimension
    left join category_stats as own
        on
            outcomes.outcome = own.outcome
            and categories.dimension = own.dimension
            and categories.category = own.category
    left join reference_stats as reference
        on
            outcomes.outcome = reference.outcome
            and categories.dimension = reference.dimension
            and categories.category = reference.category
),

published as (
    {{ apply_disclosure_control(
        'filled',
        columns=['outcome', 'statistic', 'dimension', 'category',
                 'reference_category', 'is_reference', 'raw_base',
                 'raw_reference_base', 'variance', 'reference_variance'],
        counts=['base', 'numerator', 'reference_base', 'reference_numerator'],
        values={'central_value': 'base',
                'reference_central_value': 'reference_base'}
    ) }}
),

valued as (
    -- `value` is the contract's column name (a keyword, unreserved in both
    -- engines)
    select
        *,
        case
            when statistic = 'percentage'
                then {{ pct_of_rounded('numerator', 'base') }}
            else central_value
        end as value,  -- noqa: RF04
        case
            when statistic = 'percentage' then {{ risk_ratio(
                'numerator', 'base', 'reference_numerator', 'reference_base') }}
            else central_value / nullif(reference_central_value, 0)
        end as ratio,
        -- delta method: the standard error of ln(mean1 / mean2)
        case when statistic = 'mean' then sqrt(
            variance / nullif(raw_base * central_value * central_value, 0)
            + reference_variance / nullif(
                raw_reference_base
                * reference_central_value * reference_central_value, 0
            )
        ) end as mean_ratio_se_log
    from published
),

compared as (
    select
        *,
        case
            when is_reference or value is null then null
            when statistic = 'percentage' then {{ risk_ratio_ci_lower(
                'numerator', 'base', 'reference_numerator', 'reference_base') }}
            when statistic = 'mean'
                then {{ log_ratio_limit('ratio', 'mean_ratio_se_log', '-') }}
        end as ratio_ci_lower,
        case
            when is_reference or value is null then null
            when statistic = 'percentage' then {{ risk_ratio_ci_upper(
                'numerator', 'base', 'reference_numerator', 'reference_base') }}
            when statistic = 'mean'
                then {{ log_ratio_limit('ratio', 'mean_ratio_se_log', '+') }}
        end as ratio_ci_upper
    from valued
)

select
    cast(outcome as {{ dbt.type_string() }}) as outcome,
    cast(dimension as {{ dbt.type_string() }}) as dimension,
    cast(category as {{ dbt.type_string() }}) as category,
    cast(base as {{ dbt.type_bigint() }}) as base,
    {{ to_double('value') }} as value,  -- noqa: RF04
    cast(reference_category as {{ dbt.type_string() }}) as reference_category,
    {{ to_double(
        'case when is_reference and value is not null then 1.0'
        ~ ' when not is_reference then ratio end'
    ) }} as ratio_to_reference,
    {{ to_double('ratio_ci_lower') }} as ci_lower,
    {{ to_double('ratio_ci_upper') }} as ci_upper,
    is_suppressed
from compared
