{#- The 12 wide ICD-10 diagnosis columns of the inpatient spells in long form:
    one row per spell and position that holds a code (ICD-10 codes without the
    dot, as HES holds them: E11.9 -> E119). -#}
{{ unpivot_inpatient_codes('diagnosis') }}
