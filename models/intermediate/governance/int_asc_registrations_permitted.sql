{{ permitted_view('ecc_asc', 'registrations') }}
