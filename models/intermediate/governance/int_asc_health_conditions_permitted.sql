{{ permitted_view('ecc_asc', 'health_conditions') }}
