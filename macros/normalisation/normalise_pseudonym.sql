{#-
    A pseudonym as the linkage compares it: surrounding white space removed and
    upper-cased (the hospital and social care pseudonyms come from the same keyed
    pseudonymisation and match once normalised); null when blank.
-#}
{% macro normalise_pseudonym(expr) -%}
    {{ return(adapter.dispatch('normalise_pseudonym', 'mse_health_inequalities')(expr)) }}
{%- endmacro %}

{% macro default__normalise_pseudonym(expr) -%}
    upper({{ trim_to_null(expr) }})
{%- endmacro %}
