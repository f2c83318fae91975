{#- One row per event and research-question outcome it is measured for (a
    waiting-list pathway, an A&E attendance or an inpatient spell of a known
    patient, objectors removed): the number summarised (measure: 1 or 0 for a
    percentage), the strata the outcome is adjusted for, and the event's
    expected measure, the whole Trust's mean of the outcome in the event's
    stratum (indirect standardisation: stratum_means). The outcomes and their
    events are those of rq4_outcome_variation. Restricted: event-level, not
    for publication. -#}
{%- set case_mix_strata = {
    'waiting_list': ' x specialty x referral_priority',
    'ae': '',
    'inpatient': ' x admission_method',
} -%}
with

adjustments as (
    -- the strata of each service's outcomes, in words
    {%- for service, strata in case_mix_strata.items() %}
        select
            '{{ service }}' as service,
            'age_band x sex{{ strata }}' as adjusted_for,
            'sex{{ strata }}' as adjusted_for_without_age,
            'age_band{{ strata }}' as adjusted_for_without_sex
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

pathways as (
    -- the waiting list's strata, once for its three outcomes
    select
        *,
        {{ dbt.concat(["coalesce(specialty, 'Unknown')", "' / '",
            "coalesce(referral_priority, 'Unknown')"]) }} as case_mix
    from {{ ref('fct_waiting_list_pathways') }}
),

attendances as (
    select * from {{ ref('fct_ae_attendances') }}
),

spells as (
    select * from {{ ref('fct_inpatient_spells') }}
),

outcome_events as (
    -- case_mix: the outcome's strata besides age band and sex
    select
        'rtt_weeks_waiting_median' as outcome,
        'median' as statistic,
        'waiting_list' as service,
        pathway_id as event_id,
        nhs_number_pseudonym,
        age_years,
        case_mix,
        {{ to_double('weeks_waiting') }} as measure
    from pathways
    where weeks_waiting is not null

    union all

    select
        'rtt_over_18_weeks_pct' as outcome,
        'percentage' as statistic,
        'waiting_list' as service,
        pathway_id as event_id,
        nhs_number_pseudonym,
        age_years,
        case_mix,
        case when is_over_18_weeks then 1.0 else 0.0 end as measure
    from pathways
    where is_over_18_weeks is not null

    union all

    select
        'rtt_over_52_weeks_pct' as outcome,
        'percentage' as statistic,
        'waiting_list' as service,
        pathway_id as event_id,
        nhs_number_pseudonym,
        age_years,
        case_mix,
        case when is_over_52_weeks then 1.0 else 0.0 end as measure
    from pathways
    where is_over_52_weeks is not null

    union all

    select
        'ae_minutes_in_department_median' as outcome,
        'median' as statistic,
        'ae' as service,
        attendance_id as event_id,
        nhs_number_pseudonym,
        age_years,
        'all' as case_mix,
        {{ to_double('minutes_in_department') }} as measure
    from attendances
    -- planned follow-ups are not counted attendances (fct_ae_attendances):
    -- the one A&E attendance definition of every mart
    where minutes_in_department is not null and is_counted_attendance

    union all

    select
        'ae_over_4_hours_pct' as outcome,
        'percentage' as statistic,
        'ae' as service,
        attendance_id as event_id,
        nhs_number_pseudonym,
        age_years,
        'all' as case_mix,
        case when is_over_4_hours then 1.0 else 0.0 end as measure
    from attendances
    where is_over_4_hours is not null

    union all

    -- emergency admissions only: planned and day-case stays reflect the case
    -- mix booked, not the patient's outcome
    select
        'ip_length_of_stay_mean_days' as outcome,
        'mean' as statistic,
        'inpatient' as service,
        spell_id as event_id,
        nhs_number_pseudonym,
        age_years,
        coalesce(admission_method_code, 'Unknown') as case_mix,
        {{ to_double('length_of_stay_days') }} as measure
    from spells
    where is_emergency_admission and length_of_stay_days is not null

    union all

    select
        'ip_emergency_readmission_30d_pct' as outcome,
        'percentage' as statistic,
        'inpatient' as service,
        spell_id as event_id,
        nhs_number_pseudonym,
        age_years,
        coalesce(admission_method_code, 'Unknown') as case_mix,
        case when has_emergency_readmission_30d then 1.0 else 0.0 end as measure
    from spells
    where has_emergency_readmission_30d is not null

    union all

    select
        'ip_in_hospital_mortality_pct' as outcome,
        'percentage' as statistic,
        'inpatient' as service,
        spell_id as event_id,
        nhs_number_pseudonym,
        age_years,
        coalesce(admission_method_code, 'Unknown') as case_mix,
        case when is_in_hospital_death then 1.0 else 0.0 end as measure
    from spells
),

stratified as (
    -- events of known patients only, with the patient's sex and the age band
    -- at the event
    select
        outcome_events.outcome,
        outcome_events.statistic,
        outcome_events.service,
        outcome_events.event_id,
        outcome_events.nhs_number_pseudonym,
        {{ age_band('outcome_events.age_years') }} as age_band,
        patients.sex,
        outcome_events.case_mix,
        adjustments.adjusted_for,
        adjustments.adjusted_for_without_age,
        adjustments.adjusted_for_without_sex,
        outcome_events.measure
    from outcome_events
    inner join {{ ref('dim_patient') }} as patients
        on outcome_events.nhs_number_pseudonym = patients.nhs_number_pseudonym
    inner join adjustments
        on outcome_events.service = adjustments.service
),

-- the Trust's mean of each outcome per stratum: by age band, sex and case mix,
-- and without age band or sex (for the breakdowns by age band and by sex)
means_by_age_sex as (
    {{ stratum_means('stratified', 'measure',
        ['age_band', 'sex', 'case_mix'], 'outcome') }}
),

means_by_sex as (
    {{ stratum_means('stratified', 'measure', ['sex', 'case_mix'], 'outcome') }}
),

means_by_age as (
    {{ stratum_means('stratified', 'measure',
        ['age_band', 'case_mix'], 'outcome') }}
)

select
    cast(stratified.outcome as {{ dbt.type_string() }}) as outcome,
    cast(stratified.statistic as {{ dbt.type_string() }}) as statistic,
    cast(stratified.service as {{ dbt.type_string() }}) as service,
    stratified.event_id,
    stratified.nhs_number_pseudonym,
    cast(stratified.age_band as {{ dbt.type_string() }}) as age_band,
    stratified.sex,
    cast(stratified.case_mix as {{ dbt.type_string() }}) as case_mix,
    cast(stratified.adjusted_for as {{ dbt.type_string() }}) as adjusted_for,
    cast(stratified.adjusted_for_without_age as {{ dbt.type_string() }})
        as adjusted_for_without_age,
    cast(stratified.adjusted_for_without_sex as {{ dbt.type_string() }})
        as adjusted_for_without_sex,
    stratified.measure,
    means_by_age_sex.stratum_mean as expected_measure,
    means_by_sex.stratum_mean as expected_measure_without_age,
    means_by_age.stratum_mean as expected_measure_without_sex
from stratified
inner join means_by_age_sex
    on {{ same_stratum('stratified', 'means_by_age_sex',
        ['outcome', 'age_band', 'sex', 'case_mix']) }}
inner join means_by_sex
    on {{ same_stratum('stratified', 'means_by_sex',
        ['outcome', 'sex', 'case_mix']) }}
inner join means_by_age
    on {{ same_stratum('stratified', 'means_by_age',
        ['outcome', 'age_band', 'case_mix']) }}
