{{ without_objectors(
    ref('stg_mseft__inpatient_spells'), 'nhs_number_pseudonym', 'nhs_number'
) }}
