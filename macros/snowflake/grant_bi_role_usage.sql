{#- on-run-end hook (Snowflake): the BI role named by SNOWFLAKE_BI_ROLE may use the
    schema(s) of the models granted to it (the research-question marts), and nothing
    more: dbt's `grants` config gives it SELECT on those tables only. dbt creates those
    schemas, so the transformer role owns them and may grant usage on them. USAGE on the
    database is not granted here: the transformer role does not own the database, so it
    is a one-time administrator step (docs/snowflake.md), which `hi preflight` checks.
    No role, or another engine: nothing. On the emulator the statements are logged, not
    run (it has no GRANT). -#}
{% macro grant_bi_role_usage() -%}
    {%- set role = env_var('SNOWFLAKE_BI_ROLE', '') | trim -%}
    {%- if execute and target.type == 'snowflake' and role -%}
        {%- set statements = [] -%}
        {%- for node in graph.nodes.values()
                if node.resource_type == 'model' and node.config.grants -%}
            {%- set statement = 'grant usage on schema ' ~ node.database ~ '.'
                ~ node.schema ~ ' to role ' ~ role -%}
            {%- if statement not in statements -%}
                {%- do statements.append(statement) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- for statement in statements -%}
            {%- if is_snowflake_emulator() -%}
                {{ log('emulator skipped DCL: ' ~ statement, info=True) }}
            {%- else -%}
                {%- do run_query(statement) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
