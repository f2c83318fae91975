{{ without_objectors(
    ref('stg_ecc__languages'), 'asc_person_pseudonym', 'asc_person'
) }}
