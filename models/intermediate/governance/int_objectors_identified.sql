{#- Ephemeral on purpose: the objectors' pseudonyms are never written to a
    table; they exist only inside the queries that remove them. -#}
{{ config(materialized='ephemeral') }}

{{ objector_identities() }}
