{{ without_objectors(
    ref('stg_ecc__sensory_impairment'), 'asc_person_pseudonym', 'asc_person'
) }}
