{#- The hospital services the research-question marts report on, in display
    order: ae, inpatient, waiting_list and any (a patient of at least one of
    the three), so that every mart lists every service even when a feed is
    empty. No person-level data. -#}
{%- set services = [
    ('ae', 'A&E attendances (mseft_ae_attendances)'),
    ('inpatient', 'Inpatient spells (mseft_inpatient_spells)'),
    ('waiting_list', 'Waiting-list pathways at the snapshot (mseft_waiting_list)'),
    ('any', 'Any of the three services'),
] -%}
with

services as (
    {%- for service, description in services %}
        select
            '{{ service }}' as service,
            {{ loop.index }} as service_order,
            '{{ description }}' as service_description
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
)

select
    cast(service as {{ dbt.type_string() }}) as service,
    cast(service_order as integer) as service_order,
    cast(service_description as {{ dbt.type_string() }}) as service_description
from services
