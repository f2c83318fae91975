{#-
    Date from a `dd/mm/yyyy` value, the protocol's date format (two-digit day and
    month, a four-digit year from 1800 to 2199; surrounding white space ignored).
    Anything else gives null, never an error: an ISO date, a two-digit year, a
    date not in the calendar (31/02/2021, 29/02/2022), a time part, text. The
    staging models flag those rows. The value must first match the registry's
    `date` pattern (var registry_types), which `hi validate` checks too.
-#}
{% macro to_date_ddmmyyyy(expr) -%}
    {{ return(adapter.dispatch('to_date_ddmmyyyy', 'mse_health_inequalities')(expr)) }}
{%- endmacro %}

{% macro default__to_date_ddmmyyyy(expr) -%}
    {%- set value = trim_to_null(expr) -%}
    case
        when {{ regex_full_match(value, registry_type_pattern('date')) }}
            then to_date({{ value }}, 'DD/MM/YYYY')
    end
{%- endmacro %}

{% macro duckdb__to_date_ddmmyyyy(expr) -%}
    {%- set value = trim_to_null(expr) -%}
    case
        when {{ regex_full_match(value, registry_type_pattern('date')) }}
            then cast(try_strptime({{ value }}, '%d/%m/%Y') as date)
    end
{%- endmacro %}

{% macro snowflake__to_date_ddmmyyyy(expr) -%}
    {%- set value = trim_to_null(expr) -%}
    case
        when {{ regex_full_match(value, registry_type_pattern('date')) }}
            then try_to_date({{ value }}, 'DD/MM/YYYY')
    end
{%- endmacro %}
