{{ permitted_view('mseft', 'waiting_list') }}
