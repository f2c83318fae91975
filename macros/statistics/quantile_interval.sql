{#-
    A quantile other than the median and its distribution-free 95% interval, from
    order statistics (Conover WJ. Practical Nonparametric Statistics, 3rd ed.
    1999, section 3.2, the large-sample ranks; the same idea as Price & Bonett's
    interval for a median, median_ratio_interval). For n values y(1) <= ... <= y(n)
    and a proportion p = percent / 100 (the macros take the whole percent, so that
    n p is computed exactly: n x percent / 100):

      quantile_rank         ceil(n p): the quantile is y(ceil(n p)), the smallest
                            value with at least p of the values at or below it
                            (Hyndman & Fan's type 1, the inverse of the empirical
                            distribution function)
      quantile_lower_rank   floor(n p - z sqrt(n p (1 - p)))
      quantile_upper_rank   ceil(n p + z sqrt(n p (1 - p)))

    y(lower) to y(upper) covers the quantile with about 95% probability (the normal
    approximation to the binomial count of values below it, rounded outwards). A
    rank below 1 or above n has no order statistic: the interval is then unknown
    (null), as it is for small n. From the two order statistics:

      quantile_log_se   (ln y(upper) - ln y(lower)) / (2 z), the standard error of
                        ln(quantile), for the interval of a ratio of two quantiles,
                        ratio exp(-/+ z sqrt(se1^2 + se2^2)) (log_ratio_limit); null
                        when either statistic is 0 or less
      quantile_se       (y(upper) - y(lower)) / (2 z), for the interval of a
                        difference, q1 - q2 -/+ z sqrt(se1^2 + se2^2)
-#}
{% macro quantile_rank(n, percent) -%}
    cast(ceil({{ to_double(n) }} * {{ percent }} / 100.0) as {{ dbt.type_bigint() }})
{%- endmacro %}

{% macro quantile_lower_rank(n, percent) -%}
    cast(floor({{ quantile_rank_bound(n, percent, '-') }}) as {{ dbt.type_bigint() }})
{%- endmacro %}

{% macro quantile_upper_rank(n, percent) -%}
    cast(ceil({{ quantile_rank_bound(n, percent, '+') }}) as {{ dbt.type_bigint() }})
{%- endmacro %}

{% macro quantile_rank_bound(n, percent, sign) -%}
    {%- if sign not in ['-', '+'] -%}
        {{ exceptions.raise_compiler_error(
            "quantile_rank_bound: sign must be '-' or '+', got '" ~ sign ~ "'") }}
    {%- endif -%}
    (
        {{ to_double(n) }} * {{ percent }} / 100.0
        {{ sign }} {{ z_95() }}
        * sqrt({{ to_double(n) }} * {{ percent }} * (100 - {{ percent }})) / 100.0
    )
{%- endmacro %}

{% macro quantile_log_se(lower_order_statistic, upper_order_statistic) -%}
    case
        when {{ lower_order_statistic }} > 0 and {{ upper_order_statistic }} > 0
            then (
                ln({{ to_double(upper_order_statistic) }})
                - ln({{ to_double(lower_order_statistic) }})
            ) / (2 * {{ z_95() }})
    end
{%- endmacro %}

{% macro quantile_se(lower_order_statistic, upper_order_statistic) -%}
    (
        {{ to_double(upper_order_statistic) }}
        - {{ to_double(lower_order_statistic) }}
    ) / (2 * {{ z_95() }})
{%- endmacro %}
