{#-
    Student's t quantile t(0.975, df) for a two-sided 95% interval, as an SQL
    expression of the degrees of freedom `df_expr` (null below 1). Neither engine
    has a t quantile function, so degrees of freedom 1 to 30 read a table of
    exact values (scipy.stats.t.ppf, 9 decimals) and larger ones use the
    Cornish-Fisher expansion in 1/df to the fourth order (Abramowitz & Stegun
    26.7.5), which is within 3e-8 of the exact value from df 30 on.
-#}
{% macro t_quantile_975(df_expr) -%}
    {%- set exact = [
        12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836,
        2.446911851, 2.364624252, 2.306004135, 2.262157163, 2.228138852,
        2.200985160, 2.178812830, 2.160368656, 2.144786688, 2.131449546,
        2.119905299, 2.109815578, 2.100922040, 2.093024054, 2.085963447,
        2.079613845, 2.073873068, 2.068657610, 2.063898562, 2.059538553,
        2.055529439, 2.051830516, 2.048407142, 2.045229642, 2.042272456
    ] -%}
    {%- set z = z_95() | float -%}
    {#- Coefficients g1..g4 of the expansion z + g1/df + g2/df^2 + ..., at z. -#}
    {%- set g1 = (z ** 3 + z) / 4 -%}
    {%- set g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96 -%}
    {%- set g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384 -%}
    {%- set g4 = (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3
        - 945 * z) / 92160 -%}
    {%- set df = to_double(df_expr) -%}
    case
        when {{ df_expr }} < 1 then null
        {%- for value in exact %}
        when {{ df_expr }} = {{ loop.index }} then {{ value }}
        {%- endfor %}
        when {{ df_expr }} > {{ exact | length }} then
            {{ z }} + {{ g1 }} / {{ df }} + {{ g2 }} / power({{ df }}, 2)
            + {{ g3 }} / power({{ df }}, 3) + {{ g4 }} / power({{ df }}, 4)
    end
{%- endmacro %}
