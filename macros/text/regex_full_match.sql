{#-
    True when the whole of `expr` matches the regular expression `pattern`,
    false when it does not, null when `expr` is null. `pattern` is a Jinja string
    (POSIX/RE2 syntax common to DuckDB and Snowflake); it is quoted here.
-#}
{% macro regex_full_match(expr, pattern) -%}
    {{ return(adapter.dispatch('regex_full_match', 'mse_health_inequalities')(expr, pattern)) }}
{%- endmacro %}

{% macro default__regex_full_match(expr, pattern) -%}
    ({{ expr }} ~ '^(?:{{ pattern | replace("'", "''") }})$')
{%- endmacro %}

{% macro duckdb__regex_full_match(expr, pattern) -%}
    regexp_full_match({{ expr }}, '{{ pattern | replace("'", "''") }}')
{%- endmacro %}

{#- Snowflake's regexp_like is anchored at both ends. In its string literals a
    backslash escapes, so the pattern's backslashes and quotes are escaped (a $$
    string would end early on a pattern ending in $). -#}
{% macro snowflake__regex_full_match(expr, pattern) -%}
    regexp_like(
        {{ expr }},
        '{{ pattern | replace("\\", "\\\\") | replace("'", "\\'") }}'
    )
{%- endmacro %}
