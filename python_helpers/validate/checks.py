"""One feed of a drop, read by the loader's reader and checked by Great Expectations.

The checks come from `rules` (the feed registry); the frame from `read`. `validate_feed`
is what `drop` runs for each feed, in a worker process when the machine has more than
one core.

Speed: every check runs on every row (no sampling, no expectation left out). Two GX
costs had to be worked around. Its pandas engine filters the whole batch DataFrame for
each metric, so one suite on a wide file costs expectations x columns x rows (48 s for a
200,000 x 49 file): the checks run as one suite per column on a one-column frame. And it
hashes every batch for a fingerprint nobody reads (see `_without_batch_fingerprints`).
Results are asked for in GX's BASIC format; the example rows of the report are found
from the offending values (see `_examples`).
"""
from __future__ import annotations

import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import great_expectations as gx
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from great_expectations.data_context.types.base import (
    DataContextConfig, InMemoryStoreBackendDefaults, ProgressBarsConfig,
)
from great_expectations.execution_engine import pandas_execution_engine

from python_helpers.load import PreparedFeed, iter_drop
from python_helpers.load.outcome import ABSENT as LOAD_ABSENT, FAILED
from python_helpers.load.reader import FeedRead, fetch_arrow
from python_helpers.registry import Feed
from python_helpers.validate.read import RawFeed, raw_feed
from python_helpers.validate.report import shape
from python_helpers.validate.results import ABSENT, UNUSABLE, CheckOutcome, FeedResult
from python_helpers.validate.rules import (
    TYPE_SHAPES, Check, code_lists, feed_checks, needs_number, number_column, shape_column,
)

MAX_EXAMPLES = 5
MAX_ROWS = 10
PARTIAL_ROWS = 20  # rows whose values the examples are drawn from (as GX's partial lists)


def _gx_context():
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
    )
    context = gx.get_context(mode="ephemeral", project_config=config)
    return context, context.data_sources.add_pandas("drop_folder")


def _examples(raw: RawFeed, check: Check, result: dict) -> tuple[list[str], list[int]]:
    """Distinct offending raw values (masked where needed) and their first rows.

    GX runs with result_format BASIC: it counts the offending rows and names up to 20
    offending values, but not their rows (SUMMARY adds the rows and cost a third of the
    whole validation time). The rows are found here, as the rows whose checked value is
    one of those values (or is null, for not-null). For every check of `rules` a row
    fails on its value alone (uniqueness: on the value repeating), so these are exactly
    the first offending rows."""
    if check.column is None or not result.get("unexpected_count"):
        return [], []
    checked = raw.frame[check.expectation.column]
    if check.expectation.expectation_type == "expect_column_values_to_not_be_null":
        offending = checked.isna()
    else:
        offending = checked.isin(result.get("partial_unexpected_list") or [])
    rows = [int(i) for i in raw.frame.index[offending.to_numpy()][:PARTIAL_ROWS]]
    values = raw.frame.loc[rows, check.column].dropna().astype(str)
    distinct = list(dict.fromkeys(shape(v) if check.masked else v for v in values))
    return distinct[:MAX_EXAMPLES], rows[:MAX_ROWS]


def _table_outcome(check: Check, result, raw: RawFeed, feed: Feed) -> CheckOutcome:
    res = result.result or {}
    examples: list[str] = []
    if check.expectation.expectation_type == "expect_table_columns_to_match_set":
        mismatch = (res.get("details") or {}).get("mismatched") or {}
        headers = {c.name: c.header for c in feed.columns}
        examples = ([f"missing: {headers.get(c, c)}" for c in mismatch.get("missing", [])]
                    + [f"extra: {raw.extras.get(c, c)}" for c in mismatch.get("unexpected", [])])
    count = len(examples) or (0 if result.success else 1)
    return CheckOutcome(None, None, check.expectation.expectation_type, check.label,
                        bool(result.success), count, raw.frame.shape[0], examples)


def _outcomes(checks: list[Check], results: list, raw: RawFeed, feed: Feed) -> list[CheckOutcome]:
    by_id = {r.expectation_config.meta["check_id"]: r for r in results}
    outcomes = []
    for check in checks:
        result = by_id[check.expectation.meta["check_id"]]
        info = result.exception_info or {}
        if info.get("raised_exception"):
            outcomes.append(CheckOutcome(check.column, check.header,
                                         check.expectation.expectation_type, check.label,
                                         False, 0, raw.frame.shape[0],
                                         error=str(info.get("exception_message"))))
        elif check.column is None:
            outcomes.append(_table_outcome(check, result, raw, feed))
        else:
            res = result.result or {}
            examples, rows = _examples(raw, check, res)
            outcomes.append(CheckOutcome(
                check.column, check.header, check.expectation.expectation_type,
                check.label, bool(result.success), int(res.get("unexpected_count") or 0),
                int(res.get("element_count") or 0), examples, rows))
    return outcomes


def _file_notes(raw: RawFeed) -> list[str]:
    notes = []
    if raw.extras:
        notes.append("extra column(s) not in the spec, kept and reported: "
                     + ", ".join(repr(h) for h in raw.extras.values()))
    if raw.loose_headers:
        notes.append("header(s) matched ignoring case/white space: "
                     + ", ".join(f"{f!r} for {r!r}" for f, r in raw.loose_headers))
    if raw.rows_rejected:
        shown = "; ".join(f"line {line}: {reason}" for line, _, reason in raw.quarantined)
        notes.append(
            f"{raw.rows_rejected:,} malformed record(s) are quarantined by the loader and "
            f"not validated (first: {shown})"
            + ("; the last line is cut short: the file may be truncated"
               if raw.truncated else ""))
    return notes


@contextmanager
def _without_batch_fingerprints() -> Iterator[None]:
    """GX hashes every in-memory batch under 1 GB for a 'pandas_data_fingerprint' batch
    marker that nothing here reads: with a batch per column that hashing was over half of
    the validation time (9 of 14 s for A&E at trust size). Its threshold is a module
    constant, so it is set to zero while we validate and put back afterwards."""
    saved = pandas_execution_engine.HASH_THRESHOLD
    pandas_execution_engine.HASH_THRESHOLD = 0
    try:
        yield
    finally:
        pandas_execution_engine.HASH_THRESHOLD = saved


def _run_checks(feed: Feed, raw: RawFeed, checks: list[Check], datasource) -> list:
    """Run the checks as one GX suite per column, each on a frame of that column only
    (see the module docstring); table-level checks see the whole frame."""
    groups: dict[str | None, list[Check]] = {}
    for check in checks:
        groups.setdefault(check.column, []).append(check)
    batch_definition = datasource.add_dataframe_asset(
        name=feed.identifier).add_batch_definition_whole_dataframe("whole_file")
    results = []
    for column, group in groups.items():
        frame = raw.frame if column is None else raw.frame[
            list(dict.fromkeys(c.expectation.column for c in group))]
        batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
        suite = gx.ExpectationSuite(name=f"{feed.identifier}.{column or 'table'}",
                                    expectations=[c.expectation for c in group])
        with warnings.catch_warnings():
            # pandas warns when a registry pattern has capturing groups; they are harmless.
            warnings.filterwarnings("ignore", message="This pattern is interpreted as a regular")
            results += batch.validate(suite, result_format="BASIC").results
    return results


def _as_numbers(values: pd.Series, type_name: str) -> pd.Series:
    """The values that have their registry type's shape, as numbers; the others null.
    The range check applies to numbers, as staging's does (a value its type's shape
    check reports, such as 1e5 in a whole-number column, is not also out of range).
    Vectorised in Arrow: pandas' to_numeric took a tenth of the validation time."""
    text = pa.array(values.array)
    is_number = pc.match_substring_regex(text, TYPE_SHAPES[type_name][0])
    numbers = pc.cast(pc.if_else(is_number, text, pa.scalar(None, pa.string())), pa.float64())
    return pd.Series(numbers.to_numpy(zero_copy_only=False), index=values.index)


def _validate_rows(feed: Feed, raw: RawFeed, out: FeedResult, datasource, lists) -> None:
    out.rows = int(raw.frame.shape[0])
    out.notes = _file_notes(raw)
    for column in feed.columns:
        if column.name in raw.present and needs_number(column):
            raw.frame[number_column(column)] = _as_numbers(raw.frame[column.name],
                                                           column.type)
        if column.name in raw.present and shape_column(column) != column.name:
            raw.frame[shape_column(column)] = raw.frame[column.name].str.replace(" ", "")
    checks = feed_checks(feed, raw.present, lists)
    out.checks = _outcomes(checks, _run_checks(feed, raw, checks, datasource), raw, feed)


def _feed_result(feed: Feed, outcome, prepared: PreparedFeed | None, drop_dir: Path,
                 con, datasource, lists, keep_rows: bool) -> tuple[FeedResult, FeedRead | None]:
    out = FeedResult(file=feed.file, feed=f"{feed.source}.{feed.table}", optional=feed.optional)
    path = drop_dir / feed.file
    rows = None
    if outcome.status == LOAD_ABSENT:
        out.status = ABSENT
    elif outcome.status == FAILED:
        out.status = UNUSABLE if path.exists() else ABSENT
        out.problems.append(outcome.message)
    else:
        rows = fetch_arrow(con, f"select * from {prepared.rows}")
        _validate_rows(feed, raw_feed(con, prepared, path, rows), out, datasource, lists)
    return out, (FeedRead.take(con, outcome, prepared, rows) if keep_rows else None)


def read_and_validate_feed(feed: Feed, drop_dir: Path, project_dir: Path,
                           keep_rows: bool = False) -> tuple[FeedResult, FeedRead | None]:
    """Read and check one registry feed of `drop_dir`, in this process; with `keep_rows`,
    also the feed as read, for the load (`load_drop(read=...)`), so that `hi run` reads
    each file once."""
    started = time.perf_counter()
    lists = code_lists(str(Path(project_dir).resolve()))
    _, datasource = _gx_context()
    with duckdb.connect() as con, _without_batch_fingerprints():
        for outcome, prepared in iter_drop(con, drop_dir, (feed,)):
            result, read = _feed_result(feed, outcome, prepared, drop_dir, con, datasource,
                                        lists, keep_rows)
    result.seconds = time.perf_counter() - started
    return result, read


def validate_feed(feed: Feed, drop_dir: Path, project_dir: Path) -> FeedResult:
    """Read and check one registry feed of `drop_dir`, in this process."""
    return read_and_validate_feed(feed, drop_dir, project_dir)[0]
