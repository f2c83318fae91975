{#-
    History of the social care demographics across deliveries. A partner may
    re-send a corrected extract (UK GDPR Article 16 rectification): a record
    whose content changed gets a new version and the old one is closed
    (dbt_valid_to), a record missing from a redelivery is closed, so the current
    rows (dbt_valid_to is null) are always the latest delivery and the history
    says what was corrected and when.

    Key: the pseudonymised Mosaic person ID (one case record per row of the
    feed). A delivery that repeats a person ID contributes its first row (lowest
    source_row; the staging uniqueness test warns about the repeat), and a row
    without a person ID cannot be tracked (staging flags it).

    It reads the objection-filtered view, not staging, so that no objector's
    record is written into the history; the post-hook deletes the versions that
    earlier runs wrote for anyone who has objected since.
-#}
{% snapshot snap_ecc_asc__demographics %}

{{ config(
    unique_key='asc_person_pseudonym',
    strategy='check',
    check_cols=['record_hash'],
    hard_deletes='invalidate',
    post_hook="{{ delete_objector_history('ecc_asc', 'demographics') }}",
) }}

with

demographics as (
    select
        *,
        {{ record_hash(ref('int_asc_demographics_permitted')) }} as record_hash
    from {{ ref('int_asc_demographics_permitted') }}
    where asc_person_pseudonym is not null
),

first_rows as (
    select
        asc_person_pseudonym,
        min(source_row) as source_row
    from demographics
    group by asc_person_pseudonym
)

select demographics.*
from demographics
inner join first_rows
    on demographics.source_row = first_rows.source_row

{% endsnapshot %}
