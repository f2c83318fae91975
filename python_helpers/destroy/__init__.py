"""`hi destroy`: retire a share (protocol section 9) or a partner's part of it (section 14).

    hi destroy --dry-run                 say what would be removed and what kept
    hi destroy --yes                     remove every person-level relation and file the
                                         project created; keep the published
                                         research-question marts
    hi destroy --yes --all               remove the published marts too
    hi destroy --yes --partner ecc       a partner withdraws: its feeds and everything
                                         derived from them (linkage, marts that need them)

It acts on the target in use: the DuckDB file of every other command (--duckdb, else
HI_DUCKDB_PATH, else the default), or Snowflake with --target snowflake (DBT_TARGET).
It refuses to act without --yes, is idempotent (a second run finds nothing and changes
nothing), and writes a destruction record (Markdown and JSON, counts and object names
only, never a value) into reports/destruction/ for the DPO to attach to the protocol's
records. The partner's drop folder is theirs: it is never touched.

Modules: plan (what to remove and keep: engine-independent, from the dbt manifest's
lineage), files (local files that hold row-level values), duckdb_target and
snowflake_target (listing, counting, dropping on each engine), record (the record).
"""
from __future__ import annotations

import sys

from python_helpers.destroy.plan import PARTNERS

__all__ = ["PARTNERS", "add_arguments", "main"]


def add_arguments(parser) -> None:
    parser.add_argument("--yes", action="store_true",
                        help="really remove (without it, nothing is removed)")
    parser.add_argument("--dry-run", action="store_true",
                        help="list what would be removed and kept, remove nothing")
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument("--all", action="store_true",
                       help="remove the published research-question marts too")
    scope.add_argument("--partner", choices=sorted(PARTNERS),
                       help="remove one partner's feeds and everything derived from them")
    parser.add_argument("--target", default=None,
                        choices=["duckdb", "snowflake", "snowflake_emulator"],
                        help="warehouse to act on (default: $DBT_TARGET, else duckdb)")


def main(args) -> int:
    from python_helpers.destroy.run import destroy

    if not args.yes and not args.dry_run:
        print("error: hi destroy removes person-level data for good; run it with --dry-run "
              "to see what it would remove, then with --yes to remove it", file=sys.stderr)
        return 2
    return destroy(args)
