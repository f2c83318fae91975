{#-
    The patient columns that the hospital activity feeds (A&E attendances and
    inpatient spells) both carry, each under its own raw header, normalised alike:
    NHS number pseudonym, sex, age, postcode, GP practice and commissioner. The
    arguments name the raw columns that differ between the two feeds.
-#}
{% macro hospital_patient_columns(sex, age, postcode, gp_practice) -%}
    {{ normalise_pseudonym('nhs_number') }} as nhs_number_pseudonym,
    {{ normalise_sex_code(sex) }} as sex_code,
    {{ sex_label(normalise_sex_code(sex)) }} as sex,
    {{ to_integer(age) }} as age_years,
    {{ normalise_postcode(postcode) }} as postcode,
    {{ normalise_code(gp_practice) }} as gp_practice_code,
    {{ normalise_code('commissioner_code') }} as commissioner_code
{%- endmacro %}
