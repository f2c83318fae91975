{#- RQ3: the deprivation gradient of patient rates within the Trust's
    catchment. One row per service: the slope index of inequality (SII) and
    relative index (RII) of the age-and-sex standardised patient rate across
    IMD 2019 deciles (rq3_area_prevalence's imd_decile rows: each decile's
    standardised ratio times the catchment's rate per 1,000 catchment
    residents), each decile weighted by its catchment population and ranked
    from the least deprived, so the SII is the most deprived minus the least
    deprived (positive: higher rates in more deprived areas), with PHE's
    simulation interval (slope_index_simulated; each decile's standard error
    from its Byar interval). Null unless all 10 deciles are in the catchment
    and published. -#}
{%- set z = z_95() -%}
{%- set ci_method = 'simulation (PHE/OHID): '
    ~ var('slope_index_simulation_draws')
    ~ ' quasi-random normal draws of each decile from its own standard error'
    ~ ' (its Byar interval); 2.5th and 97.5th percentiles of the refitted'
    ~ ' slope index' -%}
with

decile_rows as (
    select * from {{ ref('rq3_area_prevalence') }}
    where area_type = 'imd_decile' and area_code <> 'Unknown'
),

catchment_rates as (
    -- the catchment's patients per 1,000 catchment residents, from the
    -- published counts of the deciles
    select
        service,
        1000.0 * sum(patients) / sum(catchment_population) as rate_per_1000
    from decile_rows
    group by service
),

deciles as (
    select
        decile_rows.service,
        cast(decile_rows.area_code as integer) as imd_decile,
        decile_rows.catchment_population,
        decile_rows.standardised_ratio * catchment_rates.rate_per_1000
            as standardised_rate,
        catchment_rates.rate_per_1000
        * (decile_rows.sr_ci_upper - decile_rows.sr_ci_lower) / (2 * {{ z }})
            as standardised_rate_se
    from decile_rows
    inner join catchment_rates
        on decile_rows.service = catchment_rates.service
    where decile_rows.in_catchment
),

gradients as (
    {{ slope_index_simulated(
        'deciles', 'imd_decile', 'standardised_rate', 'standardised_rate_se',
        'catchment_population', group_by=['service'], reverse_sign=true,
        min_quantiles=10, draws=var('slope_index_simulation_draws')
    ) }}
)

select
    cast(service_list.service as {{ dbt.type_string() }}) as service,
    {{ to_double('gradients.slope_index') }} as slope_index,
    {{ to_double('gradients.relative_index') }} as relative_index,
    {{ to_double('gradients.slope_index_ci_lower') }} as ci_lower,
    {{ to_double('gradients.slope_index_ci_upper') }} as ci_upper,
    cast('{{ ci_method }}' as {{ dbt.type_string() }}) as ci_method
from {{ ref('dim_services') }} as service_list
left join gradients
    on service_list.service = gradients.service
