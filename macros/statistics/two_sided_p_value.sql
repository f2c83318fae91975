{#-
    The two-sided p-value of a standard normal test statistic z, 2 (1 - Phi(|z|)),
    as an SQL expression: neither engine has a normal distribution function, so
    1 - Phi(x) for x >= 0 is the polynomial approximation of Abramowitz & Stegun
    26.2.17 (Zelen & Severo), phi(x) (b1 t + ... + b5 t^5) with t = 1 / (1 +
    0.2316419 x), whose absolute error is below 7.5e-8, capped at 1. Null when
    z is null.
-#}
{% macro two_sided_p_value(z_expr) -%}
    {%- set x = 'abs(' ~ to_double(z_expr) ~ ')' -%}
    {%- set t = '(1.0 / (1.0 + 0.2316419 * ' ~ x ~ '))' -%}
    case when {{ x }} >= 0 then least(
        1.0,
        2.0 * exp(-{{ x }} * {{ x }} / 2.0) / 2.5066282746310002 * {{ t }} * (
            0.319381530 + {{ t }} * (
                -0.356563782 + {{ t }} * (
                    1.781477937 + {{ t }} * (-1.821255978 + {{ t }} * 1.330274429)
                )
            )
        )
    ) end
{%- endmacro %}
