{{ permitted_view('ecc_asc', 'reviews') }}
