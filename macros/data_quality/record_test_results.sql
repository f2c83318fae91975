{#-
    on-run-end hook: replace data_quality.dq_test_results with one row per data
    test of this run (name, model tested, severity, status, failing rows), so
    data-quality results can be queried like any table without storing a failing
    row's values (store_failures is off). A run without data tests leaves the
    table as it was. Also drops the `test_failures` schema, where versions before
    this one stored failing rows, person-level values included.
-#}
{% macro record_test_results(results) -%}
    {%- if execute -%}
        {%- set legacy = api.Relation.create(
            database=target.database, schema=generate_schema_name('test_failures', none)) -%}
        {%- do adapter.drop_schema(legacy) -%}
        {%- set rows = [] -%}
        {%- for result in results if result.node.resource_type == 'test' -%}
            {%- set tested = result.node.attached_node or '' -%}
            {%- do rows.append([
                result.node.name | replace("'", "''"),
                tested.split('.')[-1] if tested else '',
                result.node.config.severity | lower,
                result.status | string,
                result.failures if result.failures is not none else 'null',
            ]) -%}
        {%- endfor -%}
        {%- if rows -%}
            {%- set relation = api.Relation.create(
                database=target.database,
                schema=generate_schema_name('data_quality', none),
                identifier='dq_test_results') -%}
            {%- do adapter.create_schema(relation) -%}
            {%- set query -%}
create or replace table {{ relation }} as
select
    cast(test_name as {{ dbt.type_string() }}) as test_name,
    cast(tested_model as {{ dbt.type_string() }}) as tested_model,
    cast(severity as {{ dbt.type_string() }}) as severity,
    cast(status as {{ dbt.type_string() }}) as status,
    cast(failures as {{ dbt.type_bigint() }}) as failures
from (
    values
    {%- for row in rows %}
    ('{{ row[0] }}', '{{ row[1] }}', '{{ row[2] }}', '{{ row[3] }}', {{ row[4] }})
    {{- ',' if not loop.last }}
    {%- endfor %}
) as results (test_name, tested_model, severity, status, failures)
            {%- endset -%}
            {%- do run_query(query) -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
