{#-
    True when the ICD-10 code `code_expr` (with or without its dot) is a malignant
    neoplasm, C00-C97 (ICD-10 chapter II without the in situ, benign and uncertain
    neoplasms D00-D48): the cancer exclusion of the 30-day readmission indicator.
-#}
{% macro is_malignant_neoplasm(code_expr) -%}
    coalesce(left({{ code_expr }}, 3) between 'C00' and 'C97', false)
{%- endmacro %}
