{#-
    The published form of a count: null when it is from 1 to the disclosure
    threshold, otherwise rounded to the nearest multiple of the rounding base
    (halves away from zero); 0 stays 0 and null stays null. Idempotent: applied
    to an already published count it returns that count unchanged, because the
    settings guarantee every published non-zero count exceeds the threshold.
-#}
{% macro suppress_small_count(count_expr) -%}
    case
        when {{ is_small_count(count_expr) }} then null
        else {{ round_to_base(count_expr) }}
    end
{%- endmacro %}
