{#-
    False-discovery-rate control by the Benjamini-Hochberg step-up procedure
    (Benjamini Y, Hochberg Y. J R Stat Soc B 1995;57:289). A select over
    `relation` with every column, plus, within each `partition_by` family (e.g.
    one outcome of one mart): fdr_tests, the number of p-values in the family;
    fdr_rank, the rank of the row's p-value (1 = smallest); and
    is_significant_fdr: true when the p-value's rank is at most k, the largest
    rank i whose p-value is at most i / m x `level`, false otherwise, null when
    the row has no p-value (it is not one of the m tests). Under independence
    (or positive dependence) of the tests, the expected share of false
    discoveries among the discoveries is at most `level`. Ties give the same
    result in any order.
-#}
{% macro benjamini_hochberg(relation, p_value_column, partition_by, level=0.05) -%}
    {%- set partition_by = [partition_by] if partition_by is string else partition_by -%}
    {%- set family = 'partition by ' ~ partition_by | join(', ') -%}
    select
        ranked.*,
        case when ranked.{{ p_value_column }} is not null then
            ranked.fdr_rank <= coalesce(max(
                case
                    when ranked.{{ p_value_column }}
                        <= ranked.fdr_rank * {{ level }} / ranked.fdr_tests
                        then ranked.fdr_rank
                end
            ) over ({{ family }}), 0)
        end as is_significant_fdr
    from (
        select
            tested.*,
            count(tested.{{ p_value_column }}) over ({{ family }}) as fdr_tests,
            row_number() over (
                {{ family }} order by tested.{{ p_value_column }} asc nulls last
            ) as fdr_rank
        from {{ relation }} as tested
    ) as ranked
{%- endmacro %}
