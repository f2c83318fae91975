{#- Health conditions (names of the protocol's HEALTH_CONDITION_TYPE table) that put a
    person in the marts' learning_disability, autism or dementia vulnerable group. -#}
{% macro is_learning_disability_condition(condition_expr) -%}
    ({{ condition_expr }} in (
        'Learning Disability',
        'Other Learning, Developmental or Intellectual Disability',
        'Down''s Syndrome'
    ))
{%- endmacro %}

{% macro is_dementia_condition(condition_expr) -%}
    ({{ condition_expr }} in (
        'Dementia', 'Alzheimers', 'Lewy Body Dementia', 'Mixed Dementia',
        'Korsakoff''s Dementia'
    ))
{%- endmacro %}

{% macro is_autism_condition(condition_expr) -%}
    ({{ condition_expr }} in (
        'Autism (excluding Asperger Syndrome / High Functioning Autism)',
        'Aspergers Syndrome / Autism',
        'Autism (ASD- Autistic Spectrum Disorder)',
        'Diagnosed with Asperger''s Syndrome / Autism',
        'Aspergers'
    ))
{%- endmacro %}
