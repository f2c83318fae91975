-- The generic test disclosure_controlled (tests/generic), run on a fixture of
-- mart rows, must report exactly the broken rules listed by hand below and
-- nothing on the good rows (threshold 7, base 5). Three calls:
--   both_counts      count_columns patients and population (suppressed_columns
--                    defaults to both)
--   patients_flag    the same counts, suppressed_columns patients only (as for
--                    rq3, whose population may be unknown)
--   no_flag          patients only, flag_column none: the count checks alone
--   dependents       patients, with a value withheld too and a rate computed
--                    from both (dependent_columns, withheld_columns): a rate
--                    shown beside a withheld count or value is reported
with mart_rows as (
    select
        1 as row_id,
        0 as patients,
        100 as population,
        false as is_suppressed
    union all select 2, 10, 100, false
    union all select 3, null, 100, true
    union all select 4, 5, 100, false
    union all select 5, 12, 100, false
    union all select 6, 7, 100, true
    union all select 7, null, 100, false
    union all select 8, 15, 100, null
    union all select 9, -5, 100, false
    union all select 10, 8, 100, false
    union all select 11, 20, 3, false
    union all select 12, 20, null, false
    union all select 13, 20, null, true
),

dependent_rows as (
    select
        21 as row_id,
        cast(null as integer) as patients,
        cast(null as double precision) as value,
        cast(null as double precision) as rate,
        true as is_suppressed
    union all select 22, null, 1.5, 2.5, true
    union all select 23, 10, null, 2.5, true
    union all select 24, 10, 1.5, 2.5, true
    union all select 25, 10, 1.5, 2.5, false
),

expected as (
    select
        'both_counts' as call_name,
        4 as row_id,
        'patients' as failing_column,
        'small_count' as failure_code
    union all select 'both_counts', 5, 'patients', 'not_multiple_of_base'
    union all select 'both_counts', 6, 'patients', 'small_count'
    union all select 'both_counts', 6, 'patients', 'not_multiple_of_base'
    union all select 'both_counts', 6, 'is_suppressed', 'flag_without_withheld'
    union all select 'both_counts', 7, 'patients', 'withheld_without_flag'
    union all select 'both_counts', 8, 'is_suppressed', 'flag_null'
    union all select 'both_counts', 9, 'patients', 'negative_count'
    union all select 'both_counts', 10, 'patients', 'not_multiple_of_base'
    union all select 'both_counts', 11, 'population', 'small_count'
    union all select 'both_counts', 11, 'population', 'not_multiple_of_base'
    union all select 'both_counts', 12, 'population', 'withheld_without_flag'
    union all select 'patients_flag', 4, 'patients', 'small_count'
    union all select 'patients_flag', 5, 'patients', 'not_multiple_of_base'
    union all select 'patients_flag', 6, 'patients', 'small_count'
    union all select 'patients_flag', 6, 'patients', 'not_multiple_of_base'
    union all select 'patients_flag', 6, 'is_suppressed', 'flag_without_withheld'
    union all select 'patients_flag', 7, 'patients', 'withheld_without_flag'
    union all select 'patients_flag', 8, 'is_suppressed', 'flag_null'
    union all select 'patients_flag', 9, 'patients', 'negative_count'
    union all select 'patients_flag', 10, 'patients', 'not_multiple_of_base'
    union all select 'patients_flag', 11, 'population', 'small_count'
    union all select 'patients_flag', 11, 'population', 'not_multiple_of_base'
    union all select 'patients_flag', 13, 'is_suppressed', 'flag_without_withheld'
    union all select 'no_flag', 4, 'patients', 'small_count'
    union all select 'no_flag', 5, 'patients', 'not_multiple_of_base'
    union all select 'no_flag', 6, 'patients', 'small_count'
    union all select 'no_flag', 6, 'patients', 'not_multiple_of_base'
    union all select 'no_flag', 9, 'patients', 'negative_count'
    union all select 'no_flag', 10, 'patients', 'not_multiple_of_base'
    union all select 'dependents', 22, 'rate', 'dependent_shown'
    union all select 'dependents', 23, 'rate', 'dependent_shown'
    union all select 'dependents', 23, 'is_suppressed', 'flag_without_withheld'
    union all select 'dependents', 24, 'is_suppressed', 'flag_without_withheld'
),

found as (
    select
        'both_counts' as call_name,
        row_id,
        failing_column,
        failure_code
    from (
        {{ test_disclosure_controlled(
            'mart_rows', count_columns=['patients', 'population']) }}
    ) as both_counts
    union all
    select
        'patients_flag' as call_name,
        row_id,
        failing_column,
        failure_code
    from (
        {{ test_disclosure_controlled(
            'mart_rows', count_columns=['patients', 'population'],
            suppressed_columns=['patients']) }}
    ) as patients_flag
    union all
    select
        'no_flag' as call_name,
        row_id,
        failing_column,
        failure_code
    from (
        {{ test_disclosure_controlled(
            'mart_rows', count_columns='patients', flag_column=none) }}
    ) as no_flag
    union all
    select
        'dependents' as call_name,
        row_id,
        failing_column,
        failure_code
    from (
        {{ test_disclosure_controlled(
            'dependent_rows', count_columns='patients',
            dependent_columns=['rate'], withheld_columns=['patients', 'value']) }}
    ) as dependents
),

missed as (
    select * from expected
    except
    select * from found
),

unexpected as (
    select * from found
    except
    select * from expected
)

select 'expected but not reported' as problem, missed.* from missed
union all
select 'reported but not expected' as problem, unexpected.* from unexpected
