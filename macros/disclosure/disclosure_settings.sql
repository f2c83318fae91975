{#-
    The disclosure-control settings, read from the dbt vars `disclosure_threshold`
    (counts from 1 to it are suppressed) and `disclosure_rounding_base` (other
    counts are rounded to a multiple of it), checked here so that every macro and
    test applies the same, valid rule.

    The base must also round the smallest count that is not suppressed
    (threshold + 1) to more than the threshold: otherwise a count just above the
    threshold would be published as 0 or as a small count (threshold 7 with base
    6 would publish 8 as 6; with base 17, as 0). Rounding is monotone, so this
    one check keeps every published non-zero count above the threshold.
-#}
{% macro disclosure_threshold() -%}
    {%- set threshold = var('disclosure_threshold') -%}
    {%- if threshold is not number or threshold < 0 or threshold != threshold | int -%}
        {{ exceptions.raise_compiler_error(
            "dbt var disclosure_threshold must be a whole number of 0 or more, got '"
            ~ threshold ~ "'") }}
    {%- endif -%}
    {{ return(threshold | int) }}
{%- endmacro %}

{% macro disclosure_rounding_base() -%}
    {%- set base = var('disclosure_rounding_base') -%}
    {%- if base is not number or base < 1 or base != base | int -%}
        {{ exceptions.raise_compiler_error(
            "dbt var disclosure_rounding_base must be a whole number of 1 or more, got '"
            ~ base ~ "'") }}
    {%- endif -%}
    {%- set threshold = disclosure_threshold() -%}
    {%- set smallest_shown = ((threshold + 1) / base + 0.5) | round(0, 'floor') * base -%}
    {%- if smallest_shown <= threshold -%}
        {{ exceptions.raise_compiler_error(
            "dbt vars disclosure_threshold " ~ threshold ~ " and disclosure_rounding_base "
            ~ base ~ " do not fit together: a count of " ~ (threshold + 1)
            ~ " would be published as " ~ (smallest_shown | int)
            ~ ". Choose a base that rounds it to more than the threshold.") }}
    {%- endif -%}
    {{ return(base | int) }}
{%- endmacro %}
