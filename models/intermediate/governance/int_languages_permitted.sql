{{ permitted_view('ecc', 'languages') }}
