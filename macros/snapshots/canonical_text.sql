{#-
    The text form of a value that hashes the same whoever runs the query: dates as
    YYYY-MM-DD, timestamps as YYYY-MM-DD HH:MI:SS.ffffff (with a time zone: in UTC),
    times as HH:MI:SS.ffffff, booleans as true / false, numbers in the engine's plain
    digits, never through a session's output format (on Snowflake a plain cast to text
    follows DATE_OUTPUT_FORMAT, TIMESTAMP_*_OUTPUT_FORMAT and TIMEZONE, so another
    user's settings would re-version every snapshot row). Text stays as it is. Null
    stays null. `data_type` is the column's type as the adapter reports it.
-#}
{% macro canonical_text(expr, data_type) -%}
    {{ return(adapter.dispatch('canonical_text', 'mse_health_inequalities')(
        expr, canonical_type_family(data_type))) }}
{%- endmacro %}

{#- The family of a column type, as both engines spell them: timestamp_tz,
    timestamp, date, time, boolean, number or text. -#}
{% macro canonical_type_family(data_type) -%}
    {%- set t = (data_type or '') | lower | trim -%}
    {%- if t.startswith(('timestamp_tz', 'timestamp_ltz', 'timestamptz'))
            or 'with time zone' in t -%}
        {{ return('timestamp_tz') }}
    {%- elif t.startswith(('timestamp', 'datetime')) -%}
        {{ return('timestamp') }}
    {%- elif t == 'date' -%}
        {{ return('date') }}
    {%- elif t.startswith('time') -%}
        {{ return('time') }}
    {%- elif t in ('boolean', 'bool') -%}
        {{ return('boolean') }}
    {%- elif t.startswith(('number', 'decimal', 'numeric', 'int', 'bigint', 'smallint',
            'tinyint', 'hugeint', 'ubigint', 'uinteger', 'usmallint', 'utinyint',
            'float', 'double', 'real', 'byteint')) -%}
        {{ return('number') }}
    {%- else -%}
        {{ return('text') }}
    {%- endif -%}
{%- endmacro %}

{#- true / false on every engine (a cast gives TRUE, 1 or t on some). -#}
{% macro canonical_boolean_text(expr) -%}
    case when {{ expr }} then 'true' when not {{ expr }} then 'false' end
{%- endmacro %}

{% macro default__canonical_text(expr, family) -%}
    {%- if family == 'boolean' -%}
        {{ canonical_boolean_text(expr) }}
    {%- elif family == 'text' -%}
        {{ expr }}
    {%- else -%}
        cast({{ expr }} as {{ dbt.type_string() }})
    {%- endif -%}
{%- endmacro %}

{#- DuckDB has no session output formats, but a time-zone-aware timestamp is shown in
    the session's TimeZone: it is converted to UTC first. -#}
{% macro duckdb__canonical_text(expr, family) -%}
    {%- if family == 'timestamp_tz' -%}
        strftime(timezone('UTC', {{ expr }}), '%Y-%m-%d %H:%M:%S.%f')
    {%- elif family == 'timestamp' -%}
        strftime({{ expr }}, '%Y-%m-%d %H:%M:%S.%f')
    {%- elif family == 'date' -%}
        strftime({{ expr }}, '%Y-%m-%d')
    {%- elif family == 'time' -%}
        strftime(cast('2000-01-01' as date) + {{ expr }}, '%H:%M:%S.%f')
    {%- else -%}
        {{ default__canonical_text(expr, family) }}
    {%- endif -%}
{%- endmacro %}

{#- Snowflake: an explicit format for every type whose text a session parameter could
    change; TM9 is the text-minimal number form, which no parameter changes. -#}
{% macro snowflake__canonical_text(expr, family) -%}
    {%- if family == 'timestamp_tz' -%}
        to_char(convert_timezone('UTC', {{ expr }}), 'YYYY-MM-DD HH24:MI:SS.FF6')
    {%- elif family == 'timestamp' -%}
        to_char({{ expr }}, 'YYYY-MM-DD HH24:MI:SS.FF6')
    {%- elif family == 'date' -%}
        to_char({{ expr }}, 'YYYY-MM-DD')
    {%- elif family == 'time' -%}
        to_char({{ expr }}, 'HH24:MI:SS.FF6')
    {%- elif family == 'number' -%}
        to_char({{ expr }}, 'TM9')
    {%- else -%}
        {{ default__canonical_text(expr, family) }}
    {%- endif -%}
{%- endmacro %}
