-- standardised_ratio and its limits against values computed independently
-- (Python, 10 decimals): O / E, and the exact (below 10) or Byar (from 10)
-- Poisson limits of O divided by E, as PHE's phe_isr computes them. An
-- expected count of 0 or none, and a negative observed count, give null.
with cases as (
    select
        0 as observed,
        2.5 as expected,
        0.0 as expected_ratio,
        0.0 as expected_lower,
        1.4755517816 as expected_upper
    union all select 3, 1.2, 2.5, 0.5155601024, 7.3060608917
    union all select 25, 20.0, 1.25, 0.8087132932, 1.8453225396
    union all select 120, 100.0, 1.2, 0.9949023146, 1.4349166064
    union all select 1000, 1234.5, 0.8100445525, 0.7606095571, 0.8618489929
    union all select 5, 0.0, null, null, null
    union all select 5, null, null, null, null
    union all select -1, 3.0, null, null, null
),

results as (
    select
        cases.*,
        {{ standardised_ratio('observed', 'expected') }} as actual_ratio,
        {{ standardised_ratio_ci_lower('observed', 'expected') }} as actual_lower,
        {{ standardised_ratio_ci_upper('observed', 'expected') }} as actual_upper
    from cases
)

select *
from results
where
    {{ values_differ('actual_ratio', 'expected_ratio') }}
    or {{ values_differ('actual_lower', 'expected_lower') }}
    or {{ values_differ('actual_upper', 'expected_upper') }}
