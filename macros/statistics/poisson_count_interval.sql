{#-
    95% confidence limits for an observed Poisson count O (events or people),
    the way PHE's phe_rate computes them (PHE Fingertips technical guidance;
    PHEindicatormethods):

      O >= 10: Byar's approximation (Breslow & Day 1987, vol. II)
          lower = O (1 - 1/(9O) - z/(3 sqrt(O)))^3
          upper = (O+1) (1 - 1/(9(O+1)) + z/(3 sqrt(O+1)))^3
      O = 0..9: the exact limits chi2(0.025; 2O)/2 and chi2(0.975; 2O+2)/2,
          from a table (scipy.stats.chi2.ppf, 10 significant digits), since
          neither engine has a chi-square quantile function.

    Null for a negative or null count. Divide by the denominator for a rate's
    limits (rate_per_1000_ci_lower/upper). Both limits share this file.
-#}
{% macro poisson_count_lower(observed) -%}
    {{ poisson_count_limit(observed, '-') }}
{%- endmacro %}

{% macro poisson_count_upper(observed) -%}
    {{ poisson_count_limit(observed, '+') }}
{%- endmacro %}

{#-
    Byar's two limits are one formula in m = O (lower, sign '-') or m = O + 1
    (upper, sign '+'): m (1 - 1/(9m) -/+ z/(3 sqrt(m)))^3.
-#}
{% macro poisson_count_limit(observed, sign) -%}
    {%- set exact_lower = [
        0.0, 0.02531780798, 0.2422092785, 0.6186721229, 1.089865374,
        1.62348639, 2.201894253, 2.814363052, 3.453832177, 4.115373097
    ] -%}
    {%- set exact_upper = [
        3.688879454, 5.571643391, 7.224687668, 8.76727307, 10.24158868,
        11.66833208, 13.05947402, 14.42267536, 15.76318922, 17.08480345
    ] -%}
    {%- if sign not in ['-', '+'] -%}
        {{ exceptions.raise_compiler_error(
            "poisson_count_limit: sign must be '-' or '+', got '" ~ sign ~ "'") }}
    {%- endif -%}
    {%- set o = to_double(observed) -%}
    {%- set m = o if sign == '-' else '(' ~ o ~ ' + 1)' -%}
    case
        when {{ o }} < 0 then null
        {%- for value in (exact_lower if sign == '-' else exact_upper) %}
        when {{ o }} = {{ loop.index0 }} then {{ value }}
        {%- endfor %}
        when {{ o }} > 0 then {{ m }} * power(
            1 - 1 / (9 * {{ m }}) {{ sign }} {{ z_95() }} / (3 * sqrt({{ m }})), 3
        )
    end
{%- endmacro %}
