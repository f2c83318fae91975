{#-
    Fails on every row where the SQL boolean `expression` is false. A row where it
    is null (a comparison with a missing value) passes: the test asserts a rule
    between values that are there, e.g. `discharge_at >= admitted_at`.
-#}
{% test expression_is_true(model, expression) %}
select *
from {{ model }}
where not ({{ expression }})
{% endtest %}
