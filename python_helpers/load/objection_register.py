"""The objection register: an objection lasts across drops until it is withdrawn.

A drop's `objections.csv` lists people who opted out (national data opt-out), objected
(UK GDPR Article 21) or restricted processing (Article 18). The loader appends each of its
rows to `raw.objection_register` as an `objected` event; a drop without the file appends
nothing, so nobody who objected before flows back. Withdrawing an objection is an explicit
act, `hi objections withdraw FILE`, which appends `withdrawn` events for the (person,
reason) rows of FILE (same columns as objections.csv).

The register is an append-only log of events: (pseudonym as delivered, reason, event,
batch, file fingerprint). No date, name or other value is kept. Staging
(`stg_governance__objection_register`) normalises the pseudonyms with the project's one
normalisation macro and keeps each (person, reason) whose latest event is `objected`:
every objection filter and the snapshot purge read that model.

The statements are plain SQL that DuckDB and Snowflake both run, so both loaders share them.
"""
from __future__ import annotations

from python_helpers.load.quarantine import sql_literal

REGISTER = "objection_register"
OBJECTIONS_FEED = "objections"     # the raw table of the drop's objections.csv
OBJECTED, WITHDRAWN = "objected", "withdrawn"

REGISTER_COLUMNS = (
    ("nhs_number", "VARCHAR"),     # the pseudonym as the file gave it
    ("reason", "VARCHAR"),
    ("event", "VARCHAR"),          # objected | withdrawn
    ("batch", "INTEGER"),          # 1, 2, ...: one per file appended; later wins
    ("file_sha256", "VARCHAR"),    # which file the event came from
)


def create_sql(schema: str, column_type=lambda t: t) -> str:
    columns = ", ".join(f"{name} {column_type(sql_type)}" for name, sql_type in REGISTER_COLUMNS)
    return f"create table if not exists {schema}.{REGISTER} ({columns})"


def append_sql(schema: str, rows: str, event: str, file_sha256: str | None) -> str:
    """INSERT of one `event` per distinct (nhs_number, reason) of `rows` that has a
    pseudonym, in a new batch; a pair whose latest event is already `event` is skipped, so
    loading the same drop twice leaves the register as it was."""
    if event not in (OBJECTED, WITHDRAWN):
        raise ValueError(event)
    register = f"{schema}.{REGISTER}"
    sha = sql_literal(file_sha256) if file_sha256 else "null"
    return f"""
        insert into {register} (nhs_number, reason, event, batch, file_sha256)
        with delivered as (
            select distinct nhs_number, reason
            from {rows}
            where nhs_number is not null and trim(nhs_number) <> ''
        ),
        latest as (
            select nhs_number, reason, event
            from {register}
            qualify row_number() over (
                partition by nhs_number, reason order by batch desc) = 1
        ),
        next_batch as (
            select coalesce(max(batch), 0) + 1 as batch from {register}
        )
        select delivered.nhs_number, delivered.reason, {sql_literal(event)},
               next_batch.batch, {sha}
        from delivered
        cross join next_batch
        where not exists (
            select 1 from latest
            where latest.nhs_number = delivered.nhs_number
              and latest.reason is not distinct from delivered.reason
              and latest.event = {sql_literal(event)}
        )
        -- a fixed order: the same file appends the same rows in the same stored order
        -- (a distinct's order is otherwise up to the engine's threads)
        order by delivered.nhs_number, delivered.reason
    """


def entries_sql(schema: str) -> str:
    """How many (pseudonym, reason) pairs, as delivered, stand objected: for messages only
    (staging's normalised count is the one the dbt docs and data-quality tables show)."""
    return f"""
        select count(*) from (
            select event
            from {schema}.{REGISTER}
            qualify row_number() over (
                partition by nhs_number, reason order by batch desc) = 1
        ) as latest
        where event = '{OBJECTED}'
    """


def absent_message(entries: int) -> str:
    return ("optional file not in the drop folder: no new objections; the objection "
            f"register is unchanged and still applies ({entries:,} objection(s) from earlier "
            "drops; a missing file is not a withdrawal: see `hi objections withdraw`)")


def recorded_message(entries: int) -> str:
    """The same words whether the file's objections were new or already registered, so
    that loading the same folder twice gives the same `_load_log`."""
    return (f"every objection of the file is in the objection register, which holds "
            f"{entries:,} objection(s)")
