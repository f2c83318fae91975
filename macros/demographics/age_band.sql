{#- The research-question marts' age band of an age in whole years: 0-17, 18-24,
    25-34, 35-44, 45-54, 55-64, 65-74, 75-84, 85+, or Unknown when the age is null. -#}
{% macro age_band(age_expr) -%}
    case
        when {{ age_expr }} is null then 'Unknown'
        when {{ age_expr }} < 18 then '0-17'
        when {{ age_expr }} < 25 then '18-24'
        when {{ age_expr }} < 35 then '25-34'
        when {{ age_expr }} < 45 then '35-44'
        when {{ age_expr }} < 55 then '45-54'
        when {{ age_expr }} < 65 then '55-64'
        when {{ age_expr }} < 75 then '65-74'
        when {{ age_expr }} < 85 then '75-84'
        else '85+'
    end
{%- endmacro %}
