{#-
    Proves a research-question mart is disclosure-controlled. One failing row per
    broken rule and column, with the mart row beside it:

      small_count            a count from 1 to disclosure_threshold is published
      negative_count         a count is below 0 (no count of people can be)
      not_multiple_of_base   a count is not a multiple of disclosure_rounding_base
      flag_null              `flag_column` (is_suppressed) is null
      flag_without_withheld  the flag is true but every column of
                             `suppressed_columns` is shown (nothing was withheld)
      withheld_without_flag  a count of `suppressed_columns` is null but the flag
                             is false (a count of people is only ever null when
                             it was suppressed)
      dependent_shown        the flag is true and a column of `withheld_columns`
                             is null, but a column of `dependent_columns` (a
                             rate, expected count, ratio or interval computed
                             from what was withheld) is shown

    `suppressed_columns` and `withheld_columns` default to `count_columns`. Give it explicitly when a
    count can be null for another reason (an unknown population), or when a
    value column rather than a count carries the suppression. `flag_column: null`
    skips the three flag checks.
-#}
{% test disclosure_controlled(
    model, count_columns, suppressed_columns=none, flag_column='is_suppressed',
    dependent_columns=[], withheld_columns=none
) %}
    {%- set counts = [count_columns] if count_columns is string else count_columns -%}
    {%- set suppressed = counts if suppressed_columns is none else (
        [suppressed_columns] if suppressed_columns is string else suppressed_columns) -%}
    {%- set dependents = [dependent_columns] if dependent_columns is string
        else dependent_columns -%}
    {%- set withheld = counts if withheld_columns is none else (
        [withheld_columns] if withheld_columns is string else withheld_columns) -%}
    {%- set threshold = disclosure_threshold() -%}
    {%- set base = disclosure_rounding_base() -%}
    {#- Each check: (column, value shown, condition of failure, code, reason). -#}
    {%- set checks = [] -%}
    {%- for count in counts -%}
        {%- do checks.append((count, count,
            count ~ ' > 0 and ' ~ count ~ ' <= ' ~ threshold, 'small_count',
            'a count from 1 to ' ~ threshold ~ ' is published; it must be null')) -%}
        {%- do checks.append((count, count, count ~ ' < 0', 'negative_count',
            'a count is negative')) -%}
        {%- do checks.append((count, count, 'mod(' ~ count ~ ', ' ~ base ~ ') <> 0',
            'not_multiple_of_base', 'a count is not a multiple of ' ~ base)) -%}
    {%- endfor -%}
    {%- if flag_column -%}
        {%- do checks.append((flag_column, none, flag_column ~ ' is null', 'flag_null',
            flag_column ~ ' is null')) -%}
        {%- if suppressed | length > 0 -%}
            {%- set all_shown = [] -%}
            {%- for column in suppressed -%}
                {%- do all_shown.append(column ~ ' is not null') -%}
            {%- endfor -%}
            {%- do checks.append((flag_column, none,
                flag_column ~ ' and ' ~ all_shown | join(' and '),
                'flag_without_withheld',
                flag_column ~ ' is true but ' ~ suppressed | join(', ')
                ~ ' are all shown')) -%}
        {%- endif -%}
        {%- for column in suppressed if column in counts -%}
            {%- do checks.append((column, none,
                column ~ ' is null and not ' ~ flag_column, 'withheld_without_flag',
                column ~ ' is null but ' ~ flag_column ~ ' is false')) -%}
        {%- endfor -%}
        {%- if dependents | length > 0 -%}
            {%- set any_withheld = [] -%}
            {%- for column in withheld -%}
                {%- do any_withheld.append(column ~ ' is null') -%}
            {%- endfor -%}
            {%- for column in dependents -%}
                {%- do checks.append((column, column,
                    flag_column ~ ' and (' ~ any_withheld | join(' or ') ~ ') and '
                    ~ column ~ ' is not null', 'dependent_shown',
                    column ~ ' is shown although ' ~ withheld | join(' or ')
                    ~ ' was withheld')) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endif -%}
    {%- if checks | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            "disclosure_controlled on " ~ model ~ " has nothing to check: give count_columns"
            ~ " or a flag_column") }}
    {%- endif -%}
    {%- for column, shown, condition, code, reason in checks %}
    select
        '{{ column }}' as failing_column,
        {% if shown %}{{ to_double(shown) }}{% else %}{{ to_double('null') }}{% endif %}
            as failing_value,
        '{{ code }}' as failure_code,
        '{{ reason }}' as failure_reason,
        checked_rows.*
    from {{ model }} as checked_rows
    where {{ condition }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{% endtest %}
