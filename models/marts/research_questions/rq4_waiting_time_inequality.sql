{#- RQ4, the protocol's own question: do people in more deprived areas wait
    longer for hospital treatment, once treatment function and referral
    priority are taken into account? One row per dimension, category and
    measure (every category of dim_breakdown_categories, and dimension `all`,
    the whole Trust): days waited (median, mean, 92nd percentile) and the
    percentage waiting over 18 / 52 weeks of the waiting-list pathways at the
    snapshot, crude (value) and adjusted for treatment function x referral
    priority (adjusted_value, indirect standardisation:
    fct_waiting_time_category_statistics), with the difference and ratio to
    the dimension's reference category, crude and adjusted, each with a 95%
    interval, and whether the adjusted ratio survives Benjamini-Hochberg
    control within the measure. pathways and persons are told apart: a person
    with three pathways is one person.

    Reference categories as rq4_outcome_variation: sex Male, age_band 45-54,
    ethnic_group White, imd_decile 10, imd_quintile 5 (least deprived), so
    imd_quintile 1's difference and ratio are the most against the least
    deprived; local_authority and vulnerable_group against all other
    patients; all against itself. -#}
{%- set fixed_references = {
    'sex': 'Male',
    'age_band': '45-54',
    'ethnic_group': 'White',
    'imd_decile': '10',
    'imd_quintile': '5',
    'all': 'All',
} -%}
{%- set complement_label = 'all other patients' -%}
{%- set measures = ['days_median', 'days_mean', 'days_p92', 'over_18_weeks_pct',
                    'over_52_weeks_pct'] -%}
with

statistics as (
    select * from {{ ref('fct_waiting_time_category_statistics') }}
),

categories as (
    select
        dimension,
        category
    from {{ ref('dim_breakdown_categories') }}

    union all

    select
        'all' as dimension,
        'All' as category
),

measure_list as (
    {%- for measure in measures %}
        select
            '{{ measure }}' as measure,
            {{ measure.endswith('_pct') }} as is_percentage
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
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

own_statistics as (
    select * from statistics
    where side = 'own'
),

reference_statistics as (
    -- what each category is compared with: its dimension's reference
    -- category, or its own complement
    select
        categories.dimension,
        categories.category,
        own_statistics.measure,
        own_statistics.pathways,
        own_statistics.persons,
        own_statistics.numerator,
        own_statistics.crude_value,
        own_statistics.value_se_log,
        own_statistics.value_se,
        own_statistics.adjusted_value,
        own_statistics.adjusted_se_log
    from categories
    inner join references_chosen
        on categories.dimension = references_chosen.dimension
    inner join own_statistics
        on
            references_chosen.dimension = own_statistics.dimension
            and references_chosen.reference_category = own_statistics.category

    union all

    select
        dimension,
        category,
        measure,
        pathways,
        persons,
        numerator,
        crude_value,
        value_se_log,
        value_se,
        adjusted_value,
        adjusted_se_log
    from statistics
    where side = 'complement'
),

filled as (
    -- own columns, then the reference's, grouped by meaning
    select  -- noqa: ST06
        measure_list.measure,
        categories.dimension,
        categories.category,
        references_chosen.reference_category,
        measure_list.is_percentage,
        categories.category = references_chosen.reference_category
            as is_reference,
        coalesce(own.pathways, 0) as pathways,
        coalesce(own.persons, 0) as persons,
        case
            when measure_list.is_percentage then coalesce(own.numerator, 0)
        end as numerator,
        case
            when not measure_list.is_percentage then own.crude_value
        end as central_value,
        own.value_se_log,
        own.value_se,
        own.adjusted_value,
        own.adjusted_se_log,
        coalesce(own.pathways, 0) as raw_pathways,
        coalesce(reference.pathways, 0) as reference_pathways,
        coalesce(reference.persons, 0) as reference_persons,
        case
            when measure_list.is_percentage
                then coalesce(reference.numerator, 0)
        end as reference_numerator,
        case
            when not measure_list.is_percentage then reference.crude_value
        end as reference_central_value,
        reference.value_se_log as reference_value_se_log,
        reference.value_se as reference_value_se,
        reference.adjusted_value as reference_adjusted_value,
        reference.adjusted_se_log as reference_adjusted_se_log
    from measure_list
    cross join categories
    inner join references_chosen
        on categories.dimension = references_chosen.dimension
    left join own_statistics as own
        on
            measure_list.measure = own.measure
            and categories.dimension = own.dimension
            and categories.category = own.category
    left join reference_statistics as reference
        on
            measure_list.measure = reference.measure
            and categories.dimension = reference.dimension
            and categories.category = reference.category
),

published as (
-- a value from fewer than 8 pathways or fewer than 8 persons is withheld
    {{ apply_disclosure_control(
        'filled',
        columns=['measure', 'dimension', 'category', 'reference_category',
                 'is_reference', 'is_percentage', 'raw_pathways',
                 'value_se_log', 'value_se', 'adjusted_se_log',
                 'reference_value_se_log', 'reference_value_se',
                 'reference_adjusted_se_log'],
        counts=['pathways', 'persons', 'numerator', 'reference_pathways',
                'reference_persons', 'reference_numerator'],
        values={'central_value': ['pathways', 'persons'],
                'adjusted_value': ['pathways', 'persons', 'numerator'],
                'reference_central_value': ['reference_pathways', 'reference_persons'],
                'reference_adjusted_value': ['reference_pathways', 'reference_persons',
                                             'reference_numerator']}
    ) }}
),

valued as (
    -- percentages from the published counts; `value` is the contract's column
    -- name (a keyword, unreserved in both engines)
    select
        *,
        case
            when not is_percentage then central_value
            when persons is not null
                then {{ pct_of_rounded('numerator', 'pathways') }}
        end as value,  -- noqa: RF04
        case
            when not is_percentage then reference_central_value
            when reference_persons is not null
                then
                    {{ pct_of_rounded(
                        'reference_numerator', 'reference_pathways') }}
        end as reference_value
    from published
),

errors as (
    -- standard errors of the crude value (se) and of its logarithm (se_log),
    -- own and reference; a percentage's from the published counts (Wald, and
    -- Katz's log method through risk_ratio below)
    select
        *,
        case
            when is_percentage
                then sqrt(
                    value
                    * (100 - value)
                    / nullif({{ to_double('pathways') }}, 0)
                )
            else value_se
        end as own_se,
        case
            when is_percentage
                then sqrt(
                    reference_value * (100 - reference_value)
                    / nullif({{ to_double('reference_pathways') }}, 0)
                )
            else reference_value_se
        end as reference_se,
        sqrt(
            adjusted_se_log * adjusted_se_log
            + reference_adjusted_se_log * reference_adjusted_se_log
        ) as adjusted_ratio_se_log
    from valued
),

compared as (
    select
        *,
        case
            when is_reference and value is not null then 0.0
            when not is_reference then value - reference_value
        end as difference,
        case
            when is_reference and value is not null then 1.0
            when not is_reference and is_percentage then {{ risk_ratio(
                'numerator', 'pathways', 'reference_numerator', 'reference_pathways') }}
            when not is_reference
                then value / nullif(reference_value, 0)
        end as ratio,
        case
            when is_reference and adjusted_value is not null then 0.0
            when not is_reference then adjusted_value - reference_adjusted_value
        end as adjusted_difference,
        case
            when is_reference and adjusted_value is not null then 1.0
            when not is_reference
                then adjusted_value / nullif(reference_adjusted_value, 0)
        end as adjusted_ratio,
        sqrt(own_se * own_se + reference_se * reference_se) as difference_se,
        sqrt(
            (adjusted_value * adjusted_se_log)
            * (adjusted_value * adjusted_se_log)
            + (reference_adjusted_value * reference_adjusted_se_log)
            * (reference_adjusted_value * reference_adjusted_se_log)
        ) as adjusted_difference_se,
        sqrt(
            value_se_log * value_se_log
            + reference_value_se_log * reference_value_se_log
        ) as ratio_se_log
    from errors
),

intervals as (
    select
        *,
        case
            when is_reference or ratio is null then null
            when is_percentage then {{ risk_ratio_ci_lower(
                'numerator', 'pathways', 'reference_numerator', 'reference_pathways') }}
            else {{ log_ratio_limit('ratio', 'ratio_se_log', '-') }}
        end as ratio_ci_lower,
        case
            when is_reference or ratio is null then null
            when is_percentage then {{ risk_ratio_ci_upper(
                'numerator', 'pathways', 'reference_numerator', 'reference_pathways') }}
            else {{ log_ratio_limit('ratio', 'ratio_se_log', '+') }}
        end as ratio_ci_upper,
        case
            when not is_reference then
                {{ log_ratio_limit(
                    'adjusted_ratio', 'adjusted_ratio_se_log', '-') }}
        end as adjusted_ratio_ci_lower,
        case
            when not is_reference then
                {{ log_ratio_limit(
                    'adjusted_ratio', 'adjusted_ratio_se_log', '+') }}
        end as adjusted_ratio_ci_upper,
        case
            when not is_reference then
                difference - {{ z_95() }} * difference_se
        end as difference_ci_lower,
        case
            when not is_reference then
                difference + {{ z_95() }} * difference_se
        end as difference_ci_upper,
        case
            when not is_reference then
                adjusted_difference - {{ z_95() }} * adjusted_difference_se
        end as adjusted_difference_ci_lower,
        case
            when not is_reference then
                adjusted_difference + {{ z_95() }} * adjusted_difference_se
        end as adjusted_difference_ci_upper,
        -- each category's adjusted comparison is one test of its measure
        case
            when not is_reference and adjusted_ratio > 0 then
                {{ two_sided_p_value(
                    'ln(adjusted_ratio) / adjusted_ratio_se_log') }}
        end as adjusted_p_value
    from compared
),

tested as (
    {{ benjamini_hochberg(
        'intervals', 'adjusted_p_value', ['measure'],
        level=var('false_discovery_rate')) }}
)

select
    cast(dimension as {{ dbt.type_string() }}) as dimension,
    cast(category as {{ dbt.type_string() }}) as category,
    cast(measure as {{ dbt.type_string() }}) as measure,
    cast(pathways as {{ dbt.type_bigint() }}) as pathways,
    cast(persons as {{ dbt.type_bigint() }}) as persons,
    {{ to_double('value') }} as value,  -- noqa: RF04
    {{ to_double('adjusted_value') }} as adjusted_value,
    {{ to_double('difference') }} as difference_to_reference,
    {{ to_double('ratio') }} as ratio_to_reference,
    {{ to_double('ratio_ci_lower') }} as ci_lower,
    {{ to_double('ratio_ci_upper') }} as ci_upper,
    cast(reference_category as {{ dbt.type_string() }}) as reference_category,
    is_suppressed,
    {{ to_double('difference_ci_lower') }} as difference_ci_lower,
    {{ to_double('difference_ci_upper') }} as difference_ci_upper,
    {{ to_double('adjusted_difference') }} as adjusted_difference_to_reference,
    {{ to_double('adjusted_difference_ci_lower') }}
        as adjusted_difference_ci_lower,
    {{ to_double('adjusted_difference_ci_upper') }}
        as adjusted_difference_ci_upper,
    {{ to_double('adjusted_ratio') }} as adjusted_ratio_to_reference,
    {{ to_double('adjusted_ratio_ci_lower') }} as adjusted_ci_lower,
    {{ to_double('adjusted_ratio_ci_upper') }} as adjusted_ci_upper,
    cast('specialty x referral_priority' as {{ dbt.type_string() }})
        as adjusted_for,
    is_significant_fdr
from tested
