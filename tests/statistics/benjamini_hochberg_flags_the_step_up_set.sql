-- benjamini_hochberg at level 0.05 against the step-up procedure worked by
-- hand: in each family of m p-values sorted ascending, the largest rank i with
-- p(i) <= i / m x 0.05, and every p-value ranked at or below it, is a
-- discovery.
--   a: 8 tests (one row has no p-value): 0.001 <= 0.00625 and 0.008 <= 0.0125,
--      then no p(i) under its bound: the first two.
--   b: every p(i) = i / 100 <= i / 5 x 0.05: all five.
--   c: 0.02 is above 1/3 x 0.05, but 0.03 <= 2/3 x 0.05: both, by the step up.
--   d: none.
with tests as (
    select
        'a' as family,
        1 as test_id,
        0.001 as p_value,
        true as expected_flag
    union all select 'a', 2, 0.008, true
    union all select 'a', 3, 0.039, false
    union all select 'a', 4, 0.041, false
    union all select 'a', 5, 0.042, false
    union all select 'a', 6, 0.060, false
    union all select 'a', 7, 0.074, false
    union all select 'a', 8, 0.205, false
    union all select 'a', 9, null, null
    union all select 'b', 1, 0.01, true
    union all select 'b', 2, 0.02, true
    union all select 'b', 3, 0.03, true
    union all select 'b', 4, 0.04, true
    union all select 'b', 5, 0.05, true
    union all select 'c', 1, 0.02, true
    union all select 'c', 2, 0.03, true
    union all select 'c', 3, 0.5, false
    union all select 'd', 1, 0.2, false
    union all select 'd', 2, 0.2, false
    union all select 'd', 3, 0.9, false
),

flagged as (
    {{ benjamini_hochberg('tests', 'p_value', ['family'], level=0.05) }}
)

select *
from flagged
where
    (is_significant_fdr is null) <> (expected_flag is null)
    or is_significant_fdr <> expected_flag
    or fdr_tests <> case family when 'a' then 8 when 'b' then 5 else 3 end
