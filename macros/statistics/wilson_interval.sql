{#-
    Wilson score 95% confidence interval for a proportion (Wilson 1927; the
    method PHE's phe_proportion uses), for `numerator` successes out of
    `denominator` trials, times `multiplier` (100 for a percentage):

        (2x + z^2 -/+ z * sqrt(z^2 + 4x(1 - x/n))) / (2(n + z^2))

    Null when n is 0 or null, or x is outside 0..n. The limits are exactly 0
    when x = 0 and exactly 1 when x = n (the formula gives them up to rounding).
    The lower and upper limits share one formula, so they share this file.
-#}
{% macro wilson_lower(numerator, denominator, multiplier=1) -%}
    {{ wilson_score_limit(numerator, denominator, multiplier, '-') }}
{%- endmacro %}

{% macro wilson_upper(numerator, denominator, multiplier=1) -%}
    {{ wilson_score_limit(numerator, denominator, multiplier, '+') }}
{%- endmacro %}

{% macro wilson_score_limit(numerator, denominator, multiplier, sign) -%}
    {%- set x = to_double(numerator) -%}
    {%- set n = to_double(denominator) -%}
    {%- set z = z_95() -%}
    {%- set edge = ('0' if sign == '-' else '1') -%}
    {%- set edge_count = ('0' if sign == '-' else n) -%}
    {{ multiplier }} * case
        when {{ n }} is null or {{ n }} <= 0 or {{ x }} < 0 or {{ x }} > {{ n }}
            then null
        when {{ x }} = {{ edge_count }} then {{ edge }}
        else (
            2 * {{ x }} + {{ z }} * {{ z }}
            {{ sign }} {{ z }} * sqrt(
                {{ z }} * {{ z }} + 4 * {{ x }} * (1 - {{ x }} / {{ n }})
            )
        ) / (2 * ({{ n }} + {{ z }} * {{ z }}))
    end
{%- endmacro %}
