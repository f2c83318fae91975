{#- True when the local authority district code is one of the 12 districts for which
    Essex County Council is the social care authority (E07000066 to E07000077);
    Southend-on-Sea (E06000033) and Thurrock (E06000034) are unitary authorities with
    their own social care. -#}
{% macro ecc_district_codes() -%}
    {%- set codes = [] -%}
    {%- for n in range(66, 78) -%}
        {%- do codes.append('E070000' ~ n) -%}
    {%- endfor -%}
    {{ return(codes) }}
{%- endmacro %}

{% macro is_ecc_district(lad_code_expr) -%}
    coalesce({{ lad_code_expr }} in (
        {%- for code in ecc_district_codes() -%}
            '{{ code }}'{{ ', ' if not loop.last }}
        {%- endfor -%}
    ), false)
{%- endmacro %}
