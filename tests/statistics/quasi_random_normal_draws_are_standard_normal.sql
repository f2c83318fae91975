-- The building blocks of the simulation: draw_numbers gives 1..count exactly
-- once; kronecker_increments are the fractional parts of the square roots of
-- the primes 2, 3, 5, ... (computed with Python: 0.4142135624, 0.7320508076,
-- 0.2360679775, 0.6457513111); uniform_draw is frac(draw x increment); and
-- 100,000 quasi_random_normal deviates from the first two dimensions have
-- mean 0 and standard deviation 1 within 0.002, and 2.5% of them below
-- -1.959964 within 0.001 (pseudo-random draws would stray by about 0.003).
with draws as (
    {{ draw_numbers(100000) }}
),

increments as (
    {{ kronecker_increments(4) }}
),

normals as (
    select
        {{ quasi_random_normal(
            'draws.draw', 'first_dimension.increment',
            'second_dimension.increment') }} as z
    from draws
    cross join increments as first_dimension
    cross join increments as second_dimension
    where first_dimension.dimension = 1 and second_dimension.dimension = 2
),

failures as (
    select 'draw_numbers' as what
    from draws
    having count(*) <> 100000 or count(distinct draw) <> 100000
        or min(draw) <> 1 or max(draw) <> 100000
    union all
    select 'kronecker_increments' as what
    from increments
    where
        (dimension = 1 and {{ values_differ('increment', 0.4142135624, 0.0000000001) }})
        or (dimension = 2 and {{ values_differ('increment', 0.7320508076, 0.0000000001) }})
        or (dimension = 3 and {{ values_differ('increment', 0.2360679775, 0.0000000001) }})
        or (dimension = 4 and {{ values_differ('increment', 0.6457513111, 0.0000000001) }})
    union all
    select 'uniform_draw' as what
    from increments
    where
        dimension = 1
        and {{ values_differ(uniform_draw('3', 'increment'), 0.2426406871, 0.0000000001) }}
    union all
    select 'normal moments' as what
    from normals
    having
        abs(avg(z)) > 0.002
        or abs(stddev_samp(z) - 1) > 0.002
        or abs(avg(case when z < -1.959964 then 1.0 else 0.0 end) - 0.025) > 0.001
)

select * from failures
