{{ without_objectors(
    ref('stg_mseft__ae_attendances'), 'nhs_number_pseudonym', 'nhs_number'
) }}
