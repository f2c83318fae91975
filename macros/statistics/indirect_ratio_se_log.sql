{#-
    The standard error of ln(R) for an indirectly standardised ratio R = sum(y)
    / sum(e) of n events, each with an observed value y (1 or 0 for a
    percentage, the measure for a mean) and an expected value e (the whole
    Trust's mean of y in the event's stratum, taken as known): the delta-method
    (linearisation) variance of a ratio estimator (Cochran, Sampling
    Techniques, 3rd ed. 1977, section 6.4),

        var(R) = n / (n - 1) * sum (y - R e)^2 / (sum e)^2,

    so se(ln R) = sqrt(n / (n - 1) * (Syy - 2 R Sye + R^2 See)) / sum(y), with
    Syy = sum y^2, Sye = sum y e, See = sum e^2. Unlike a Poisson interval it
    holds for a common binary outcome (whose variance is p(1 - p), not p) and
    for a continuous measure such as length of stay. Events are taken as
    independent. Null when n < 2, sum(y) <= 0 or sum(e) <= 0; the sum of
    squares is clamped at 0 against rounding.
-#}
{% macro indirect_ratio_se_log(n, sum_y, sum_e, sum_yy, sum_ye, sum_ee) -%}
    {%- set r = '(' ~ to_double(sum_y) ~ ' / ' ~ to_double(sum_e) ~ ')' -%}
    case when {{ n }} >= 2 and {{ sum_y }} > 0 and {{ sum_e }} > 0 then
        sqrt(
            {{ to_double(n) }} / ({{ to_double(n) }} - 1)
            * greatest(
                {{ to_double(sum_yy) }} - 2 * {{ r }} * {{ to_double(sum_ye) }}
                + {{ r }} * {{ r }} * {{ to_double(sum_ee) }},
                0
            )
        ) / {{ to_double(sum_y) }}
    end
{%- endmacro %}
