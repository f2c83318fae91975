{{ permitted_view('ecc_asc', 'demographics') }}
