{#-
    Order statistics, the median and the sample variance of a group's values
    from its value histogram: one row per group and distinct value, with
    `count` (how many of the group's values equal it), `cumulative` (how many
    are at or below it: a running sum of count ordered by value) and, for the
    variance, the group's mean. Aggregates over the rows of one group. They
    give what ranking every value (row_number) or median() / var_samp() would,
    over one row per distinct value instead of one per event: so a group's
    complement (all events minus the group's own) can be a difference of two
    histograms rather than a copy of every event of all other patients.

    histogram_value_at_rank(rank, ...)   y(rank), the rank-th smallest value: the
                                         value whose rows cover the rank
                                         (cumulative - count < rank <= cumulative);
                                         null when rank is below 1 or above n
    histogram_median(n, ...)             as median(): y((n + 1) / 2) for odd n,
                                         the mean of y(n / 2) and y(n / 2 + 1)
                                         for even n (n: the group's count, a
                                         window total on each row)
    histogram_variance(...)              as var_samp(): sum count (value -
                                         mean)^2 / (n - 1), in two passes (the
                                         mean known), null for one value
-#}
{% macro histogram_value_at_rank(rank, value, count, cumulative) -%}
    max(case
        when
            {{ cumulative }} - {{ count }} < {{ rank }}
            and {{ rank }} <= {{ cumulative }}
            then {{ value }}
    end)
{%- endmacro %}

{% macro histogram_median(n, value, count, cumulative) -%}
    {%- set lower_middle = 'floor((' ~ n ~ ' + 1) / 2.0)' -%}
    {%- set upper_middle = 'floor(' ~ n ~ ' / 2.0) + 1' -%}
    (
        {{ histogram_value_at_rank(lower_middle, value, count, cumulative) }}
        + {{ histogram_value_at_rank(upper_middle, value, count, cumulative) }}
    ) / 2.0
{%- endmacro %}

{% macro histogram_variance(value, count, mean) -%}
    case when sum({{ count }}) > 1 then
        sum(
            {{ count }}
            * ({{ to_double(value) }} - {{ mean }})
            * ({{ to_double(value) }} - {{ mean }})
        ) / (sum({{ count }}) - 1)
    end
{%- endmacro %}
