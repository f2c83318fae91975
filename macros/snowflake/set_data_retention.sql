{#- Post-hook (Snowflake): pin the table's Time Travel retention to the node's
    `data_retention_time_in_days` config, so that what it keeps of replaced and deleted
    rows (an objector's purged history included) is a deliberate number, not whatever the
    account or database default is. dbt-snowflake applies that config to Iceberg tables
    only. Nothing without the config or on another engine; logged, not run, on the
    emulator (it has no ALTER TABLE ... SET). -#}
{% macro set_data_retention() -%}
    {%- set days = config.get('data_retention_time_in_days') -%}
    {#- not while parsing, when neither the config nor `this` is the node's yet -#}
    {%- if execute and target.type == 'snowflake' and days is not none -%}
        {%- set statement = 'alter table ' ~ this ~ ' set data_retention_time_in_days = '
            ~ (days | int) -%}
        {%- if is_snowflake_emulator() -%}
            {{ log('emulator skipped DDL: ' ~ statement, info=True) }}
        {%- else -%}
            {{ statement }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
