{#- The five-year age band of an age in whole years, as the ONS mid-2020 population
    seeds band it: 0-4, 5-9, ..., 85-89, 90+, or Unknown when the age is null. -#}
{% macro age_band_5yr(age_expr) -%}
    case
        when {{ age_expr }} is null then 'Unknown'
        {%- for lower in range(0, 90, 5) %}
        when {{ age_expr }} < {{ lower + 5 }} then '{{ lower }}-{{ lower + 4 }}'
        {%- endfor %}
        else '90+'
    end
{%- endmacro %}
