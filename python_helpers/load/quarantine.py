"""Quarantine rows a data engineer can act on: DuckDB's CSV rejects, and lines joined by
stray double quotes.

DuckDB writes one reject per error, so a record with several missing fields has several;
the quarantine keeps one row per record (the first error in field order), with a reason
that says what the spec expects. Reader field names are `c<i>` (see header.FileColumn).
Lines that double quotes joined where the column allows no line break (records.SplitLines)
get one row each, with the line's own text. The reader names rejects by its own line
numbers; reader.py turns them into the file's line numbers.
"""
from __future__ import annotations

from python_helpers.load.header import Header

QUARANTINE_COLUMNS = (
    ("feed", "VARCHAR"),
    ("file", "VARCHAR"),
    ("line", "BIGINT"),
    ("column_name", "VARCHAR"),
    ("reason", "VARCHAR"),
    ("raw_record", "VARCHAR"),
)

HEADER_LINES = 1  # the header is line 1; data records start on line 2
QUOTE_RULE = ("the spec expects RFC 4180 quoting: a value that holds a comma, double quote "
              "or line break is enclosed in double quotes, and a double quote inside it is "
              "written twice")


def sql_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def quarantine_sql(rejects_table: str, header: Header, feed_identifier: str) -> str:
    """SELECT of the quarantine rows (QUARANTINE_COLUMNS) from a DuckDB rejects table."""
    headers = "[" + ", ".join(sql_literal(f.header) for f in header.fields) + "]"
    n = len(header.fields)
    field_rule = (f"the spec expects one value per header column ({n}), separated by "
                  "commas, with values that hold a comma in double quotes")
    return f"""
        with errors as (
            select
                line,
                error_type,
                error_message,
                -- DuckDB's record text starts with the previous record's line break
                ltrim(csv_line, chr(13) || chr(10)) as raw_record,
                try_cast(substr(column_name, 2) as integer) as field_index,
                coalesce(try_cast(regexp_extract(error_message, 'Found: (\\d+)', 1)
                                  as integer), 0) as fields_found
            from {rejects_table}
        ),
        first_error as (
            select * from errors
            qualify row_number() over (
                partition by line order by field_index nulls last, error_type) = 1
        ),
        named as (
            select *, {headers}[field_index + 1] as field_header
            from first_error
        )
        select
            {sql_literal(feed_identifier)} as feed,
            {sql_literal(header.file)} as file,
            line,
            case when error_type in ('MISSING COLUMNS', 'TOO MANY COLUMNS') then null
                 else field_header end as column_name,
            case error_type
                when 'MISSING COLUMNS' then
                    'record has ' || fields_found
                    || case fields_found when 1 then ' field' else ' fields' end
                    || ', fewer than the header: '
                    || {sql_literal(field_rule)}
                when 'TOO MANY COLUMNS' then
                    'record has ' || fields_found || ' fields, more than the header: '
                    || {sql_literal(field_rule)}
                when 'UNQUOTED VALUE' then
                    'value in column ''' || field_header || ''' has a double quote that '
                    || 'is not closed correctly: ' || {sql_literal(QUOTE_RULE)}
                when 'INVALID ENCODING' then
                    'value in column ''' || field_header || ''' holds bytes that are not '
                    || 'valid UTF-8: the spec expects UTF-8 text'
                when 'LINE SIZE OVER MAXIMUM' then
                    'record is longer than the reader''s maximum line size: check for a '
                    || 'missing line break or an unclosed double quote'
                else error_type || ': ' || error_message
            end as reason,
            raw_record
        from named
        order by line
    """


def split_lines_sql(split_table: str, header: Header, feed_identifier: str) -> str:
    """SELECT of the quarantine rows for physical lines that double quotes joined where the
    column allows no line break (records.SplitLines: line, first_line, last_line, field,
    text): one row per line, each with the line's own text."""
    headers = "[" + ", ".join(sql_literal(f.header) for f in header.fields) + "]"
    n = len(header.fields)
    return f"""
        select
            {sql_literal(feed_identifier)} as feed,
            {sql_literal(header.file)} as file,
            line,
            {headers}[field + 1] as column_name,
            case when field < {n}
                 then 'a double-quoted value in column ''' || {headers}[field + 1] || ''''
                 else 'a double-quoted value in field ' || (field + 1) || ' (the header has '
                      || {n} || ')'
            end
            || ' runs over lines ' || first_line || ' to ' || last_line
            || ', but the spec allows no line break in that column: a stray double quote '
            || 'has joined these lines into one record, so each line is quarantined on '
            || 'its own; ' || {sql_literal(QUOTE_RULE)} as reason,
            text as raw_record
        from {split_table}
    """
