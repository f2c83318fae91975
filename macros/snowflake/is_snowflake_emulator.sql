{#- True when dbt runs against the local Snowflake emulator (fakesnow), the profile's
    `snowflake_emulator` target. Every emulator-only override in this folder asks this
    and, on a real Snowflake account, renders exactly what dbt-snowflake renders. -#}
{% macro is_snowflake_emulator() -%}
    {{ return(target.type == 'snowflake' and target.name == 'snowflake_emulator') }}
{%- endmacro %}
