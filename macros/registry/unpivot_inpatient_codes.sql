{#-
    The select of a long-form model of the inpatient spells' repeating clinical
    codes: one row per spell and `code_kind` position (diagnosis or procedure,
    01 to 12) that holds a code. Columns: source_row (the spell),
    nhs_number_pseudonym, <kind>_position, is_primary_<kind>,
    <kind>_code_as_recorded, <kind>_code (the dot removed, as HES holds codes),
    <kind>_category_code (the first three characters) and dq_invalid_code (the
    code does not match the registry's pattern for the <kind> columns).
-#}
{% macro unpivot_inpatient_codes(code_kind) -%}
    {%- if code_kind not in ('diagnosis', 'procedure') -%}
        {{ exceptions.raise_compiler_error(
            "unpivot_inpatient_codes: code_kind is diagnosis or procedure, not "
            ~ code_kind) }}
    {%- endif -%}
    {%- set pattern = registry_column_meta(
        'mseft', 'inpatient_spells', code_kind ~ '_code_01').get('pattern', '') -%}
with

spells as (
    select * from {{ ref('stg_mseft__inpatient_spells') }}
),

unpivoted as (
    {%- for position in inpatient_code_positions() %}
    select
        source_row,
        nhs_number_pseudonym,
        {{ position | int }} as {{ code_kind }}_position,
        {{ code_kind }}_code_{{ position }} as {{ code_kind }}_code_as_recorded
    from spells
    where {{ code_kind }}_code_{{ position }} is not null
    {{- '\n    union all' if not loop.last }}
    {%- endfor %}
),

coded as (
    select
        source_row,
        nhs_number_pseudonym,
        {{ code_kind }}_position,
        {{ code_kind }}_position = 1 as is_primary_{{ code_kind }},
        {{ code_kind }}_code_as_recorded,
        replace({{ code_kind }}_code_as_recorded, '.', '') as {{ code_kind }}_code,
        left({{ code_kind }}_code_as_recorded, 3)
            as {{ code_kind }}_category_code,
        not coalesce({{ regex_full_match(
            code_kind ~ '_code_as_recorded', pattern or '.*') }}, false)
            as dq_invalid_code
    from unpivoted
)

select * from coded
{%- endmacro %}
