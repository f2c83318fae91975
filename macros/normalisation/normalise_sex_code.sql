{#-
    NHS Data Dictionary PERSON STATED GENDER CODE from the sex or gender a feed
    records: 1 Male, 2 Female, 9 Indeterminate (unable to be classified as either
    male or female), X Not Known (not recorded). Codes and words are both read,
    in any case: 1/M/MALE, 2/F/FEMALE, 9/I/INDETERMINATE; a blank, 0 (the older
    PERSON GENDER CODE's "not known"), U, X, UNKNOWN, NOT KNOWN and
    NOT SPECIFIED give X (the registry's `sex` codes, var registry_types).
    Anything else also gives X (the person's sex is not
    known from the record); `is_recognised_sex` tells the two cases apart.
-#}
{% macro normalise_sex_code(expr) -%}
    {{ return(adapter.dispatch('normalise_sex_code', 'mse_health_inequalities')(expr)) }}
{%- endmacro %}

{% macro default__normalise_sex_code(expr) -%}
    case
        {%- for code in registry_type('sex')['codes'] if code != 'X' %}
        when upper({{ trim_to_null(expr) }}) in (
            {{ registry_type_words('sex', code) | join(', ') }}) then '{{ code }}'
        {%- endfor %}
        else 'X'
    end
{%- endmacro %}
