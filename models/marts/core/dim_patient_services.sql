{#- The services each hospital person used: one row per person and service,
    for ae, inpatient and waiting_list (each service the person appears in)
    and any (every person: in at least one of the three). The research-
    question marts count patients per service from here. Restricted: person-
    level, not for publication. -#}
{%- set services = {
    'ae': 'is_ae_patient',
    'inpatient': 'is_inpatient',
    'waiting_list': 'is_waiting_list_patient',
} -%}
with

patients as (
    select * from {{ ref('dim_patient') }}
),

services as (
    {%- for service, flag in services.items() %}
        select
            nhs_number_pseudonym,
            '{{ service }}' as service
        from patients
        where {{ flag }}

        union all
    {%- endfor %}

    select
        nhs_number_pseudonym,
        'any' as service
    from patients
)

select
    nhs_number_pseudonym,
    cast(service as {{ dbt.type_string() }}) as service
from services
