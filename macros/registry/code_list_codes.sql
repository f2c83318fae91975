{#-
    A subquery returning the codes (one column, `code`) of one of the project's
    reference code lists: `ethnic_category` and `health_condition_types` are seeds
    of their own; any other name is a code_type of the nhs_data_dictionary_codes
    seed. The registry's `code_list` meta names these lists.
-#}
{% macro code_list_codes(code_list) -%}
    {%- if code_list == 'ethnic_category' -%}
        select ethnic_category_code as code from {{ ref('ethnic_category') }}
    {%- elif code_list == 'health_condition_types' -%}
        select health_condition_type as code
        from {{ ref('health_condition_types') }}
    {%- else -%}
        select code from {{ ref('nhs_data_dictionary_codes') }}
        where code_type = '{{ code_list }}'
    {%- endif -%}
{%- endmacro %}
