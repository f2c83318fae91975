{#-
    True when the ICD-10 code `code_expr` is in chapter XV, pregnancy, childbirth and
    the puerperium (O00-O99): the obstetric exclusion of the 30-day readmission
    indicator.
-#}
{% macro is_obstetric_diagnosis(code_expr) -%}
    coalesce(left({{ code_expr }}, 3) between 'O00' and 'O99', false)
{%- endmacro %}
