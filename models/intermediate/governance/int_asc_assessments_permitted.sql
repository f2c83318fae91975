{{ permitted_view('ecc_asc', 'assessments') }}
