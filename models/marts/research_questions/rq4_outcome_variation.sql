{#- RQ4: do hospital outcomes vary by protected characteristics, deprivation
    or vulnerable group. One row per outcome, dimension and category (every
    category of dim_breakdown_categories): the number of pathways, attendances
    or spells behind the value (base), the crude value (a median, a mean or a
    percentage) and its ratio to the dimension's reference category with a 95%
    interval; beside them the adjusted ratio against the whole Trust (indirect
    standardisation for age band x sex and the outcome's case mix,
    fct_outcome_category_statistics) with its interval, whether it survives
    Benjamini-Hochberg control within the outcome, and the breakdown's
    completeness.

    Reference categories: sex Male, age_band 45-54, ethnic_group White,
    imd_decile 10 and imd_quintile 5 (least deprived); for local_authority and
    vulnerable_group, where no category is a natural reference, all other
    patients (the outcome's events of patients not in the category).

    Crude ratios and their intervals: a percentage's is a risk ratio from the
    published counts with Katz's log interval; a mean's the ratio of means with
    the delta method's log interval, sqrt(s1^2 / (n1 m1^2) + s2^2 / (n2 m2^2));
    a median's the ratio of medians with Price and Bonett's distribution-free
    log interval. Events count only when the person is known (NHS number
    pseudonym). Only breakdowns at least completeness_threshold_pct complete
    are tested for significance. -#}
{%- set fixed_references = {
    'sex': 'Male',
    'age_band': '45-54',
    'ethnic_group': 'White',
    'imd_decile': '10',
    'imd_quintile': '5',
} -%}
{%- set complement_label = 'all other patients' -%}
with

statistics as (
    select * from {{ ref('fct_outcome_category_statistics') }}
),

categories as (
    select * from {{ ref('dim_breakdown_categories') }}
),

outcomes as (
    select distinct
        outcome,
        statistic
    from statistics
),

category_stats as (
    select * from statistics
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
        category_stats.measure_variance,
        category_stats.median_lower_statistic,
        category_stats.median_upper_statistic
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
        measure_variance,
        median_lower_statistic,
        median_upper_statistic
    from statistics
    where side = 'complement'
),

dimension_completeness as (
    -- a category without events still has its dimension's completeness
    select
        outcome,
        dimension,
        max(known_events) as known_events,
        max(all_events) as all_events
    from category_stats
    where dimension <> 'vulnerable_group'
    group by outcome, dimension
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
        end as reference_central_value,
        -- the medians' interval (median_log_se): order statistics of each side
        {{ median_log_se(
            'own.median_lower_statistic', 'own.median_upper_statistic',
            'own.events') }} as median_se_log,
        {{ median_log_se(
            'reference.median_lower_statistic',
            'reference.median_upper_statistic', 'reference.events') }}
            as reference_median_se_log,
        -- adjusted: against the whole Trust, not the reference category; none
        -- for a median
        case when outcomes.statistic <> 'median' then own.adjusted_for end
            as adjusted_for,
        case when outcomes.statistic <> 'median' then own.adjusted_ratio end
            as adjusted_ratio,
        case when outcomes.statistic <> 'median' then own.adjusted_ci_lower end
            as adjusted_ci_lower,
        case when outcomes.statistic <> 'median' then own.adjusted_ci_upper end
            as adjusted_ci_upper,
        case when outcomes.statistic <> 'median' then own.adjusted_p_value end
            as adjusted_p_value,
        coalesce(own.known_events, completeness.known_events, 0)
            as known_events,
        coalesce(own.all_events, completeness.all_events, 0) as all_events
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
    left join dimension_completeness as completeness
        on
            outcomes.outcome = completeness.outcome
            and categories.dimension = completeness.dimension
),

published as (
    {{ apply_disclosure_control(
        'filled',
        columns=['outcome', 'statistic', 'dimension', 'category',
                 'reference_category', 'is_reference', 'raw_base',
                 'raw_reference_base', 'variance', 'reference_variance',
                 'median_se_log', 'reference_median_se_log', 'adjusted_for'],
        counts=['base', 'numerator', 'reference_base', 'reference_numerator'],
        percentages={'completeness_pct': ['known_events', 'all_events']},
        values={'central_value': 'base',
                'reference_central_value': 'reference_base',
                'adjusted_ratio': ['base', 'numerator'],
                'adjusted_ci_lower': ['base', 'numerator'],
                'adjusted_ci_upper': ['base', 'numerator'],
                'adjusted_p_value': ['base', 'numerator']}
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
        case
            -- delta method: the standard error of ln(mean1 / mean2)
            when statistic = 'mean'
                then sqrt(
                    variance
                    / nullif(raw_base * central_value * central_value, 0)
                    + reference_variance / nullif(
                        raw_reference_base
                        * reference_central_value * reference_central_value, 0
                    )
                )
            -- Price-Bonett: the medians' log standard errors combined
            when statistic = 'median'
                then sqrt(
                    median_se_log * median_se_log
                    + reference_median_se_log * reference_median_se_log
                )
        end as ratio_se_log
    from published
),

compared as (
    select
        *,
        case
            when is_reference or value is null then null
            when statistic = 'percentage' then {{ risk_ratio_ci_lower(
                'numerator', 'base', 'reference_numerator', 'reference_base') }}
            else {{ log_ratio_limit('ratio', 'ratio_se_log', '-') }}
        end as ratio_ci_lower,
        case
            when is_reference or value is null then null
            when statistic = 'percentage' then {{ risk_ratio_ci_upper(
                'numerator', 'base', 'reference_numerator', 'reference_base') }}
            else {{ log_ratio_limit('ratio', 'ratio_se_log', '+') }}
        end as ratio_ci_upper,
        -- only reliable breakdowns are tested: completeness at the threshold
        case
            when completeness_pct >= {{ var('completeness_threshold_pct') }}
                then adjusted_p_value
        end as tested_p_value
    from valued
),

tested as (
    {{ benjamini_hochberg(
        'compared', 'tested_p_value', ['outcome'],
        level=var('false_discovery_rate')) }}
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
    is_suppressed,
    {{ to_double('adjusted_ratio') }} as adjusted_ratio,
    {{ to_double('adjusted_ci_lower') }} as adjusted_ci_lower,
    {{ to_double('adjusted_ci_upper') }} as adjusted_ci_upper,
    cast(adjusted_for as {{ dbt.type_string() }}) as adjusted_for,
    is_significant_fdr,
    {{ to_double('completeness_pct') }} as completeness_pct
from tested
