{#-
    Post-hook of the snapshots: delete every version, past or current, of a person who
    is on the current objections file. The snapshots read the objection-filtered views,
    so no new version of an objector is written; this removes what earlier runs wrote
    before the person objected. An objector is a key found in `staging_model` (every
    delivered row) but not in `permitted_model` (objectors removed).
-#}
{% macro delete_objector_history(key_column, staging_model, permitted_model) -%}
delete from {{ this }}
where {{ key_column }} in (
    select {{ key_column }} from {{ ref(staging_model) }}
    where {{ key_column }} is not null
    except
    select {{ key_column }} from {{ ref(permitted_model) }}
)
{%- endmacro %}
