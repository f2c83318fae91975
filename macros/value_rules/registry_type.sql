{#-
    The registry's rule for a column type (`registry_types` in the vars of
    dbt_project.yml): {pattern, words, codes, upper, without_spaces, expects}.
    `hi validate` reads the same definition (python_helpers/value_rules.py).
-#}
{% macro registry_type(type_name) -%}
    {%- set rule = var('registry_types').get(type_name) -%}
    {%- if rule is none -%}
        {{ exceptions.raise_compiler_error(
            "registry_type: no type " ~ type_name ~ " in var registry_types") }}
    {%- endif -%}
    {{ return(rule) }}
{%- endmacro %}


{#- The type's pattern as one regular expression (its alternatives grouped; the
    datetime's {date} replaced by the date pattern), for regex_full_match. -#}
{% macro registry_type_pattern(type_name) -%}
    {%- set pattern = '(' ~ registry_type(type_name)['pattern'] | join('|') ~ ')' -%}
    {%- if '{date}' in pattern -%}
        {%- set pattern = pattern | replace('{date}', registry_type_pattern('date')) -%}
    {%- endif -%}
    {{ return(pattern) }}
{%- endmacro %}


{#- The words (upper case, quoted SQL literals) of a flag or sex type that map to
    `value` (all of them when `value` is none). -#}
{% macro registry_type_words(type_name, value=none) -%}
    {%- set rule = registry_type(type_name) -%}
    {%- set words = [] -%}
    {%- if 'words' in rule -%}
        {%- for word, meaning in rule['words'].items() -%}
            {%- if value is none or meaning == value -%}
                {%- do words.append("'" ~ word ~ "'") -%}
            {%- endif -%}
        {%- endfor -%}
    {%- else -%}
        {%- for code, spellings in rule['codes'].items() -%}
            {%- if value is none or code == value -%}
                {%- for word in spellings -%}
                    {%- do words.append("'" ~ word ~ "'") -%}
                {%- endfor -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(words) }}
{%- endmacro %}
