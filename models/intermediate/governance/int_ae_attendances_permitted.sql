{{ permitted_view('mseft', 'ae_attendances') }}
