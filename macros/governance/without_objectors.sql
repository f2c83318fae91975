{#-
    The rows of `relation` that belong to no objector: the one filter through which
    every person-level feed passes before any join (the `*_permitted` models).
    `pseudonym_column` holds the person's normalised pseudonym; `identity_type` says
    which kind: `nhs_number` (hospital NHS number pseudonym) or `asc_person` (social
    care Mosaic person pseudonym); the objectors of that kind come from
    objector_identities.sql. Rows with no pseudonym are kept: they cannot belong to
    an objector, and staging flags them.
-#}
{% macro without_objectors(relation, pseudonym_column, identity_type) -%}
    {%- if identity_type == 'nhs_number' -%}
        {%- set objectors = objector_nhs_numbers() -%}
    {%- elif identity_type == 'asc_person' -%}
        {%- set objectors = objector_asc_persons() -%}
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "without_objectors: identity_type must be 'nhs_number' or 'asc_person', got '"
            ~ identity_type ~ "'") }}
    {%- endif -%}
select records.*
from {{ relation }} as records
where not exists (
    select 1
    from ({{ objectors }}) as objectors
    where objectors.pseudonym = records.{{ pseudonym_column }}
)
{%- endmacro %}
