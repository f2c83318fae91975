-- poisson_count_lower / poisson_count_upper against limits computed
-- independently (scipy, 10 decimals): below 10 the exact limits
-- chi2.ppf(0.025, 2O)/2 and chi2.ppf(0.975, 2O+2)/2 (lower 0 at O = 0); from 10
-- Byar's O(1 - 1/(9O) - z/(3 sqrt O))^3 and (O+1)(1 - 1/(9(O+1)) + z/(3
-- sqrt(O+1)))^3 with z = 1.959964. 9 and 10 sit either side of the switch.
with cases as (
    select
        0 as observed,
        0.0 as expected_lower,
        3.6888794541 as expected_upper
    union all select 1, 0.0253178080, 5.5716433909
    union all select 5, 1.6234863901, 11.6683320793
    union all select 9, 4.1153730974, 17.0848034514
    union all select 10, 4.7874498840, 18.3914586780
    union all select 25, 16.1742658638, 36.9064507918
    union all select 100, 81.3621053558, 121.6279377551
    union all select 1234, 1166.1012534393, 1304.8207753326
    union all select -1, null, null
    union all select null, null, null
),

results as (
    select
        observed,
        expected_lower,
        expected_upper,
        {{ poisson_count_lower('observed') }} as actual_lower,
        {{ poisson_count_upper('observed') }} as actual_upper
    from cases
)

select *
from results
where
    {{ values_differ('actual_lower', 'expected_lower') }}
    or {{ values_differ('actual_upper', 'expected_upper') }}
