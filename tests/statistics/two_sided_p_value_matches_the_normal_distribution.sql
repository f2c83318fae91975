-- two_sided_p_value against 2 (1 - Phi(|z|)) = erfc(|z| / sqrt 2) computed with
-- Python's math.erfc (10 decimals). The polynomial approximation is good to
-- 7.5e-8 in the tail, so the tolerance is 2e-7; the sign of z does not
-- matter, z = 0 gives 1 and no z gives none.
with cases as (
    select
        0.0 as z,
        1.0 as expected_p
    union all select 1.0, 0.3173105079
    union all select 1.959964, 0.0499999982
    union all select -2.5, 0.0124193307
    union all select 3.5, 0.0004652582
    union all select 8.0, 0.0
    union all select null, null
),

results as (
    select
        cases.*,
        {{ two_sided_p_value('z') }} as actual_p
    from cases
)

select *
from results
where {{ values_differ('actual_p', 'expected_p', tolerance=0.0000002) }}
