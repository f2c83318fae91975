{{ permitted_view('ecc_asc', 'services') }}
