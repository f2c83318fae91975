-- rate_ratio and its 95% limits (log method for Poisson counts) against values
-- computed independently in numpy (10 decimals): RR = (a/p1)/(b/p2), limits
-- exp(ln RR -/+ 1.959964 sqrt(1/a + 1/b)). Edge cases: equal rates, a zero
-- numerator (RR 0, no limits), a zero reference count or population (null).
with cases as (
    select
        'twice' as case_name,
        25 as a,
        1500 as p1,
        100 as b,
        12000 as p2,
        2.0 as expected_ratio,
        1.2903143964 as expected_lower,
        3.1000196628 as expected_upper
    union all select 'area over all', 480, 23456, 2100, 150000, 1.4617033717, 1.3237180295, 1.6140724075
    union all select 'equal rates', 10, 1000, 10, 1000, 1.0, 0.4162278104, 2.4025304774
    union all select 'zero numerator', 0, 1000, 10, 1000, 0.0, null, null
    union all select 'zero reference count', 10, 1000, 0, 1000, null, null, null
    union all select 'zero population', 10, 0, 10, 1000, null, null, null
),

results as (
    select
        case_name,
        expected_ratio,
        expected_lower,
        expected_upper,
        {{ rate_ratio('a', 'p1', 'b', 'p2') }} as actual_ratio,
        {{ rate_ratio_ci_lower('a', 'p1', 'b', 'p2') }} as actual_lower,
        {{ rate_ratio_ci_upper('a', 'p1', 'b', 'p2') }} as actual_upper
    from cases
)

select *
from results
where
    {{ values_differ('actual_ratio', 'expected_ratio') }}
    or {{ values_differ('actual_lower', 'expected_lower') }}
    or {{ values_differ('actual_upper', 'expected_upper') }}
