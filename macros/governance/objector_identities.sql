{#-
    Who must be removed, one definition read by every objection filter, the
    snapshot purge and the no_objector_pseudonyms test:
    - objector_nhs_numbers(): the NHS number pseudonyms whose objection stands in
      the objection register (stg_governance__objection_register: every drop's
      objections.csv until withdrawn);
    - objector_asc_persons(): the social care Person IDs of the demographics
      records whose NHS ID is one of them;
    - objector_identities(): both, as (identity_type, pseudonym), the body of the
      ephemeral int_objectors_identified.
    The hospital feeds' filters read only the first, so their lineage does not run
    through the social care feeds (a partner's withdrawal removes what is derived
    from its feeds, and nothing else).
-#}
{% macro objector_nhs_numbers() -%}
select distinct nhs_number_pseudonym as pseudonym
from {{ ref('stg_governance__objection_register') }}
{%- endmacro %}

{% macro objector_asc_persons() -%}
select distinct demographics.asc_person_pseudonym as pseudonym
from {{ ref('stg_ecc_asc__demographics') }} as demographics
inner join {{ ref('stg_governance__objection_register') }} as objections
    on demographics.nhs_number_pseudonym = objections.nhs_number_pseudonym
where demographics.asc_person_pseudonym is not null
{%- endmacro %}

{% macro objector_identities() -%}
select 'nhs_number' as identity_type, pseudonym
from ({{ objector_nhs_numbers() }}) as nhs_numbers
union all
select 'asc_person' as identity_type, pseudonym
from ({{ objector_asc_persons() }}) as asc_persons
{%- endmacro %}
