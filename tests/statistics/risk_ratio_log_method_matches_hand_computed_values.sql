-- risk_ratio and its 95% limits (log method of Katz) against values computed
-- independently in numpy (10 decimals): RR = (a/n1)/(b/n2), limits
-- exp(ln RR -/+ 1.959964 sqrt(1/a - 1/n1 + 1/b - 1/n2)). Edge cases: a = n1
-- and b = n2 (RR 1, a zero-width interval), a zero numerator (RR 0, no
-- limits), a zero reference numerator or denominator (all null), a > n1.
with cases as (
    select
        'twice' as case_name,
        20 as a,
        100 as n1,
        10 as b,
        100 as n2,
        2.0 as expected_ratio,
        0.9865632012 as expected_lower,
        4.0544792214 as expected_upper
    union all select '45/120 over 30/200', 45, 120, 30, 200, 2.5, 1.6712242042, 3.7397735050
    union all select 'all over all', 10, 10, 10, 10, 1.0, 1.0, 1.0
    union all select 'all over a quarter', 10, 10, 5, 20, 4.0, 1.8723673036, 8.5453318743
    union all select 'zero numerator', 0, 50, 10, 100, 0.0, null, null
    union all select 'zero reference numerator', 10, 50, 0, 100, null, null, null
    union all select 'zero denominator', 0, 0, 10, 100, null, null, null
    union all select 'numerator above denominator', 11, 10, 10, 100, null, null, null
),

results as (
    select
        case_name,
        expected_ratio,
        expected_lower,
        expected_upper,
        {{ risk_ratio('a', 'n1', 'b', 'n2') }} as actual_ratio,
        {{ risk_ratio_ci_lower('a', 'n1', 'b', 'n2') }} as actual_lower,
        {{ risk_ratio_ci_upper('a', 'n1', 'b', 'n2') }} as actual_upper
    from cases
)

select *
from results
where
    {{ values_differ('actual_ratio', 'expected_ratio') }}
    or {{ values_differ('actual_lower', 'expected_lower') }}
    or {{ values_differ('actual_upper', 'expected_upper') }}
