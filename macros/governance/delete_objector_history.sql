{#-
    Post-hook of the snapshots: delete every version, past or current, of anyone
    whose objection stands in the objection register. The snapshots read the
    objection-filtered views, so no new version of an objector is written; this
    removes what earlier runs wrote before the person objected, whether or not
    the person is in the latest delivery. A row goes when its NHS number
    pseudonym is an objector's; with `social_care_key` (a snapshot keyed on the
    social care Person ID), also when its Person ID is an objector's, or belonged,
    in any version, to a row with an objector's NHS number (a record whose NHS ID
    was blanked later).
-#}
{% macro delete_objector_history(social_care_key=false) -%}
delete from {{ this }}
where
    nhs_number_pseudonym in ({{ objector_nhs_numbers() }})
    {%- if social_care_key %}
    or asc_person_pseudonym in ({{ objector_asc_persons() }})
    or asc_person_pseudonym in (
        select history.asc_person_pseudonym
        from {{ this }} as history
        where history.nhs_number_pseudonym in ({{ objector_nhs_numbers() }})
    )
    {%- endif %}
{%- endmacro %}
