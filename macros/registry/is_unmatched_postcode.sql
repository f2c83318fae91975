{#-
    True when `postcode_expr` (a postcode in pcds form, as `normalise_postcode`
    returns it) is present but not in the ONS postcode lookup of the area
    (stg_reference__postcode_lsoa21); false otherwise. The staging models'
    `dq_unmatched_postcode`.
-#}
{% macro is_unmatched_postcode(postcode_expr) -%}
    coalesce(
        {{ postcode_expr }} is not null
        and {{ postcode_expr }} not in (
            select area_postcodes.postcode
            from {{ ref('stg_reference__postcode_lsoa21') }} as area_postcodes
            where area_postcodes.postcode is not null
        ),
        false
    )
{%- endmacro %}
