{#-
    Slope index of inequality (SII) and relative index of inequality (RII)
    across deprivation quantiles, as Public Health England computes them (Low &
    Low 2004; PHE Fingertips technical guidance; PHEindicatormethods::phe_sii).
    Returns a select over `relation`, one row per `group_by` group (one row in
    all without it), from rows of quantile / value / population:

    1. Quantiles are ordered from most to least deprived by `quantile_column`
       ascending (IMD decile 1 is the most deprived). Each gets the relative
       rank x = (population of the quantiles before it + half its own) / total
       population, a mid-point on 0 (most deprived) .. 1 (least deprived).
    2. Weighted least squares of value y on x, weights the population shares
       w = population / total (PHE's lm(y sqrt(w) ~ sqrt(w) + x sqrt(w) - 1)):
         slope = sum w (x - mx)(y - my) / sum w (x - mx)^2, with mx, my the
         weighted means; intercept = my - slope * mx.
    3. slope_index = fitted value at x = 1 minus at x = 0 = the slope: PHE's
       sign, positive when the value is higher in the least deprived.
       reverse_sign=true ranks from least deprived instead (PHE's negative
       multiplier), so slope_index = most deprived minus least deprived.
    4. relative_index = slope_index / my (the population-weighted mean value),
       the Kunst & Mackenbach form. PHE's R package reports instead the ratio
       of the fitted ends, (intercept + slope) / intercept: given as
       fitted_end_ratio.
    5. 95% CI of the SII: slope -/+ t(0.975, k - 2) * se, with se = sqrt(RSS /
       (k - 2) / sum w (x - mx)^2) the regression standard error of the slope,
       RSS = sum w (y - fitted)^2 and k the number of quantiles used (the SE that
       R's lm reports). The RII's CI divides the SII's by my (taken as fixed).
       PHE's tool instead simulates (Monte Carlo, 100,000 draws from each
       quantile's own confidence interval), so its intervals can differ.

    Rows with a null value or a population of 0 or less are left out; a group
    with fewer than `min_quantiles` quantiles left (PHE's minimum is 5) gets
    null results. The RII and its CI are null when my is 0 or less.
-#}
{% macro slope_index_of_inequality(
    relation, quantile_column, value_column, population_column,
    group_by=[], reverse_sign=false, min_quantiles=5
) -%}
    {%- set groups = [group_by] if group_by is string else group_by -%}
    {%- set group_list = groups | join(', ') -%}
    {%- set group_prefix = (group_list ~ ',') if groups else '' -%}
    {%- set partition = ('partition by ' ~ group_list) if groups else '' -%}
    {%- set lower = '(slope - t_value * slope_se)' -%}
    {%- set upper = '(slope + t_value * slope_se)' -%}
    select
        {{ group_prefix }}
        quantiles_used,
        slope as slope_index,
        {{ lower }} as slope_index_ci_lower,
        {{ upper }} as slope_index_ci_upper,
        case when mean_value > 0 then slope / mean_value end as relative_index,
        case when mean_value > 0 then {{ lower }} / mean_value end
            as relative_index_ci_lower,
        case when mean_value > 0 then {{ upper }} / mean_value end
            as relative_index_ci_upper,
        mean_value as weighted_mean_value,
        -- fitted value at rank 1 over fitted value at rank 0
        (mean_value - slope * mean_rank + slope)
            / nullif(mean_value - slope * mean_rank, 0) as fitted_end_ratio
    from (
        select
            fitted.*,
            {{ t_quantile_975('quantiles_used - 2') }} as t_value,
            -- RSS = Syy - slope * Sxy, clamped at 0 against rounding in a
            -- perfect fit, whose residuals are all 0.
            case when quantiles_used > 2 then sqrt(
                case when value_spread - slope * co_spread > 0
                    then value_spread - slope * co_spread else 0 end
                / (quantiles_used - 2) / rank_spread
            ) end as slope_se
        from (
            select
                moments.*,
                case when quantiles_used >= {{ min_quantiles }}
                    then co_spread / nullif(rank_spread, 0) end as slope
            from (
                -- Weighted sums of squares about the means (weights sum to 1).
                select
                    {{ group_prefix }}
                    count(*) as quantiles_used,
                    max(mean_value) as mean_value,
                    sum(share * relative_rank) as mean_rank,
                    sum(share * relative_rank * relative_rank)
                        - sum(share * relative_rank) * sum(share * relative_rank)
                        as rank_spread,
                    sum(share * relative_rank * (value - mean_value)) as co_spread,
                    sum(share * (value - mean_value) * (value - mean_value))
                        as value_spread
                from (
                    {{ deprivation_quantile_ranks(
                        relation, quantile_column, value_column,
                        population_column, group_by, reverse_sign) }}
                ) as ranked
                {% if groups %}group by {{ group_list }}{% endif %}
            ) as moments
        ) as fitted
    ) as with_errors
{%- endmacro %}


{#-
    The rows the slope index is fitted to: one per group and quantile with a
    value and a population above 0, with `value`, its population `share` of the
    group, its `relative_rank` (the mid-point of its cumulative share, from the
    first quantile ranked: ascending quantile_column, or descending with
    reverse_sign), the group's population-weighted `mean_value`, its
    `quantile_order` (1 = first ranked) and, when given, `se`.
-#}
{% macro deprivation_quantile_ranks(
    relation, quantile_column, value_column, population_column,
    group_by=[], reverse_sign=false, se_column=none
) -%}
    {%- set groups = [group_by] if group_by is string else group_by -%}
    {%- set group_prefix = (groups | join(', ') ~ ',') if groups else '' -%}
    {%- set partition = ('partition by ' ~ groups | join(', ')) if groups else '' -%}
    {%- set order = 'desc' if reverse_sign else 'asc' -%}
    {%- set pop = to_double(population_column) -%}
    {%- set value = to_double(value_column) -%}
    select
        {{ group_prefix }}
        {{ value }} as value,
        {% if se_column %}{{ to_double(se_column) }} as se,{% endif %}
        {{ pop }} / sum({{ pop }}) over ({{ partition }}) as share,
        (
            sum({{ pop }}) over (
                {{ partition }}
                order by {{ quantile_column }} {{ order }}
                rows between unbounded preceding and current row
            ) - {{ pop }} / 2
        ) / sum({{ pop }}) over ({{ partition }}) as relative_rank,
        sum({{ pop }} * {{ value }}) over ({{ partition }})
            / sum({{ pop }}) over ({{ partition }}) as mean_value,
        row_number() over (
            {{ partition }} order by {{ quantile_column }} {{ order }}
        ) as quantile_order
    from {{ relation }}
    where {{ value_column }} is not null
        and {{ population_column }} > 0
{%- endmacro %}
