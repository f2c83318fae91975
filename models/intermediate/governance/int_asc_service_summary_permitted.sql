{{ without_objectors(
    ref('stg_ecc_asc__service_summary'), 'asc_person_pseudonym', 'asc_person'
) }}
