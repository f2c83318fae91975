-- suppress_small_count, is_small_count and round_to_base against the rule with
-- threshold 7 and base 5 (the project's dbt vars), worked by hand: 1 to 7 are
-- withheld (null), 0 stays 0, every other count goes to the nearest multiple
-- of 5 with halves away from zero (12 -> 10, 13 -> 15, 12.5 -> 15,
-- -12.5 -> -15, 8 -> 10, 1234 -> 1235). Publishing a published count again
-- changes nothing.
with cases as (
    select
        0 as raw_count,
        0 as expected_published,
        false as expected_small,
        0 as expected_rounded
    union all select 1, null, true, 0
    union all select 5, null, true, 5
    union all select 7, null, true, 5
    union all select 8, 10, false, 10
    union all select 10, 10, false, 10
    union all select 12, 10, false, 10
    union all select 13, 15, false, 15
    union all select 12.5, 15, false, 15
    union all select 17.5, 20, false, 20
    union all select 22, 20, false, 20
    union all select 23, 25, false, 25
    union all select 100, 100, false, 100
    union all select 1234, 1235, false, 1235
    union all select -12, -10, false, -10
    union all select -12.5, -15, false, -15
    union all select null, null, false, null
),

results as (
    select
        raw_count,
        expected_published,
        expected_small,
        expected_rounded,
        {{ suppress_small_count('raw_count') }} as actual_published,
        {{ is_small_count('raw_count') }} as actual_small,
        {{ round_to_base('raw_count') }} as actual_rounded,
        {{ suppress_small_count(suppress_small_count('raw_count')) }}
            as published_twice
    from cases
)

select *
from results
where
    actual_published is distinct from expected_published
    or actual_small is distinct from expected_small
    or actual_rounded is distinct from expected_rounded
    or published_twice is distinct from expected_published
