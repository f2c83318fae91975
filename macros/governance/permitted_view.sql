{#-
    The body of a feed's objection-filtered view (int_*_permitted): its staging
    model without the rows of objectors, matched on the feed's first registry
    person key (registry_person_keys). `staging_model` defaults to the feed's
    staging model (feed_model_names); a staging model derived from a feed (the
    inpatient diagnoses, one row per spell and code) names itself and is filtered
    on its feed's key.
-#}
{% macro permitted_view(source_name, table_name, staging_model=none) -%}
    {%- set relation = ref(staging_model
        or feed_model_names(source_name, table_name).staging_model) -%}
    {%- set key = registry_person_keys(source_name, table_name)[0] -%}
    {{ without_objectors(relation, key.column, key.identity_type) }}
{%- endmacro %}
