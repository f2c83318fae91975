{{ permitted_view(
    'mseft', 'inpatient_spells', 'stg_mseft__inpatient_spell_diagnoses'
) }}
