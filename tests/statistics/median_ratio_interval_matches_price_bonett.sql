-- median_order_rank and median_log_se against Price & Bonett's interval for a
-- ratio of medians as Bonett's R package statpsych computes it
-- (ci.ratio.median2): its own example, y1 of 10 and y2 of 13 values, gives
-- 43 / 37 = 1.162162 with limits 0.927667 and 1.455933 (statpsych's
-- documentation). Also, computed with Python: n = 100 (the last exact z0,
-- the values 1..100: a = 40, se 0.1001863323) and n = 150 (the normal
-- approximation of z0, values 1..150: a = 63, se 0.0818624587).
with y1 as (
    select 'y1' as sample_name, 36 as y
    union all select 'y1', 44 union all select 'y1', 47 union all select 'y1', 42
    union all select 'y1', 49 union all select 'y1', 39 union all select 'y1', 46
    union all select 'y1', 31 union all select 'y1', 33 union all select 'y1', 48
),

y2 as (
    select 'y2' as sample_name, 32 as y
    union all select 'y2', 39 union all select 'y2', 26 union all select 'y2', 35
    union all select 'y2', 43 union all select 'y2', 27 union all select 'y2', 40
    union all select 'y2', 37 union all select 'y2', 34 union all select 'y2', 29
    union all select 'y2', 49 union all select 'y2', 42 union all select 'y2', 40
),

longer as (
    select
        case when draw <= 100 then 'n100' else 'n150' end as sample_name,
        case when draw <= 100 then draw else draw - 100 end as y
    from ({{ draw_numbers(250) }}) as draws
),

samples as (
    select * from y1
    union all select * from y2
    union all select * from longer
),

ranked as (
    select
        sample_name,
        y,
        row_number() over (partition by sample_name order by y) as position,
        count(*) over (partition by sample_name) as n
    from samples
),

per_sample as (
    select
        sample_name,
        max(n) as n,
        median(y) as sample_median,
        max(case when position = {{ median_order_rank('n') }} then y end)
            as lower_statistic,
        max(case when position = n - {{ median_order_rank('n') }} + 1 then y end)
            as upper_statistic
    from ranked
    group by sample_name
),

with_se as (
    select
        per_sample.*,
        {{ median_order_rank('n') }} as a,
        {{ median_log_se('lower_statistic', 'upper_statistic', 'n') }} as se_log
    from per_sample
),

ratio as (
    select
        first_sample.sample_median / second_sample.sample_median as ratio,
        sqrt(
            first_sample.se_log * first_sample.se_log
            + second_sample.se_log * second_sample.se_log
        ) as se_log
    from with_se as first_sample
    cross join with_se as second_sample
    where first_sample.sample_name = 'y1' and second_sample.sample_name = 'y2'
),

failures as (
    select 'ratio' as what, ratio as actual
    from ratio
    where
        {{ values_differ('ratio', 1.1621621622) }}
        or {{ values_differ(log_ratio_limit('ratio', 'se_log', '-'), 0.927667) }}
        or {{ values_differ(log_ratio_limit('ratio', 'se_log', '+'), 1.455933) }}
    union all
    select sample_name as what, se_log as actual
    from with_se
    where
        (sample_name = 'y1' and (a <> 2 or lower_statistic <> 33
            or upper_statistic <> 48))
        or (sample_name = 'y2' and (a <> 3 or lower_statistic <> 29
            or upper_statistic <> 42))
        or (sample_name = 'n100' and (a <> 40
            or {{ values_differ('se_log', 0.1001863323) }}))
        or (sample_name = 'n150' and (a <> 63
            or {{ values_differ('se_log', 0.0818624587) }}))
)

select * from failures
