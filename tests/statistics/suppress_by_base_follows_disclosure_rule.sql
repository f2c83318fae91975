-- suppress_by_base against the rule (threshold 7): a value whose base is 1 to
-- 7 is withheld; a base of 0, of 8 or more, or null keeps it. With two bases
-- (a ratio of a category to its reference) either small base withholds it.
with cases as (
    select
        'base 0 kept' as case_name,
        3.5 as value,
        0 as base,
        100 as reference_base,
        3.5 as expected_single,
        3.5 as expected_either
    union all select 'base 1', 3.5, 1, 100, null, null
    union all select 'base 7', 3.5, 7, 100, null, null
    union all select 'base 8', 3.5, 8, 100, 3.5, 3.5
    union all select 'base unknown', 3.5, null, 100, 3.5, 3.5
    union all select 'small reference base', 3.5, 100, 3, 3.5, null
    union all select 'null value', null, 100, 100, null, null
),

results as (
    select
        case_name,
        expected_single,
        expected_either,
        {{ suppress_by_base('value', 'base') }} as actual_single,
        {{ suppress_by_base('value', ['base', 'reference_base']) }} as actual_either
    from cases
)

select *
from results
where
    {{ values_differ('actual_single', 'expected_single') }}
    or {{ values_differ('actual_either', 'expected_either') }}
