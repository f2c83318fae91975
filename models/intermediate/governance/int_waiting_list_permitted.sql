{{ without_objectors(
    ref('stg_mseft__waiting_list'), 'nhs_number_pseudonym', 'nhs_number'
) }}
