{#- The 12 wide OPCS-4 procedure columns of the inpatient spells in long form:
    one row per spell and position that holds a code (OPCS-4 codes without the
    dot, as HES holds them: W40.1 -> W401). -#}
{{ unpivot_inpatient_codes('procedure') }}
