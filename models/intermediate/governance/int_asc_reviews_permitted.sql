{{ without_objectors(
    ref('stg_ecc_asc__reviews'), 'asc_person_pseudonym', 'asc_person'
) }}
