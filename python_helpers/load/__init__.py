"""`hi load DROP --duckdb PATH [--allow-empty FEED_OR_FILE ...]`: land a partner drop folder
as all-text raw tables.

Every file of the drop folder becomes `raw.<feed identifier>` (registry columns as text in
registry order, then unknown extra columns, then `_source_row`); malformed records go to
`raw._quarantine` with their reason, file line and text; `raw._load_log` records rows read,
loaded and rejected per feed. Rows read are counted on the file's own lines, not taken from
the CSV reader, and rows read = loaded + rejected: double quotes that join lines where the
column allows no line break (a stray quote) quarantine each of those lines (records).
A file that cannot be landed as it is fails its feed with a FeedError naming the file,
line and column, and that feed keeps its previous table; so does a required feed whose file
has a header and no records, unless it is named with --allow-empty (status `empty`).

Modules: header (match the header to the registry), records (the file's lines and records,
independently of the reader), reader (read into DuckDB relations, quarantine, source rows;
engine-independent), pseudonyms (refuse real NHS numbers), quarantine (reject reasons),
outcome (log rows, LoadResult, empty files), reference (reference files), duckdb_target
(write to a DuckDB warehouse).
"""
from __future__ import annotations

import sys

import duckdb

from python_helpers.load.duckdb_target import RAW_SCHEMA, load_drop
from python_helpers.load.errors import FeedError
from python_helpers.load.outcome import FeedOutcome, LoadResult
from python_helpers.load.reader import PreparedFeed, iter_drop, read_feed

__all__ = ["RAW_SCHEMA", "FeedError", "FeedOutcome", "LoadResult", "PreparedFeed",
           "iter_drop", "load_drop", "main", "read_feed"]


def main(args) -> int:
    """Print the per-feed table and the warehouse path; 1 when a feed failed."""
    try:
        result = load_drop(args.drop, args.duckdb,
                           allow_empty=getattr(args, "allow_empty", None) or ())
    except FileNotFoundError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except duckdb.IOException as e:  # e.g. the warehouse file is open in another process
        print(f"error: cannot open the warehouse {args.duckdb}: {e}", file=sys.stderr)
        return 1
    print(result.summary())
    print(f"warehouse: {result.db_path} (schema {RAW_SCHEMA}); "
          f"loaded {result.rows_loaded:,} rows in {result.seconds:.1f} s")
    if not result.ok:
        print(f"error: {len(result.failures)} feed(s) failed to load; their previous "
              "tables, if any, are unchanged", file=sys.stderr)
        return 1
    return 0
