{#- The reference date (dbt var `reference_date`, ISO yyyy-mm-dd) as a date, and as a
    timestamp at its midnight: the moment at which "current" is judged. -#}
{% macro reference_date() -%}
    cast('{{ var("reference_date") }}' as date)
{%- endmacro %}

{% macro reference_timestamp() -%}
    cast('{{ var("reference_date") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}
