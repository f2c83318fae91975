-- rate_per_1000 and its Poisson limits against values computed independently
-- (scipy, 10 decimals): rate = 1000 O / N; limits = 1000 * (exact limits of O
-- below 10, Byar's from 10) / N. Edge cases: a zero numerator (rate 0, lower
-- 0, upper 1000 * 3.6888794541 / N), numerator equal to the denominator, and a
-- zero or null denominator (all null).
with cases as (
    select
        'none' as case_name,
        0 as patients,
        1500 as population,
        0.0 as expected_rate,
        0.0 as expected_lower,
        2.4592529694 as expected_upper
    union all select 'seven', 7, 1500, 4.6666666667, 1.8762420343, 9.6151169078
    union all select 'twenty-five', 25, 1500, 16.6666666667, 10.7828439092, 24.6043005278
    union all select 'everyone', 1500, 1500, 1000.0, 950.0280325480, 1051.9182779890
    union all select '480 of 23456', 480, 23456, 20.4638472033, 18.6738328598, 22.3791421521
    union all select 'no population', 10, 0, null, null, null
    union all select 'unknown population', 10, null, null, null, null
),

results as (
    select
        case_name,
        expected_rate,
        expected_lower,
        expected_upper,
        {{ rate_per_1000('patients', 'population') }} as actual_rate,
        {{ rate_per_1000_ci_lower('patients', 'population') }} as actual_lower,
        {{ rate_per_1000_ci_upper('patients', 'population') }} as actual_upper
    from cases
)

select *
from results
where
    {{ values_differ('actual_rate', 'expected_rate') }}
    or {{ values_differ('actual_lower', 'expected_lower') }}
    or {{ values_differ('actual_upper', 'expected_upper') }}
