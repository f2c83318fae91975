-- wilson_lower / wilson_upper against limits solved independently: the two
-- roots in p of (x/n - p)^2 = z^2 p (1 - p) / n with z = 1.959964 (numpy.roots
-- on the quadratic, 10 decimals). Edge cases: x = 0 gives lower 0, x = n gives
-- upper 1, n = 0, x > n and a null x give null. Percentages (multiplier 100)
-- are the same limits times 100.
with cases as (
    select
        'none of ten' as case_name,
        0 as x,
        10 as n,
        0.0 as expected_lower,
        0.2775328030 as expected_upper
    union all select 'all of ten', 10, 10, 0.7224671970, 1.0
    union all select 'half of ten', 5, 10, 0.2365930890, 0.7634069110
    union all select 'one in a hundred', 1, 100, 0.0017674320, 0.0544861967
    union all select '45 of 120', 45, 120, 0.2935242973, 0.4642304945
    union all select '3 of 7', 3, 7, 0.1582198540, 0.7495416372
    union all select '999 of 1000', 999, 1000, 0.9943574413, 0.9998234536
    union all select 'no trials', 0, 0, null, null
    union all select 'more successes than trials', 11, 10, null, null
    union all select 'null successes', null, 10, null, null
),

results as (
    select
        case_name,
        expected_lower,
        expected_upper,
        {{ wilson_lower('x', 'n') }} as actual_lower,
        {{ wilson_upper('x', 'n') }} as actual_upper,
        {{ wilson_lower('x', 'n', multiplier=100) }} as actual_lower_pct,
        {{ wilson_upper('x', 'n', multiplier=100) }} as actual_upper_pct
    from cases
)

select *
from results
where
    {{ values_differ('actual_lower', 'expected_lower') }}
    or {{ values_differ('actual_upper', 'expected_upper') }}
    or {{ values_differ('actual_lower_pct', '100 * expected_lower', 0.0001) }}
    or {{ values_differ('actual_upper_pct', '100 * expected_upper', 0.0001) }}
