{#-
    The slope index of inequality (SII) and relative index (RII) with the 95%
    interval the way PHE/OHID compute it, by simulation (PHE Fingertips
    technical guidance, "Slope index of inequality (SII) and relative index of
    inequality (RII)"; PHEindicatormethods::phe_sii): each quantile's value is
    redrawn from a normal distribution with its own standard error, the SII is
    refitted, and the 2.5th and 97.5th percentiles of the refitted SIIs are the
    limits. Returns a select over `relation` (one row per quantile and group,
    with value, standard error and population) of one row per group:
    quantiles_used, slope_index, relative_index, weighted_mean_value,
    slope_index_ci_lower and slope_index_ci_upper.

    The point estimate is slope_index_of_inequality's (same ranks, weights and
    sign convention). The population shares and ranks are fixed, so the
    refitted slope is linear in the values: slope + sum_q c_q se_q z_q, with
    c_q = w_q (x_q - mean x) / sum w (x - mean x)^2. The normal deviates z are
    `draws` points of a quasi-random (Kronecker) sequence through Box-Muller
    (quasi_random_normal), two dimensions per quantile, so the result is the
    same on every run and engine. Percentiles interpolate between order
    statistics as R's default quantile (type 7). The interval is null when a
    quantile used has no standard error; everything is null below
    `min_quantiles` quantiles.
-#}
{% macro slope_index_simulated(
    relation, quantile_column, value_column, se_column, population_column,
    group_by=[], reverse_sign=false, min_quantiles=5, draws=100000
) -%}
    {%- set groups = [group_by] if group_by is string else group_by -%}
    {%- set group_list = groups | join(', ') -%}
    {%- set group_prefix = (group_list ~ ',') if groups else '' -%}
    {%- set partition = ('partition by ' ~ group_list) if groups else '' -%}
    {%- set grouping = ('group by ' ~ group_list) if groups else '' -%}
    {%- set join_groups = [] -%}
    {%- for g in groups -%}{%- do join_groups.append('fitted.' ~ g ~ ' = limits.' ~ g) -%}{%- endfor -%}
    {#- type 7 percentiles: positions j, j + 1 (1-based) and the fraction -#}
    {%- set h_low = (draws - 1) * 0.025 -%}
    {%- set h_high = (draws - 1) * 0.975 -%}
    {%- set j_low = h_low | int -%}
    {%- set j_high = h_high | int -%}
    select
        {% for g in groups %}fitted.{{ g }},{% endfor %}
        fitted.quantiles_used,
        fitted.slope as slope_index,
        case when fitted.mean_value > 0 then fitted.slope / fitted.mean_value end
            as relative_index,
        fitted.mean_value as weighted_mean_value,
        fitted.slope + limits.lower_deviation as slope_index_ci_lower,
        fitted.slope + limits.upper_deviation as slope_index_ci_upper
    from (
        select
            moments.*,
            case when quantiles_used >= {{ min_quantiles }}
                then co_spread / nullif(rank_spread, 0) end as slope
        from (
            select
                {{ group_prefix }}
                count(*) as quantiles_used,
                max(mean_value) as mean_value,
                sum(share * relative_rank) as mean_rank,
                sum(share * relative_rank * relative_rank)
                    - sum(share * relative_rank) * sum(share * relative_rank)
                    as rank_spread,
                sum(share * relative_rank * (value - mean_value)) as co_spread
            from (
                {{ deprivation_quantile_ranks(
                    relation, quantile_column, value_column, population_column,
                    group_by, reverse_sign) }}
            ) as ranked
            {{ grouping }}
        ) as moments
    ) as fitted
    left join (
        -- per group: the 2.5th and 97.5th percentiles of the simulated
        -- deviations of the slope from its estimate
        select
            {{ group_prefix }}
            max(case when position = {{ j_low + 1 }} then deviation end)
            + {{ h_low - j_low }} * (
                max(case when position = {{ j_low + 2 }} then deviation end)
                - max(case when position = {{ j_low + 1 }} then deviation end)
            ) as lower_deviation,
            max(case when position = {{ j_high + 1 }} then deviation end)
            + {{ h_high - j_high }} * (
                max(case when position = {{ j_high + 2 }} then deviation end)
                - max(case when position = {{ j_high + 1 }} then deviation end)
            ) as upper_deviation
        from (
            select
                simulated.*,
                row_number() over (
                    {{ partition }} order by deviation
                ) as position
            from (
                select
                    {% for g in groups %}coefficients.{{ g }},{% endfor %}
                    draws.draw,
                    sum(
                        coefficients.coefficient * coefficients.se
                        * {{ quasi_random_normal(
                            'draws.draw', 'first_dimension.increment',
                            'second_dimension.increment') }}
                    ) as deviation
                from (
                    select
                        ranked.*,
                        ranked.share * (
                            ranked.relative_rank - sum(ranked.share * ranked.relative_rank)
                                over ({{ partition }})
                        ) / (
                            sum(ranked.share * ranked.relative_rank * ranked.relative_rank)
                                over ({{ partition }})
                            - sum(ranked.share * ranked.relative_rank)
                                over ({{ partition }})
                            * sum(ranked.share * ranked.relative_rank)
                                over ({{ partition }})
                        ) as coefficient,
                        count(ranked.se) over ({{ partition }})
                            - count(*) over ({{ partition }}) as missing_se
                    from (
                        {{ deprivation_quantile_ranks(
                            relation, quantile_column, value_column,
                            population_column, group_by, reverse_sign,
                            se_column=se_column) }}
                    ) as ranked
                ) as coefficients
                cross join ({{ draw_numbers(draws) }}) as draws
                inner join ({{ kronecker_increments(40) }}) as first_dimension
                    on first_dimension.dimension = 2 * coefficients.quantile_order - 1
                inner join ({{ kronecker_increments(40) }}) as second_dimension
                    on second_dimension.dimension = 2 * coefficients.quantile_order
                where coefficients.missing_se = 0
                group by
                    {% for g in groups %}coefficients.{{ g }}, {% endfor %}draws.draw
            ) as simulated
        ) as ordered
        {{ grouping }}
    ) as limits
        on {{ join_groups | join(' and ') if groups else 'true' }}
{%- endmacro %}
