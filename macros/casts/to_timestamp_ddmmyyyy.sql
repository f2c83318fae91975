{#-
    Timestamp (without time zone) from a date-time in the drop-folder contract's
    form, `dd/mm/yyyy hh:mm` or `dd/mm/yyyy hh:mm:ss` (two-digit day, month and
    hour, a four-digit year from 1800 to 2199; surrounding white space ignored).
    Anything else gives null, never an error: a bare date, an ISO date, a
    two-digit year, a date not in the calendar (31/02/2021), 24:00, text. The
    staging models flag those rows. The value must first match the registry's
    `datetime` pattern (var registry_types), which `hi validate` checks too.
-#}
{% macro to_timestamp_ddmmyyyy(expr) -%}
    {{ return(adapter.dispatch('to_timestamp_ddmmyyyy', 'mse_health_inequalities')(expr)) }}
{%- endmacro %}

{#- The pattern is checked before parsing, so no engine's leniency (DuckDB reads
    '1/2/21' as the year 21) lets a malformed value through. -#}
{% macro default__to_timestamp_ddmmyyyy(expr) -%}
    {%- set value = trim_to_null(expr) -%}
    case
        when {{ regex_full_match(value, registry_type_pattern('datetime')) }}
            then to_timestamp({{ value }}, 'DD/MM/YYYY HH24:MI:SS')
    end
{%- endmacro %}

{% macro duckdb__to_timestamp_ddmmyyyy(expr) -%}
    {%- set value = trim_to_null(expr) -%}
    case
        when {{ regex_full_match(value, registry_type_pattern('datetime')) }}
            then try_strptime(
                {{ value }}, ['%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M']
            )
    end
{%- endmacro %}

{% macro snowflake__to_timestamp_ddmmyyyy(expr) -%}
    {%- set value = trim_to_null(expr) -%}
    case
        when {{ regex_full_match(value, registry_type_pattern('datetime')) }}
            then coalesce(
                try_to_timestamp_ntz({{ value }}, 'DD/MM/YYYY HH24:MI:SS'),
                try_to_timestamp_ntz({{ value }}, 'DD/MM/YYYY HH24:MI')
            )
    end
{%- endmacro %}
