{#-
    The 95% confidence interval of a ratio of two medians by the distribution-
    free method of Price & Bonett (Price RM, Bonett DG. Distribution-free
    confidence intervals for difference and ratio of medians. J Stat Comput
    Simul 2002;72:119; Bonett DG, Price RM. Psychol Methods 2002;7:370), for
    positive (ratio-scale) measures. For each group of n values:

      a = max(1, round(n/2 - sqrt(n)))          (median_order_rank)
      se(ln median) = (ln y(n-a+1) - ln y(a)) / (2 z0)   (median_log_se)

    where y(i) is the i-th smallest value and z0 the standard normal quantile
    of 1 - P(B <= a - 1), B ~ Binomial(n, 1/2): read from a table computed
    exactly (Python's math.comb and statistics.NormalDist, 9 decimals) for n up
    to 100, and from the normal approximation with continuity correction, z0 =
    (n - 2a + 1) / sqrt(n), above (within 0.3% of the exact value there). The
    interval of median1 / median2 is then ratio exp(-/+ z sqrt(se1^2 + se2^2))
    (log_ratio_limit), the groups taken as independent. median_log_se is null
    when either order statistic is 0 or less, or n < 2.

    The same order statistics give the standard error of a median itself,
    median_se = (y(n-a+1) - y(a)) / (2 z0), and the interval of a difference of
    medians, median1 - median2 -/+ z sqrt(se1^2 + se2^2) (Price & Bonett 2002;
    statpsych::ci.median2). price_bonett_z0 is z0 (n >= 1).
-#}
{% macro median_order_rank(n) -%}
    cast(greatest(1, round({{ to_double(n) }} / 2 - sqrt({{ to_double(n) }})))
        as {{ dbt.type_bigint() }})
{%- endmacro %}

{% macro median_log_se(lower_order_statistic, upper_order_statistic, n) -%}
    case
        when {{ n }} >= 2
            and {{ lower_order_statistic }} > 0
            and {{ upper_order_statistic }} > 0
            then (
                ln({{ to_double(upper_order_statistic) }})
                - ln({{ to_double(lower_order_statistic) }})
            ) / (2 * {{ price_bonett_z0(n) }})
    end
{%- endmacro %}

{% macro median_se(lower_order_statistic, upper_order_statistic, n) -%}
    case
        when {{ n }} >= 2
            then (
                {{ to_double(upper_order_statistic) }}
                - {{ to_double(lower_order_statistic) }}
            ) / (2 * {{ price_bonett_z0(n) }})
    end
{%- endmacro %}

{% macro price_bonett_z0(n) -%}
    {%- set exact_z0 = [
        0.000000000, 0.674489750, 1.150349380, 1.534120544, 1.862731867,
        2.153874694, 2.417559016, 2.660067469, 2.063527898, 2.299362297,
        2.520502217, 2.068700303, 2.282481347, 2.485431378, 2.106554088,
        2.303143830, 2.491351085, 2.158566822, 2.341414697, 2.039607190,
        2.217283880, 2.388864388, 2.111962512, 2.279188798, 2.020947011,
        2.184040471, 2.342456044, 2.100349155, 2.255219656, 2.025910615,
        2.177418273, 2.325193664, 2.107410256, 2.252249490, 2.043938820,
        2.185984769, 2.324964623, 2.125409723, 2.261914239, 2.069733495,
        2.203874721, 2.018314458, 2.150198746, 2.279643493, 2.100352962,
        2.227766621, 2.053892919, 2.179359845, 2.010444535, 2.134044509,
        2.255644440, 2.091498508, 2.211397575, 2.051445683, 2.169708372,
        2.013647591, 2.130334978, 2.245344337, 2.093066934, 2.206626931,
        2.057720046, 2.169880970, 2.024132256, 2.134941865, 2.244317590,
        2.101663941, 2.209786366, 2.069917687, 2.176826788, 2.039587494,
        2.145321357, 2.010569768, 2.115164685, 2.218557663, 2.086261920,
        2.188589970, 2.058527410, 2.159821432, 2.031883572, 2.132173107,
        2.006259934, 2.105573228, 2.203860190, 2.079956384, 2.177324536,
        2.055262797, 2.151736543, 2.031437717, 2.127040460, 2.008430876,
        2.103185070, 2.197049629, 2.080123226, 2.173184816, 2.057811438,
        2.150089699, 2.036209515, 2.127723336, 2.015280245, 2.106047803
    ] -%}
    {%- set a = median_order_rank(n) -%}
    case
        {%- for value in exact_z0 %}
        when {{ n }} = {{ loop.index }} then {{ value }}
        {%- endfor %}
        else ({{ to_double(n) }} - 2 * {{ a }} + 1) / sqrt({{ to_double(n) }})
    end
{%- endmacro %}
