{{ without_objectors(
    ref('stg_ecc_asc__health_conditions'), 'asc_person_pseudonym', 'asc_person'
) }}
