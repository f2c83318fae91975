{#-
    NHS Data Dictionary PERSON STATED GENDER CODE from the sex or gender a feed
    records: 1 Male, 2 Female, 9 Indeterminate (unable to be classified as either
    male or female), X Not Known (not recorded). Codes and words are both read,
    in any case: 1/M/MALE, 2/F/FEMALE, 9/I/INDETERMINATE; a blank, 0 (the older
    PERSON GENDER CODE's "not known"), U, X, UNKNOWN, NOT KNOWN and
    NOT SPECIFIED give X. Anything else also gives X (the person's sex is not
    known from the record); `is_recognised_sex` tells the two cases apart.
-#}
{% macro normalise_sex_code(expr) -%}
    {{ return(adapter.dispatch('normalise_sex_code', 'mse_health_inequalities')(expr)) }}
{%- endmacro %}

{% macro default__normalise_sex_code(expr) -%}
    case upper({{ trim_to_null(expr) }})
        when '1' then '1'
        when 'M' then '1'
        when 'MALE' then '1'
        when '2' then '2'
        when 'F' then '2'
        when 'FEMALE' then '2'
        when '9' then '9'
        when 'I' then '9'
        when 'INDETERMINATE' then '9'
        else 'X'
    end
{%- endmacro %}
