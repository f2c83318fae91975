{{ permitted_view('ecc', 'sensory_impairment') }}
