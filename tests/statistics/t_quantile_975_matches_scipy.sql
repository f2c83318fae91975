-- t_quantile_975 against scipy.stats.t.ppf(0.975, df) (10 decimals): the
-- table (df 1 to 30) and the Cornish-Fisher expansion (df above 30) either
-- side of the switch; df 0 has no quantile.
with cases as (
    select
        1 as df,
        12.7062047362 as expected
    union all select 2, 4.3026527297
    union all select 8, 2.3060041352
    union all select 29, 2.0452296421
    union all select 30, 2.0422724563
    union all select 31, 2.0395134464
    union all select 45, 2.0141033889
    union all select 60, 2.0002978220
    union all select 120, 1.9799304051
    union all select 0, null
),

results as (
    select
        df,
        expected,
        {{ t_quantile_975('df') }} as actual
    from cases
)

select *
from results
where {{ values_differ('actual', 'expected') }}
