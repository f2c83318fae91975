{{ without_objectors(
    ref('stg_ecc_asc__assessments'), 'asc_person_pseudonym', 'asc_person'
) }}
