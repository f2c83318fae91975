{#-
    Indirect standardisation, in two steps that any event-level relation can
    reuse (PHE Fingertips technical guidance, "Standardisation"; Breslow & Day,
    Statistical Methods in Cancer Research vol. II, 1987, ch. 2):

    stratum_means(relation, measure, strata, partition_by): the expected value
      of an event, the mean of `measure` over all events in its stratum, i.e. the
      standard population's rate or mean in the stratum: a select with one row
      per stratum (its columns and `stratum_mean`), to join back to the events
      with same_stratum(). `partition_by` keeps separate standards apart (e.g.
      one per outcome); `strata` are the columns standardised for (e.g. age
      band, sex). A grouped mean joined back, not a window `avg() over
      (partition by ...)`: the same value per event, but a window sorts every
      event by its stratum, several times slower at trust scale (and spilling
      to disk under the laptop memory limit for five years of activity).

    indirect_standardisation(relation, group_by, observed, expected): a select
      over event-level rows carrying both, one row per group (e.g. outcome x
      dimension x category; an event may sit in several groups): events,
      observed (sum), expected (sum), the sums of squares the interval needs,
      standardised_ratio = observed / expected, ratio_se_log (the ratio
      estimator's delta-method standard error, indirect_ratio_se_log),
      ratio_ci_lower and ratio_ci_upper (95%, log scale) and p_value (two-sided,
      against a ratio of 1). A ratio above 1: more than the standard's rates
      would give this group's mix of strata.

    indirect_standardisation_from_sums(sums_relation, group_by): the same from
      a relation (or parenthesised subquery) already holding one row per group
      with events, observed, expected, observed_squares, observed_by_expected
      and expected_squares: for callers that add these sums up from a
      histogram instead of event-level rows (fct_waiting_time_category_
      statistics, fct_outcome_category_statistics).
-#}
{% macro stratum_means(relation, measure, strata, partition_by=[]) -%}
    {%- set strata = [strata] if strata is string else strata -%}
    {%- set partition_by = [partition_by] if partition_by is string else partition_by -%}
    select
        {{ (partition_by + strata) | join(',\n        ') }},
        avg({{ to_double(measure) }}) as stratum_mean
    from {{ relation }}
    group by {{ (partition_by + strata) | join(', ') }}
{%- endmacro %}

{#- Join condition: `left` and `right` are in the same stratum (null equals null,
    as in a group by). -#}
{% macro same_stratum(left, right, columns) -%}
    {%- for column in columns -%}
        {{ left }}.{{ column }} is not distinct from {{ right }}.{{ column }}
        {{- ' and ' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}

{% macro indirect_standardisation(relation, group_by, observed, expected) -%}
    {%- set group_by = [group_by] if group_by is string else group_by -%}
    {%- set sums -%}
        (
            select
                {{ group_by | join(',\n                ') }},
                count(*) as events,
                sum({{ to_double(observed) }}) as observed,
                sum({{ to_double(expected) }}) as expected,
                sum({{ to_double(observed) }} * {{ to_double(observed) }})
                    as observed_squares,
                sum({{ to_double(observed) }} * {{ to_double(expected) }})
                    as observed_by_expected,
                sum({{ to_double(expected) }} * {{ to_double(expected) }})
                    as expected_squares
            from {{ relation }}
            group by {{ group_by | join(', ') }}
        )
    {%- endset -%}
    {{ indirect_standardisation_from_sums(sums, group_by) }}
{%- endmacro %}

{% macro indirect_standardisation_from_sums(sums_relation, group_by) -%}
    {%- set group_by = [group_by] if group_by is string else group_by -%}
    select
        {{ group_by | join(',\n        ') }},
        events,
        observed,
        expected,
        observed_squares,
        observed_by_expected,
        expected_squares,
        standardised_ratio,
        ratio_se_log,
        {{ log_ratio_limit('standardised_ratio', 'ratio_se_log', '-') }}
            as ratio_ci_lower,
        {{ log_ratio_limit('standardised_ratio', 'ratio_se_log', '+') }}
            as ratio_ci_upper,
        case when standardised_ratio > 0 then
            {{ two_sided_p_value('ln(standardised_ratio) / ratio_se_log') }}
        end as p_value
    from (
        select
            sums.*,
            case when expected > 0 then observed / expected end
                as standardised_ratio,
            {{ indirect_ratio_se_log(
                'events', 'observed', 'expected', 'observed_squares',
                'observed_by_expected', 'expected_squares') }} as ratio_se_log
        from {{ sums_relation }} as sums
    ) as ratios
{%- endmacro %}
