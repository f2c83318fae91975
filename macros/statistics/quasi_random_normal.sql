{#-
    Deterministic, portable normal deviates for Monte Carlo in SQL, the same on
    every engine (both compute in IEEE doubles; only the last bits of ln and cos
    may differ):

    kronecker_increments(dimensions): a select of (dimension, increment) for
      dimension 1..`dimensions`: the fractional parts of the square roots of the
      first primes, the irrational increments of an additive recurrence
      (Kronecker, or Weyl) sequence, a quasi-Monte Carlo design whose draws fill
      the unit cube more evenly than pseudo-random ones (Niederreiter,
      Random Number Generation and Quasi-Monte Carlo Methods, SIAM 1992, ch. 5).
      The increments are computed at compile time and written as double
      literals.

    uniform_draw(draw, increment): frac(draw x increment), the draw-th point of
      the sequence in one dimension, in (0, 1).

    quasi_random_normal(draw, increment_1, increment_2): a standard normal
      deviate from two dimensions of the draw-th point by the Box-Muller
      transform, sqrt(-2 ln u1) cos(2 pi u2) (Box GEP, Muller ME. Ann Math Stat
      1958;29:610).

    draw_numbers(count): a select of draw = 1..`count` (no engine-specific
      series function: a cross join of digits).
-#}
{% macro kronecker_increments(dimensions) -%}
    {%- set primes = [] -%}
    {%- set candidate = namespace(value=2) -%}
    {%- for _ in range(dimensions * 20 + 10) if primes | length < dimensions -%}
        {%- set is_prime = namespace(value=true) -%}
        {%- for p in primes if p * p <= candidate.value -%}
            {%- if candidate.value % p == 0 -%}{%- set is_prime.value = false -%}{%- endif -%}
        {%- endfor -%}
        {%- if is_prime.value -%}{%- do primes.append(candidate.value) -%}{%- endif -%}
        {%- set candidate.value = candidate.value + 1 -%}
    {%- endfor -%}
    {%- for p in primes %}
    select
        {{ loop.index }} as dimension,
        {{ '%.17e' | format((p ** 0.5) - ((p ** 0.5) | int)) }} as increment
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}

{% macro uniform_draw(draw, increment) -%}
    ({{ to_double(draw) }} * {{ increment }}
        - floor({{ to_double(draw) }} * {{ increment }}))
{%- endmacro %}

{% macro quasi_random_normal(draw, increment_1, increment_2) -%}
    sqrt(-2 * ln({{ uniform_draw(draw, increment_1) }}))
    * cos(6.283185307179586 * {{ uniform_draw(draw, increment_2) }})
{%- endmacro %}

{% macro draw_numbers(count) -%}
    {%- set digits = ((count - 1) | string) | length -%}
    select draw
    from (
        select
            {% for i in range(digits) -%}
            d{{ i }}.digit * {{ 10 ** i }} + {% endfor -%}
            1 as draw
        from
            {% for i in range(digits) -%}
            (
                {%- for d in range(10) %}
                select {{ d }} as digit{% if not loop.last %} union all{% endif %}
                {%- endfor %}
            ) as d{{ i }}{% if not loop.last %}
            cross join
            {% endif %}
            {%- endfor %}
    ) as numbers
    where draw <= {{ count }}
{%- endmacro %}
