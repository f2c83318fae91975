{#-
    Fails once for every combination of the `combination_of_columns` values that
    occurs on more than one row, with the number of rows. Rows where any of the
    columns is null are left out when `ignore_nulls` is true (the default), as a
    key with a missing part identifies nothing.
-#}
{% test unique_combination_of_columns(
    model, combination_of_columns, ignore_nulls=true) %}
select
    {%- for column in combination_of_columns %}
    {{ column }},
    {%- endfor %}
    count(*) as n_rows
from {{ model }}
{%- if ignore_nulls %}
where
    {%- for column in combination_of_columns %}
    {{ 'and ' if not loop.first }}{{ column }} is not null
    {%- endfor %}
{%- endif %}
group by {{ combination_of_columns | join(', ') }}
having count(*) > 1
{% endtest %}
