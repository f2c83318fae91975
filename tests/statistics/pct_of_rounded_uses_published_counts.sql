-- pct_of_rounded against percentages worked by hand from the published counts
-- (threshold 7, base 5): 12 of 13 is published as 10 of 15, so 66.67% (not
-- 92.3%); 10 of 12 as 10 of 10, 100%; a suppressed numerator or denominator,
-- a zero denominator or a null count gives null; 0 of 20 is 0%. Passing counts
-- already published gives the same percentage.
with cases as (
    select
        12 as numerator,
        13 as denominator,
        66.6666666667 as expected_pct
    union all select 10, 12, 100.0
    union all select 0, 20, 0.0
    union all select 20, 20, 100.0
    union all select 8, 8, 100.0
    union all select 333, 1234, 27.1255060729
    union all select 5, 20, null
    union all select 12, 5, null
    union all select 0, 0, null
    union all select null, 20, null
),

results as (
    select
        numerator,
        denominator,
        expected_pct,
        {{ pct_of_rounded('numerator', 'denominator') }} as actual_pct,
        {{ pct_of_rounded(
            suppress_small_count('numerator'), suppress_small_count('denominator')
        ) }} as pct_of_published
    from cases
)

select *
from results
where
    {{ values_differ('actual_pct', 'expected_pct') }}
    or {{ values_differ('pct_of_published', 'expected_pct') }}
