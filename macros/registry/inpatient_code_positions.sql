{#-
    The positions of the inpatient feed's repeating clinical code columns, as
    their names spell them: DIAGNOSIS_CODE_01 to _12 and PROCEDURE_CODE_01 to _12.
-#}
{% macro inpatient_code_positions() -%}
    {%- set positions = [] -%}
    {%- for n in range(1, 13) -%}
        {%- do positions.append('%02d' % n) -%}
    {%- endfor -%}
    {{ return(positions) }}
{%- endmacro %}
