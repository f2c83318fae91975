-- slope_index_of_inequality against values computed independently in numpy
-- (10 decimals): PHE's own regression, least squares of y sqrt(a) on sqrt(a)
-- and x sqrt(a) without intercept (a the population shares, x the mid-point
-- cumulative ranks from most deprived), the slope's SE from sigma^2 (X'X)^-1
-- with sigma^2 = RSS / (k - 2), and t = scipy.stats.t.ppf(0.975, k - 2).
--
-- phe_example: Area1 of the example data in PHEindicatormethods::phe_sii
--   (life expectancy by IMD decile); reversed: the same ranked from least
--   deprived, so every sign flips and the fitted-end ratio inverts.
-- linear: equal populations, value = 20 - 10 x exactly: SII -10 with a
--   zero-width interval, mean 15, RII -10/15, fitted ends 10 / 20.
-- with_gaps: decile 5 has no value and decile 7 no population, so both are
--   left out and the fit uses the other six.
-- too_few: four deciles, below PHE's minimum of five: no results.
with deciles as (
    select
        'phe_example' as area,
        1 as decile,
        7291 as population,
        75.9 as value
    union all select 'phe_example', 2, 7997, 78.3
    union all select 'phe_example', 3, 6105, 83.8
    union all select 'phe_example', 4, 7666, 83.6
    union all select 'phe_example', 5, 5790, 80.5
    union all select 'phe_example', 6, 6934, 81.1
    union all select 'phe_example', 7, 5918, 81.7
    union all select 'phe_example', 8, 5974, 84.2
    union all select 'phe_example', 9, 7147, 80.6
    union all select 'phe_example', 10, 7534, 86.3
    union all select 'linear', 1, 100, 19.5
    union all select 'linear', 2, 100, 18.5
    union all select 'linear', 3, 100, 17.5
    union all select 'linear', 4, 100, 16.5
    union all select 'linear', 5, 100, 15.5
    union all select 'linear', 6, 100, 14.5
    union all select 'linear', 7, 100, 13.5
    union all select 'linear', 8, 100, 12.5
    union all select 'linear', 9, 100, 11.5
    union all select 'linear', 10, 100, 10.5
    union all select 'with_gaps', 1, 1200, 30.0
    union all select 'with_gaps', 2, 900, 28.5
    union all select 'with_gaps', 3, 1500, 25.0
    union all select 'with_gaps', 4, 1100, 26.0
    union all select 'with_gaps', 5, 1000, null
    union all select 'with_gaps', 6, 800, 21.0
    union all select 'with_gaps', 7, 0, 99.0
    union all select 'with_gaps', 8, 1300, 18.5
    union all select 'too_few', 1, 500, 12.0
    union all select 'too_few', 2, 500, 11.0
    union all select 'too_few', 3, 500, 10.0
    union all select 'too_few', 4, 500, 9.0
),

expected as (
    select
        'phe_example' as area,
        false as reverse_sign,
        10 as quantiles_used,
        7.0002347601 as slope_index,
        0.7586370356 as slope_index_ci_lower,
        13.2418324845 as slope_index_ci_upper,
        0.0858585331 as relative_index,
        0.0093047541 as relative_index_ci_lower,
        0.1624123121 as relative_index_ci_upper,
        81.5321961496 as weighted_mean_value,
        1.0897097049 as fitted_end_ratio
    union all select
        'phe_example', true, 10, -7.0002347601, -13.2418324845, -0.7586370356,
        -0.0858585331, -0.1624123121, -0.0093047541, 81.5321961496, 0.9176755933
    union all select
        'linear', false, 10, -10.0, -10.0, -10.0,
        -0.6666666667, -0.6666666667, -0.6666666667, 15.0, 0.5
    union all select
        'with_gaps', false, 6, -13.4405831363, -19.4856623560, -7.3955039166,
        -0.5420875761, -0.7858986004, -0.2982765518, 24.7941176471, 0.5735099127
    union all select
        'too_few', false, 4, null, null, null, null, null, null, 10.5, null
),

actual as (
    select
        false as reverse_sign,
        ranked_from_most_deprived.*
    from (
        {{ slope_index_of_inequality(
            'deciles', 'decile', 'value', 'population', group_by=['area']) }}
    ) as ranked_from_most_deprived
    union all
    select
        true as reverse_sign,
        ranked_from_least_deprived.*
    from (
        {{ slope_index_of_inequality(
            'deciles', 'decile', 'value', 'population', group_by=['area'],
            reverse_sign=true) }}
    ) as ranked_from_least_deprived
    where area = 'phe_example'
)

select
    expected.area,
    expected.reverse_sign,
    actual.area as actual_area,
    actual.quantiles_used,
    actual.slope_index,
    actual.slope_index_ci_lower,
    actual.slope_index_ci_upper,
    actual.relative_index,
    actual.fitted_end_ratio
from expected
left join actual
    on expected.area = actual.area
    and expected.reverse_sign = actual.reverse_sign
where
    actual.area is null
    or actual.quantiles_used <> expected.quantiles_used
    {%- for column in [
        'slope_index', 'slope_index_ci_lower', 'slope_index_ci_upper',
        'relative_index', 'relative_index_ci_lower', 'relative_index_ci_upper',
        'weighted_mean_value', 'fitted_end_ratio'] %}
    or {{ values_differ('actual.' ~ column, 'expected.' ~ column) }}
    {%- endfor %}
