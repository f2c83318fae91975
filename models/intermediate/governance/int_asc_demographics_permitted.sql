{{ without_objectors(
    ref('stg_ecc_asc__demographics'), 'asc_person_pseudonym', 'asc_person'
) }}
