{{ permitted_view('mseft', 'inpatient_spells') }}
