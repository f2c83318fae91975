-- slope_index_simulated against tests/python/sii_simulation.py, an independent
-- numpy implementation of PHE's simulated interval with the same quasi-random
-- draws (10 decimals). PHE's example (Area1 of PHEindicatormethods::phe_sii,
-- with a standard error per decile), ranked from the most deprived and, as
-- reversed, from the least (100,000 draws); with_gaps: six usable deciles (5
-- has no value, 7 no population), 1,000 draws; no_se: a decile without a
-- standard error gives a slope but no interval; too_few: four deciles, nothing.
-- The point estimates equal slope_index_of_inequality's.
with deciles as (
    select
        'phe_example' as area,
        1 as decile,
        7291 as population,
        75.9 as value,
        0.8 as se
    union all select 'phe_example', 2, 7997, 78.3, 1.1
    union all select 'phe_example', 3, 6105, 83.8, 0.6
    union all select 'phe_example', 4, 7666, 83.6, 0.9
    union all select 'phe_example', 5, 5790, 80.5, 1.3
    union all select 'phe_example', 6, 6934, 81.1, 0.7
    union all select 'phe_example', 7, 5918, 81.7, 1.0
    union all select 'phe_example', 8, 5974, 84.2, 0.5
    union all select 'phe_example', 9, 7147, 80.6, 1.2
    union all select 'phe_example', 10, 7534, 86.3, 0.9
    union all select 'with_gaps', 1, 1200, 30.0, 1.0
    union all select 'with_gaps', 2, 900, 28.5, 0.9
    union all select 'with_gaps', 3, 1500, 25.0, 1.2
    union all select 'with_gaps', 4, 1100, 26.0, 0.8
    union all select 'with_gaps', 5, 1000, null, 1.0
    union all select 'with_gaps', 6, 800, 21.0, 1.1
    union all select 'with_gaps', 7, 0, 99.0, 1.0
    union all select 'with_gaps', 8, 1300, 18.5, 0.7
    union all select 'no_se', 1, 100, 10.0, 1.0
    union all select 'no_se', 2, 100, 12.0, null
    union all select 'no_se', 3, 100, 14.0, 1.0
    union all select 'no_se', 4, 100, 16.0, 1.0
    union all select 'no_se', 5, 100, 18.0, 1.0
    union all select 'too_few', 1, 500, 12.0, 1.0
    union all select 'too_few', 2, 500, 11.0, 1.0
    union all select 'too_few', 3, 500, 10.0, 1.0
    union all select 'too_few', 4, 500, 9.0, 1.0
),

expected as (
    select
        'phe_example' as area,
        false as reverse_sign,
        7.0002347601 as slope_index,
        4.9138606082 as ci_lower,
        9.0876564811 as ci_upper,
        0.0858585331 as relative_index
    union all select
        'phe_example', true, -7.0002347601, -9.0897762362, -4.9129534852,
        -0.0858585331
    union all select
        'with_gaps', false, -13.4405831363, -16.0455707069, -10.9977739708,
        -0.5420875761
    union all select 'no_se', false, 10.0, null, null, 0.7142857143
    union all select 'too_few', false, null, null, null, null
),

actual as (
    select
        false as reverse_sign,
        forward.*
    from (
        {{ slope_index_simulated(
            "(select * from deciles where area = 'phe_example')", 'decile',
            'value', 'se', 'population', group_by=['area']) }}
    ) as forward
    union all
    select
        true as reverse_sign,
        reversed.*
    from (
        {{ slope_index_simulated(
            "(select * from deciles where area = 'phe_example')", 'decile',
            'value', 'se', 'population', group_by=['area'], reverse_sign=true) }}
    ) as reversed
    union all
    select
        false as reverse_sign,
        small.*
    from (
        {{ slope_index_simulated(
            "(select * from deciles where area <> 'phe_example')", 'decile',
            'value', 'se', 'population', group_by=['area'], draws=1000) }}
    ) as small
)

select
    expected.*,
    actual.slope_index as actual_slope_index,
    actual.slope_index_ci_lower as actual_ci_lower,
    actual.slope_index_ci_upper as actual_ci_upper
from expected
left join actual
    on
        expected.area = actual.area
        and expected.reverse_sign = actual.reverse_sign
where
    actual.area is null
    or {{ values_differ('actual.slope_index', 'expected.slope_index') }}
    or {{ values_differ('actual.slope_index_ci_lower', 'expected.ci_lower') }}
    or {{ values_differ('actual.slope_index_ci_upper', 'expected.ci_upper') }}
    or {{ values_differ('actual.relative_index', 'expected.relative_index') }}
