-- stratum_means, same_stratum and indirect_standardisation against values computed
-- independently with numpy (10 decimals). Twelve events in two strata (A: mean
-- 5.2, B: mean 8/7) and three groups. For each group: observed and expected
-- sums, the ratio, the delta-method standard error of its log,
-- sqrt(n/(n-1) sum (y - R e)^2) / sum(y), the log-scale 95% limits and the
-- two-sided p-value. g3 has one event: a ratio but no interval.
with events as (
    select
        'g1' as group_name,
        'A' as stratum,
        3.0 as measure
    union all select 'g1', 'A', 5.0
    union all select 'g1', 'B', 1.0
    union all select 'g1', 'B', 0.0
    union all select 'g1', 'B', 2.0
    union all select 'g2', 'A', 4.0
    union all select 'g2', 'A', 8.0
    union all select 'g2', 'B', 1.0
    union all select 'g2', 'B', 3.0
    union all select 'g2', 'B', 0.0
    union all select 'g2', 'B', 1.0
    union all select 'g3', 'A', 6.0
),

expected_values as (
    select
        'g1' as group_name,
        5 as expected_events,
        11.0 as expected_observed,
        13.8285714286 as expected_expected,
        0.7954545455 as expected_ratio,
        0.2048478439 as expected_se_log,
        0.5324128951 as expected_lower,
        1.1884534347 as expected_upper,
        0.2639389526 as expected_p
    union all select
        'g2', 6, 17.0, 14.9714285714, 1.1354961832, 0.2303358298,
        0.7229753054, 1.7833964347, 0.5811734144
    union all select
        'g3', 1, 6.0, 5.2, 1.1538461538, null, null, null, null
),

means as (
    {{ stratum_means('events', 'measure', ['stratum']) }}
),

standardised as (
    select
        events.*,
        means.stratum_mean as expected_measure
    from events
    inner join means
        on {{ same_stratum('events', 'means', ['stratum']) }}
),

actual as (
    {{ indirect_standardisation(
        'standardised', ['group_name'], 'measure', 'expected_measure') }}
)

select
    expected_values.*,
    actual.standardised_ratio,
    actual.ratio_se_log,
    actual.p_value
from expected_values
left join actual
    on expected_values.group_name = actual.group_name
where
    actual.group_name is null
    or actual.events <> expected_values.expected_events
    or {{ values_differ('actual.observed', 'expected_values.expected_observed') }}
    or {{ values_differ('actual.expected', 'expected_values.expected_expected') }}
    or {{ values_differ(
        'actual.standardised_ratio', 'expected_values.expected_ratio') }}
    or {{ values_differ('actual.ratio_se_log', 'expected_values.expected_se_log') }}
    or {{ values_differ('actual.ratio_ci_lower', 'expected_values.expected_lower') }}
    or {{ values_differ('actual.ratio_ci_upper', 'expected_values.expected_upper') }}
    or {{ values_differ(
        'actual.p_value', 'expected_values.expected_p', tolerance=0.0000002) }}
