{{ without_objectors(
    ref('stg_ecc_asc__services'), 'asc_person_pseudonym', 'asc_person'
) }}
