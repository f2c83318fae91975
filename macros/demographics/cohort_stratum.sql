{#- The strata rq3_cohort_prevalence standardises a cohort for, named by the
    cohort ("family: value"): an age_band cohort by sex only, a sex cohort by
    age band only, every other cohort by age band x sex.
    cohort_stratum_kind: 'sex', 'age' or 'age_sex'; cohort_stratum: the
    stratum's label from the individual's age band and sex. -#}
{% macro cohort_stratum_kind(cohort_expr) -%}
    case
        when {{ cohort_expr }} like 'age_band: %' then 'sex'
        when {{ cohort_expr }} like 'sex: %' then 'age'
        else 'age_sex'
    end
{%- endmacro %}

{% macro cohort_stratum(cohort_expr, age_band_expr, sex_expr) -%}
    case
        when {{ cohort_expr }} like 'age_band: %'
            then {{ dbt.concat(["'sex '", sex_expr]) }}
        when {{ cohort_expr }} like 'sex: %'
            then {{ dbt.concat(["'age '", age_band_expr]) }}
        else {{ dbt.concat(["'age '", age_band_expr, "' sex '", sex_expr]) }}
    end
{%- endmacro %}
