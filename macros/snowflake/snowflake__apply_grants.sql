{#- Emulator only: the emulator has no GRANT or SHOW GRANTS, so the statements dbt would
    run for a model's `grants` config are written to the log ("emulator skipped DCL: ...",
    which test_snowflake reads) instead of run. On Snowflake: dbt's own grants, revoking
    what the config does not name when the table is rebuilt with copy_grants. -#}
{% macro snowflake__apply_grants(relation, grant_config, should_revoke=True) -%}
    {%- if is_snowflake_emulator() -%}
        {%- if grant_config -%}
            {%- for statement in get_dcl_statement_list(relation, grant_config, get_grant_sql) -%}
                {{ log('emulator skipped DCL: ' ~ statement | trim, info=True) }}
            {%- endfor -%}
        {%- endif -%}
    {%- else -%}
        {{ return(dbt.default__apply_grants(relation, grant_config, should_revoke)) }}
    {%- endif -%}
{%- endmacro %}
