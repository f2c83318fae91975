{#-
    A UK postcode in the ONS `pcds` form: upper case, outward code, one space,
    inward code (`CM1 1AA`, `SS14 3AB`), whatever spacing and case it came in.
    Null when blank or when it does not have the shape of a postcode (outward
    code: one or two letters, a digit, an optional letter or digit; inward code:
    a digit and two letters: the registry's `postcode` pattern, var
    registry_types, matched upper-cased and without spaces as `hi validate` does),
    so a malformed value never reaches the linkage.
-#}
{% macro normalise_postcode(expr) -%}
    {{ return(adapter.dispatch('normalise_postcode', 'mse_health_inequalities')(expr)) }}
{%- endmacro %}

{% macro default__normalise_postcode(expr) -%}
    {%- set compact = "replace(upper(" ~ trim_to_null(expr) ~ "), ' ', '')" -%}
    case
        when {{ regex_full_match(compact, registry_type_pattern('postcode')) }}
            then {{ dbt.concat([
                "left(" ~ compact ~ ", length(" ~ compact ~ ") - 3)",
                "' '",
                "right(" ~ compact ~ ", 3)",
            ]) }}
    end
{%- endmacro %}
