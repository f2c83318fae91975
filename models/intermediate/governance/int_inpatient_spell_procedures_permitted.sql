{{ without_objectors(
    ref('stg_mseft__inpatient_spell_procedures'),
    'nhs_number_pseudonym',
    'nhs_number'
) }}
