{#-
    Post-hook of the snapshots: delete every version, past or current, of anyone
    whose objection stands in the objection register. The snapshots read the
    objection-filtered views, so no new version of an objector is written; this
    removes what earlier runs wrote before the person objected, whether or not
    the person is in the latest delivery. A row goes when any of the person keys
    of its feed (the registry's `person_keys`: registry_person_keys) is an
    objector's; a snapshot that carries both keys also loses the social care
    Person IDs that belonged, in any version, to a row with an objector's NHS
    number (a record whose NHS ID was blanked later).
-#}
{% macro delete_objector_history(source_name, table_name) -%}
    {%- set keys = registry_person_keys(source_name, table_name) -%}
    {%- set identity_types = keys | map(attribute='identity_type') | list -%}
delete from {{ this }}
where
    {%- for key in keys %}
    {{ 'or ' if not loop.first }}{{ key.column }} in ({{
        objector_nhs_numbers() if key.identity_type == 'nhs_number'
        else objector_asc_persons() }})
    {%- endfor %}
    {%- if 'nhs_number' in identity_types and 'asc_person' in identity_types %}
    or asc_person_pseudonym in (
        select history.asc_person_pseudonym
        from {{ this }} as history
        where history.nhs_number_pseudonym in ({{ objector_nhs_numbers() }})
    )
    {%- endif %}
{%- endmacro %}
