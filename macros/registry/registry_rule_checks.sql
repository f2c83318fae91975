{#-
    The data-quality checks the feed registry implies for one source table: a list
    of {column, header, rule, expects, failed, masked} where `failed` is a SQL
    boolean over the raw (all-text) columns (qualified with `relation_alias` when
    given), true when the row breaks the rule for that column (it may hold a window
    function: use it in a select list). Rules,
    one per kind of defect (`registry_dq_rules()` lists them in this order):

      missing_required   a `not_null` column is blank
      duplicate_key      a `unique` column repeats a value of an earlier row
      invalid_date       a `date` is not a real dd/mm/yyyy date, a `datetime` not a
                         real dd/mm/yyyy hh:mm[:ss]
      invalid_number     an `integer` / `decimal` value is not a number
      below_minimum      a number below the column's `min`
      above_maximum      a number above the column's `max`
      invalid_flag       a `flag` is not Y/N (Yes/No, True/False, 1/0, any case)
      invalid_sex        a `sex` value is not a sex or gender code or word
      unknown_sex        a `sex` value is blank or says not known (0, U, X,
                         Unknown, Not known, Not specified)
      invalid_postcode   a `postcode` does not have the shape of a full postcode
      missing_postcode   a `postcode` is blank
      invalid_pseudonym  a `pseudonym` is not 64 hexadecimal characters
      invalid_code       a value outside `accepted_values` or the `code_list`, or
                         not matching the column's `pattern`

    The staging models turn each rule into a `dq_<rule>` row flag and the source
    test `conforms_to_registry` lists every failing value; both read this macro,
    so neither restates the registry. The types' shapes, words and `expects` and
    the masked types are the vars of dbt_project.yml that `hi validate` reads too.
-#}
{% macro registry_rule_checks(source_name, table_name, relation_alias=none) -%}
    {%- set checks = [] -%}
    {%- for column in registry_columns(source_name, table_name) -%}
        {%- for check in registry_column_checks(
            column.name, column.meta, relation_alias) -%}
            {%- do checks.append(check) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(checks) }}
{%- endmacro %}


{% macro registry_dq_rules() -%}
    {{ return([
        'missing_required', 'duplicate_key', 'invalid_date', 'invalid_number',
        'below_minimum', 'above_maximum', 'invalid_flag', 'invalid_sex',
        'unknown_sex', 'invalid_postcode', 'missing_postcode',
        'invalid_pseudonym', 'invalid_code',
    ]) }}
{%- endmacro %}


{#- The checks of one raw column `name` with registry meta `meta`, its columns
    qualified with `relation_alias` when one is given. -#}
{% macro registry_column_checks(name, meta, relation_alias=none) -%}
    {%- set prefix = relation_alias ~ '.' if relation_alias else '' -%}
    {%- set column = prefix ~ quote_column(name) -%}
    {%- set value = trim_to_null(column) -%}
    {%- set type = meta.get('type', 'text') -%}
    {%- set checks = [] -%}
    {%- set header = meta.get('header', name) -%}

    {%- if meta.get('not_null') -%}
        {%- do checks.append({'rule': 'missing_required', 'expects': 'a value',
            'failed': value ~ ' is null'}) -%}
    {%- endif -%}
    {%- if meta.get('unique') -%}
        {%- do checks.append({'rule': 'duplicate_key',
            'expects': 'no value repeated',
            'failed': value ~ ' is not null and row_number() over (partition by '
                ~ value ~ ' order by ' ~ prefix ~ '_source_row) > 1'}) -%}
    {%- endif -%}

    {%- if type in ('date', 'datetime') -%}
        {%- set typed = to_date_ddmmyyyy(column) if type == 'date'
            else to_timestamp_ddmmyyyy(column) -%}
        {%- do checks.append({'rule': 'invalid_date',
            'expects': registry_type(type)['expects'],
            'failed': value ~ ' is not null and ' ~ typed ~ ' is null'}) -%}
    {%- elif type in ('integer', 'decimal') -%}
        {%- set typed = to_integer(column) if type == 'integer'
            else to_decimal(column, 4) -%}
        {%- do checks.append({'rule': 'invalid_number',
            'expects': registry_type(type)['expects'],
            'failed': value ~ ' is not null and ' ~ typed ~ ' is null'}) -%}
        {%- if meta.get('min') is not none -%}
            {%- do checks.append({'rule': 'below_minimum',
                'expects': 'at least ' ~ meta['min'],
                'failed': typed ~ ' < ' ~ meta['min']}) -%}
        {%- endif -%}
        {%- if meta.get('max') is not none -%}
            {%- do checks.append({'rule': 'above_maximum',
                'expects': 'at most ' ~ meta['max'],
                'failed': typed ~ ' > ' ~ meta['max']}) -%}
        {%- endif -%}
    {%- elif type == 'flag' -%}
        {%- do checks.append({'rule': 'invalid_flag',
            'expects': registry_type(type)['expects'],
            'failed': value ~ ' is not null and ' ~ yn_to_boolean(column)
                ~ ' is null'}) -%}
    {%- elif type == 'sex' -%}
        {%- do checks.append({'rule': 'invalid_sex',
            'expects': registry_type(type)['expects'],
            'failed': 'not ' ~ is_recognised_sex(column)}) -%}
        {%- do checks.append({'rule': 'unknown_sex',
            'expects': 'a known sex (1/2/9, M/F/I, Male/Female/Indeterminate)',
            'failed': is_recognised_sex(column) ~ " and "
                ~ normalise_sex_code(column) ~ " = 'X'"}) -%}
    {%- elif type == 'postcode' -%}
        {%- do checks.append({'rule': 'invalid_postcode',
            'expects': registry_type(type)['expects'],
            'failed': value ~ ' is not null and ' ~ normalise_postcode(column)
                ~ ' is null'}) -%}
        {%- do checks.append({'rule': 'missing_postcode',
            'expects': 'a postcode', 'failed': value ~ ' is null'}) -%}
    {%- elif type == 'pseudonym' -%}
        {%- do checks.append({'rule': 'invalid_pseudonym',
            'expects': registry_type(type)['expects'],
            'failed': value ~ ' is not null and not ' ~ regex_full_match(
                normalise_pseudonym(column), registry_type_pattern(type))}) -%}
    {%- endif -%}

    {%- set code = normalise_code(column) if type == 'code' else value -%}
    {%- if meta.get('accepted_values') -%}
        {%- set quoted = [] -%}
        {%- for v in meta['accepted_values'] -%}
            {%- do quoted.append("'" ~ (v | string | replace("'", "''")) ~ "'") -%}
        {%- endfor -%}
        {%- do checks.append({'rule': 'invalid_code',
            'expects': 'one of ' ~ meta['accepted_values'] | join(', '),
            'failed': code ~ ' not in (' ~ quoted | join(', ') ~ ')'}) -%}
    {%- endif -%}
    {%- if meta.get('code_list') -%}
        {%- do checks.append({'rule': 'invalid_code',
            'expects': 'a code of ' ~ meta['code_list'],
            'failed': code ~ ' not in (' ~ code_list_codes(meta['code_list'])
                ~ ')'}) -%}
    {%- endif -%}
    {%- if meta.get('pattern') -%}
        {%- do checks.append({'rule': 'invalid_code',
            'expects': 'the pattern ' ~ meta['pattern'],
            'failed': 'not ' ~ regex_full_match(code, meta['pattern'])}) -%}
    {%- endif -%}

    {%- for check in checks -%}
        {%- do check.update({'column': name, 'header': header,
            'masked': type in var('masked_types')}) -%}
    {%- endfor -%}
    {{ return(checks) }}
{%- endmacro %}
