-- publish_breakdown on the rows of apply_disclosure_control_publishes_controlled_rows:
-- the same disclosure control, then the contract's casts, a rename (category ->
-- breakdown_category) and the contract's column order. A nested WITH holds the
-- macro's own CTE and final select.
with published as (
    with counted as (
        select
            'ae' as service,
            'Female' as category,
            12 as patients,
            1000 as service_patients,
            12 as base,
            4.5 as median_value
        union all select 'ae', 'Male', 7, 1000, 7, 3.0
        union all select 'ae', 'Unknown', 0, 1000, 0, null
        union all select 'ip', 'Female', 8, 13, 8, 2.0
        union all select 'ip', 'Male', 5, 13, 20, 1.5
        union all select 'wl', 'Female', 0, 6, 9, 7.0
    ),

    {{ publish_breakdown(
        'counted',
        columns=['service', 'category'],
        counts=['patients', 'base'],
        percentages={'pct_of_service': ['patients', 'service_patients']},
        values={'median_value': 'base'},
        renames={'category': 'breakdown_category'},
        order=['breakdown_category', 'service', 'patients', 'base',
               'pct_of_service', 'median_value', 'is_suppressed']
    ) }}
),

expected as (
    select
        'ae' as service,
        'Female' as breakdown_category,
        10 as patients,
        1.0 as pct_of_service,
        10 as base,
        4.5 as median_value,
        false as is_suppressed
    union all select 'ae', 'Male', null, null, null, null, true
    union all select 'ae', 'Unknown', 0, 0.0, 0, null, false
    union all select 'ip', 'Female', 10, 66.6666666667, 10, 2.0, false
    union all select 'ip', 'Male', null, null, 20, 1.5, true
    union all select 'wl', 'Female', 0, null, 10, 7.0, true
)

select
    expected.service,
    expected.breakdown_category
from expected
left join published
    on expected.service = published.service
    and expected.breakdown_category = published.breakdown_category
where
    published.service is null
    or published.patients is distinct from expected.patients
    or published.base is distinct from expected.base
    or published.is_suppressed is distinct from expected.is_suppressed
    or {{ values_differ('published.pct_of_service', 'expected.pct_of_service') }}
    or {{ values_differ('published.median_value', 'expected.median_value') }}
