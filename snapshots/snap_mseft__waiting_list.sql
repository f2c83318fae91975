{#-
    History of the waiting list across snapshots and redeliveries. The list is a
    snapshot by nature: each delivery is the list at its date, so a pathway that
    left the list is closed (dbt_valid_to) and a pathway whose details changed
    (weeks waiting, a booked date, or an Article 16 rectification) gets a new
    version; the current rows (dbt_valid_to is null) are the latest delivery.

    Key: the spec has no pathway identifier. A referral-to-treatment pathway is
    one referral of one patient to one specialty, its clock starting on one day,
    so the key is (NHS number pseudonym, specialty, clock start date), hashed into
    `pathway_key`. Site is not in it (a pathway can move between sites), nor is
    anything a rectification may correct except those three: correcting one of
    them closes the old pathway and opens a new one. Rows missing a key part
    cannot be tracked (staging flags them); a repeated key contributes its first
    row (lowest source_row).

    It reads the objection-filtered view, not staging, so that no objector's
    record is written into the history; the post-hook deletes the versions that
    earlier runs wrote for anyone who has objected since.
-#}
{% snapshot snap_mseft__waiting_list %}

{{ config(
    unique_key='pathway_key',
    strategy='check',
    check_cols=['record_hash'],
    hard_deletes='invalidate',
    post_hook="{{ delete_objector_history('mseft', 'waiting_list') }}",
) }}

with

waiting_list as (
    select
        {{ dbt.hash(dbt.concat([
            'nhs_number_pseudonym', "'|'", 'specialty', "'|'",
            canonical_text('clock_start_date', 'date'),
        ])) }} as pathway_key,
        *,
        {{ record_hash(ref('int_waiting_list_permitted')) }} as record_hash
    from {{ ref('int_waiting_list_permitted') }}
    where
        nhs_number_pseudonym is not null
        and specialty is not null
        and clock_start_date is not null
),

first_rows as (
    select
        pathway_key,
        min(source_row) as source_row
    from waiting_list
    group by pathway_key
)

select waiting_list.*
from waiting_list
inner join first_rows
    on waiting_list.source_row = first_rows.source_row

{% endsnapshot %}
