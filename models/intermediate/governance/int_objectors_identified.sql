{#- Ephemeral on purpose: the objectors' pseudonyms are never written to a
    table; they exist only inside the queries that remove them. -#}
{{ config(materialized='ephemeral') }}

with

objections as (
    select distinct nhs_number_pseudonym
    from {{ ref('stg_governance__objections') }}
    where nhs_number_pseudonym is not null
),

objectors_social_care_records as (
    -- an objector's social care case records, found through their NHS ID
    select distinct demographics.asc_person_pseudonym
    from {{ ref('stg_ecc_asc__demographics') }} as demographics
    inner join objections
        on demographics.nhs_number_pseudonym = objections.nhs_number_pseudonym
    where demographics.asc_person_pseudonym is not null
)

select
    'nhs_number' as identity_type,
    nhs_number_pseudonym as pseudonym
from objections

union all

select
    'asc_person' as identity_type,
    asc_person_pseudonym as pseudonym
from objectors_social_care_records
