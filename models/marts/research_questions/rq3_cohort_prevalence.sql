{#- RQ3: which social care cohorts are more prevalent among the MSEFT
    patients. One row per cohort and service: the social care individuals of
    the cohort who can be linked (their record has an NHS ID), how many of
    them are patients of the service, that share, and its ratio to the share
    among all linkable social care individuals. Cohorts are defined on social
    care and area data ("<family>: <value>"). Computed from the published
    (disclosure-controlled) counts. -#}
with

records as (
    select * from {{ ref('dim_asc_person') }}
    where has_nhs_number
),

individuals as (
    -- records sharing an NHS ID are one individual
    select
        individual_key,
        max(case when is_current then 1 else 0 end) = 1 as is_current,
        max(case when is_ae_patient then 1 else 0 end) = 1 as is_ae_patient,
        max(case when is_inpatient then 1 else 0 end) = 1 as is_inpatient,
        max(case when is_waiting_list_patient then 1 else 0 end) = 1
            as is_waiting_list_patient,
        max(case when is_hospital_patient then 1 else 0 end) = 1
            as is_hospital_patient
    from records
    group by individual_key
),

record_cohorts as (
    -- an individual with several records belongs to each record's cohorts
    select
        individual_key,
        {{ dbt.concat(["'sex: '", 'sex']) }} as cohort
    from records

    union all

    select
        individual_key,
        {{ dbt.concat(["'age_band: '", 'age_band']) }} as cohort
    from records

    union all

    select
        individual_key,
        {{ dbt.concat(["'ethnic_group: '", 'ethnic_group']) }} as cohort
    from records

    union all

    select
        individual_key,
        {{ dbt.concat(["'primary_support_reason: '",
            "coalesce(primary_support_reason, 'Not recorded')"]) }} as cohort
    from records

    union all

    select
        individual_key,
        {{ dbt.concat(["'vulnerability_score_group: '",
            "coalesce(vulnerability_score_group, 'Not recorded')"]) }} as cohort
    from records

    union all

    select
        individual_key,
        {{ dbt.concat(["'imd_quintile: '",
            "coalesce(cast(imd_quintile as " ~ dbt.type_string() ~ "), 'Unknown')"
        ]) }} as cohort
    from records

    union all

    select
        individual_key,
        {{ dbt.concat(["'local_authority: '",
            "coalesce(local_authority_name, 'Unknown')"]) }} as cohort
    from records
    {#- the vulnerable groups' one definition, on social care records alone:
        hospital evidence exists only for patients, so using it here would
        raise each cohort's share of patients by construction -#}
    {%- for group in vulnerable_group_definitions() if group.asc_flag %}

        union all

        select
            individual_key,
            'vulnerable_group: {{ group.name }}' as cohort
        from records
        where {{ group.asc_flag }}
    {%- endfor %}
),

cohorts as (
    select distinct
        individual_key,
        cohort
    from record_cohorts

    union all

    select
        individual_key,
        case
            when is_current then 'asc_status: current'
            else 'asc_status: previous'
        end as cohort
    from individuals

    union all

    select
        individual_key,
        'all social care individuals' as cohort
    from individuals
),

individual_services as (
    {%- for service, flag in {
        'ae': 'is_ae_patient',
        'inpatient': 'is_inpatient',
        'waiting_list': 'is_waiting_list_patient',
        'any': 'is_hospital_patient',
    }.items() %}
        select
            individual_key,
            '{{ service }}' as service,
            {{ flag }} as is_patient
        from individuals
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

counted as (
    select
        cohorts.cohort,
        individual_services.service,
        count(*) as cohort_persons,
        sum(case when individual_services.is_patient then 1 else 0 end)
            as patients
    from cohorts
    inner join individual_services
        on cohorts.individual_key = individual_services.individual_key
    group by cohorts.cohort, individual_services.service
),

with_all as (
    select
        counted.*,
        everyone.cohort_persons as all_persons,
        everyone.patients as all_patients
    from counted
    inner join counted as everyone
        on
            counted.service = everyone.service
            and everyone.cohort = 'all social care individuals'
),

published as (
    {{ apply_disclosure_control(
        'with_all',
        columns=['cohort', 'service'],
        counts=['cohort_persons', 'patients', 'all_persons', 'all_patients'],
        percentages={'pct_of_cohort': ['patients', 'cohort_persons']}
    ) }}
)

select
    cast(cohort as {{ dbt.type_string() }}) as cohort,
    cast(service as {{ dbt.type_string() }}) as service,
    cast(cohort_persons as {{ dbt.type_bigint() }}) as cohort_persons,
    cast(patients as {{ dbt.type_bigint() }}) as patients,
    {{ to_double('pct_of_cohort') }} as pct_of_cohort,
    {{ risk_ratio(
        'patients', 'cohort_persons', 'all_patients', 'all_persons') }}
        as ratio_to_all,
    is_suppressed
from published
