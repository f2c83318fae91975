{#-
    True when the count `count_expr` is from 1 to the disclosure threshold (more
    than 0 and at most `disclosure_threshold`), so must not be published; false
    otherwise, including for 0 and for null (nothing to withhold).
-#}
{% macro is_small_count(count_expr) -%}
    coalesce(
        ({{ count_expr }}) > 0 and ({{ count_expr }}) <= {{ disclosure_threshold() }},
        false
    )
{%- endmacro %}
