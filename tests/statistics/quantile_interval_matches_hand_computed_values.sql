-- quantile_rank, quantile_lower_rank, quantile_upper_rank, quantile_log_se,
-- quantile_se and median_se against values computed by hand (Python, from the
-- formulas in macros/statistics/quantile_interval.sql and
-- median_ratio_interval.sql):
-- - the 92nd percentile of the values 1..n: n = 100, rank 92, interval ranks 86
--   and 98, se_log (ln 98 - ln 86) / (2 z) = 0.0333220871, se 12 / (2 z) =
--   3.0612807174; n = 50, ranks 46, 42 and 50 (the last value), se_log
--   0.0444787218, se 2.0408538116; n = 25, ranks 23, 20 and 26: above n, so no
--   upper limit and no standard error;
-- - the difference of the medians of statpsych's example samples (see
--   median_ratio_interval_matches_price_bonett): 43 - 37 = 6, standard errors
--   (48 - 33) / (2 x 2.2993622974) = 3.2617739312 (n = 10) and (42 - 29) /
--   (2 x 2.2824813471) = 2.8477779274 (n = 13), limits 6 -/+ z 4.3300125059 =
--   -2.4866686312 and 14.4866686312.
with samples as (
    select
        case when draw <= 100 then 'n100' when draw <= 150 then 'n50' else 'n25' end
            as sample_name,
        case
            when draw <= 100 then draw when draw <= 150 then draw - 100 else draw - 150
        end as y
    from ({{ draw_numbers(175) }}) as draws
),

ranked as (
    select
        sample_name,
        y,
        row_number() over (partition by sample_name order by y) as position,
        count(*) over (partition by sample_name) as n
    from samples
),

ranks as (
    select
        ranked.*,
        {{ quantile_rank('n', 92) }} as point_rank,
        {{ quantile_lower_rank('n', 92) }} as lower_rank,
        {{ quantile_upper_rank('n', 92) }} as upper_rank
    from ranked
),

per_sample as (
    select
        sample_name,
        max(point_rank) as point_rank,
        max(lower_rank) as lower_rank,
        max(upper_rank) as upper_rank,
        max(case when position = point_rank then y end) as p92,
        max(case when position = lower_rank then y end) as lower_statistic,
        max(case when position = upper_rank then y end) as upper_statistic
    from ranks
    group by sample_name
),

with_se as (
    select
        per_sample.*,
        {{ quantile_log_se('lower_statistic', 'upper_statistic') }} as se_log,
        {{ quantile_se('lower_statistic', 'upper_statistic') }} as se
    from per_sample
),

medians as (
    select
        {{ median_se('33', '48', '10') }} as se1,
        {{ median_se('29', '42', '13') }} as se2
),

failures as (
    select sample_name as what, se_log as actual
    from with_se
    where
        (sample_name = 'n100' and (point_rank <> 92 or p92 <> 92 or lower_rank <> 86
            or upper_rank <> 98 or {{ values_differ('se_log', 0.0333220871) }}
            or {{ values_differ('se', 3.0612807174) }}))
        or (sample_name = 'n50' and (point_rank <> 46 or lower_rank <> 42
            or upper_rank <> 50 or {{ values_differ('se_log', 0.0444787218) }}
            or {{ values_differ('se', 2.0408538116) }}))
        or (sample_name = 'n25' and (point_rank <> 23 or lower_rank <> 20
            or upper_rank <> 26 or se_log is not null or se is not null))
    union all
    select 'median difference' as what, se1 as actual
    from medians
    where
        {{ values_differ('se1', 3.2617739312) }}
        or {{ values_differ('se2', 2.8477779274) }}
        or {{ values_differ('6 - ' ~ z_95() ~ ' * sqrt(se1 * se1 + se2 * se2)', -2.4866686312) }}
        or {{ values_differ('6 + ' ~ z_95() ~ ' * sqrt(se1 * se1 + se2 * se2)', 14.4866686312) }}
)

select * from failures
