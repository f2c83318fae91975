"""The production path on Snowflake (docs/snowflake.md).

Modules: connection (settings from the environment, as the dbt profile reads them),
emulator (start and stop a local Snowflake emulator, fakesnow's server, on loopback),
stage (internal or Azure Blob Storage stage, chosen by environment variables), prepare
(the DuckDB loader's checks, written as Parquet), landing (PUT, COPY INTO, `_quarantine`,
`_load_log`), preflight (what is missing before a first build).
"""
