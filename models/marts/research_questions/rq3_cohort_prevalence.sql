{#- RQ3: which social care cohorts are more prevalent among the MSEFT
    patients. One row per cohort and service: the social care individuals of
    the cohort who can be linked (their record has an NHS ID), how many of
    them are patients of the service, that share, and its ratio to the share
    among all linkable social care individuals (crude); and the cohort's
    standardised ratio against the people outside it: observed patients over
    the patients expected if each age band x sex stratum of the cohort had the
    rate of the individuals outside the cohort in that stratum (sex only for
    the age_band cohorts, age band only for the sex cohorts), with its exact
    Poisson (Byar) interval. Cohorts are defined on social care and area data
    ("<family>: <value>"). Computed from the published (disclosure-
    controlled) counts. -#}
with

records as (
    select * from {{ ref('dim_asc_person') }}
    where has_nhs_number
),

individuals as (
    -- records sharing an NHS ID are one individual (whose stratum is that of
    -- the first of its records in order of age band and sex)
    select
        individual_key,
        min(age_band) as age_band,
        min(sex) as sex,
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

cohort_strata as (
    -- each cohort's individuals by the strata it is standardised for
    select
        cohorts.cohort,
        individual_services.service,
        {{ cohort_stratum('cohorts.cohort', 'individuals.age_band',
            'individuals.sex') }} as stratum,
        count(*) as persons,
        sum(case when individual_services.is_patient then 1 else 0 end)
            as patients
    from cohorts
    inner join individuals
        on cohorts.individual_key = individuals.individual_key
    inner join individual_services
        on cohorts.individual_key = individual_services.individual_key
    group by
        cohorts.cohort,
        individual_services.service,
        {{ cohort_stratum('cohorts.cohort', 'individuals.age_band',
            'individuals.sex') }}
),

collapsed_everyone as (
    -- everyone by each way of stratifying: age band x sex, sex only, age only
    {%- for kind in ['age_sex', 'sex', 'age'] %}
        select
            '{{ kind }}' as stratum_kind,
            individual_services.service,
            {{ cohort_stratum("'" ~ {'age_sex': 'x', 'sex': 'age_band: x',
                'age': 'sex: x'}[kind] ~ "'", 'individuals.age_band',
                'individuals.sex') }} as stratum,
            count(*) as persons,
            sum(case when individual_services.is_patient then 1 else 0 end)
                as patients
        from individuals
        inner join individual_services
            on individuals.individual_key = individual_services.individual_key
        group by
            individual_services.service,
            {{ cohort_stratum("'" ~ {'age_sex': 'x', 'sex': 'age_band: x',
                'age': 'sex: x'}[kind] ~ "'", 'individuals.age_band',
                'individuals.sex') }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

expected as (
    -- the patients expected in each cohort at the rates of the individuals
    -- outside it, stratum by stratum; null when the outsiders lack a stratum
    -- the cohort has
    select
        cohort_strata.cohort,
        cohort_strata.service,
        sum(
            cohort_strata.persons
            * (collapsed_everyone.patients - cohort_strata.patients)
            / nullif(collapsed_everyone.persons - cohort_strata.persons, 0)
        ) as expected_patients,
        {{ count_where(
            'collapsed_everyone.persons = cohort_strata.persons') }}
            as strata_without_comparator
    from cohort_strata
    inner join collapsed_everyone
        on
            cohort_strata.service = collapsed_everyone.service
            and cohort_strata.stratum = collapsed_everyone.stratum
            and {{ cohort_stratum_kind('cohort_strata.cohort') }}
            = collapsed_everyone.stratum_kind
    where cohort_strata.cohort <> 'all social care individuals'
    group by cohort_strata.cohort, cohort_strata.service
),

with_all as (
    select
        counted.*,
        everyone.cohort_persons as all_persons,
        everyone.patients as all_patients,
        case
            when expected.strata_without_comparator = 0
                then expected.expected_patients
        end as expected_patients,
        case
            when counted.cohort = 'all social care individuals'
                then 'none: the cohort is everyone'
            else {{ dbt.concat([
                "'linkable social care individuals not in the cohort,"
                ~ " standardised for '",
                "case " ~ cohort_stratum_kind('counted.cohort')
                ~ " when 'sex' then 'sex' when 'age' then 'age band'"
                ~ " else 'age band x sex' end"]) }}
        end as comparator
    from counted
    inner join counted as everyone
        on
            counted.service = everyone.service
            and everyone.cohort = 'all social care individuals'
    left join expected
        on
            counted.cohort = expected.cohort
            and counted.service = expected.service
),

published as (
    {{ apply_disclosure_control(
        'with_all',
        columns=['cohort', 'service', 'comparator'],
        counts=['cohort_persons', 'patients', 'all_persons', 'all_patients'],
        percentages={'pct_of_cohort': ['patients', 'cohort_persons']},
        values={'expected_patients': ['patients', 'cohort_persons']}
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
    is_suppressed,
    cast(comparator as {{ dbt.type_string() }}) as comparator,
    {{ to_double(standardised_ratio('patients', 'expected_patients')) }}
        as standardised_ratio,
    {{ to_double(standardised_ratio_ci_lower(
        'patients', 'expected_patients')) }} as sr_ci_lower,
    {{ to_double(standardised_ratio_ci_upper(
        'patients', 'expected_patients')) }} as sr_ci_upper
from published
