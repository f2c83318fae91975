"""Command-line pieces the loaders share (`hi load`, `hi run`, `hi snowflake-load`)."""
from __future__ import annotations

import argparse


def _feed_name(value: str) -> str:
    from python_helpers.registry import feed_for_name
    try:
        return feed_for_name(value).identifier
    except KeyError as e:
        raise argparse.ArgumentTypeError(e.args[0]) from None


def allow_empty_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("--allow-empty", action="append", default=[], type=_feed_name,
                   metavar="FEED_OR_FILE",
                   help="load this required feed even if its file has a header and no "
                        "records (otherwise the load fails); repeat for several feeds")
