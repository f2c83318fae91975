{{ permitted_view('ecc_asc', 'service_summary') }}
