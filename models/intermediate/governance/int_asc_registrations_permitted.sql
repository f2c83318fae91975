{{ without_objectors(
    ref('stg_ecc_asc__registrations'), 'asc_person_pseudonym', 'asc_person'
) }}
