"""`hi validate DROP --report DIR`: Great Expectations validation of a drop folder.

Each drop-folder file is read by the loader's own reader (see `read`) and its
rows are validated as a pandas DataFrame by Great Expectations 1.x, in an ephemeral,
in-memory context with analytics and progress bars off: nothing is written outside the
report folder and nothing needs the network. The expectations come from the feed
registry only (`rules`): column set, row count, not-null, unique, a shape regex
per column type, the registry's `pattern`, ranges for numbers, accepted values and code
lists from seeds/reference.

Two kinds of finding:
- a feed that cannot be used makes `.ok` False and `main` return 1, with the message the
  load would give, naming the file and the problem: file missing, unreadable, not UTF-8,
  not comma-delimited, a registry column missing, a quote that swallows records, every
  record malformed, a real NHS number in a pseudonym column. objections.csv is optional,
  but if present it must be usable, because opt-outs are applied from it;
- everything at data level (impossible dates, unknown codes, ages over the maximum, bad
  postcodes, records the loader will quarantine ...) is a warning, counted per
  expectation with example values and rows. The synthetic data is dirty on purpose;
  staging flags these rows and the loader keeps them.

Report: `index.html` and `summary.md` in the report folder (plus `results.json`), written
by `report`. They are our own pages rather than GX Data Docs: Data Docs need a
file-backed GX project and print offending values verbatim, while this report masks
values of pseudonym and postcode columns to their shape (a "bad pseudonym" may be a real
NHS number).

Speed: every check runs on every row (no sampling, no expectation left out). Two GX
costs had to be worked around. Its pandas engine filters the whole batch DataFrame for
each metric, so one suite on a wide file costs expectations x columns x rows (48 s for a
200,000 x 49 file): the checks run as one suite per column on a one-column frame. And it
hashes every batch for a fingerprint nobody reads (see `_without_batch_fingerprints`).
Measured on a trust-size drop (A&E 400,000 x 19, inpatient 200,000 x 49, services
50,000 x 91, waiting list 80,000 x 21, the rest small) on two busy shared cores: about
22 s for the whole drop, reading by the loader's reader included (A&E 5.5 s, inpatient
5.8 s, services 5.2 s), plus about 5 s to import GX.
"""
from __future__ import annotations

import sys
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import great_expectations as gx
import pandas as pd
from great_expectations.data_context.types.base import (
    DataContextConfig, InMemoryStoreBackendDefaults, ProgressBarsConfig,
)
from great_expectations.execution_engine import pandas_execution_engine

from python_helpers import PROJECT_DIR
from python_helpers.load import PreparedFeed, iter_drop
from python_helpers.load.outcome import ABSENT as LOAD_ABSENT, FAILED
from python_helpers.load.reader import unexpected_csv_files
from python_helpers.registry import Feed, load_registry
from python_helpers.validate.read import RawFeed, raw_feed
from python_helpers.validate.report import shape, write_reports
from python_helpers.validate.results import (
    ABSENT, UNUSABLE, CheckOutcome, FeedResult, ValidationResult,
)
from python_helpers.validate.rules import (
    Check, code_lists, feed_checks, needs_number, number_column, shape_column,
)

MAX_EXAMPLES = 5
MAX_ROWS = 10


def _gx_context():
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
    )
    context = gx.get_context(mode="ephemeral", project_config=config)
    return context, context.data_sources.add_pandas("drop_folder")


def _examples(raw: RawFeed, check: Check, result: dict) -> tuple[list[str], list[int]]:
    """Distinct offending raw values (masked where needed) and their rows."""
    rows = [int(i) for i in result.get("partial_unexpected_index_list") or []]
    if check.column is None or not rows:
        return [], rows[:MAX_ROWS]
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
            results += batch.validate(suite, result_format="SUMMARY").results
    return results


def _validate_rows(feed: Feed, raw: RawFeed, out: FeedResult, datasource, lists) -> None:
    out.rows = int(raw.frame.shape[0])
    out.notes = _file_notes(raw)
    for column in feed.columns:
        if column.name in raw.present and needs_number(column):
            raw.frame[number_column(column)] = pd.to_numeric(raw.frame[column.name],
                                                             errors="coerce")
        if column.name in raw.present and shape_column(column) != column.name:
            raw.frame[shape_column(column)] = raw.frame[column.name].str.replace(" ", "")
    checks = feed_checks(feed, raw.present, lists)
    out.checks = _outcomes(checks, _run_checks(feed, raw, checks, datasource), raw, feed)


def _feed_result(feed: Feed, outcome, prepared: PreparedFeed | None, drop_dir: Path,
                 con, datasource, lists) -> FeedResult:
    out = FeedResult(file=feed.file, feed=f"{feed.source}.{feed.table}", optional=feed.optional)
    path = drop_dir / feed.file
    if outcome.status == LOAD_ABSENT:
        out.status = ABSENT
    elif outcome.status == FAILED:
        out.status = UNUSABLE if path.exists() else ABSENT
        out.problems.append(outcome.message)
    else:
        _validate_rows(feed, raw_feed(con, prepared, path), out, datasource, lists)
    return out


def validate_drop(drop_dir: Path | str, report_dir: Path | str, *,
                  project_dir: Path | str = PROJECT_DIR, echo: bool = False) -> ValidationResult:
    """Validate every registry file in `drop_dir`; write the report into `report_dir`.

    Never raises for a bad file: unusable feeds are reported in the result. Raises
    NotADirectoryError only when `drop_dir` itself is not a folder. `echo` prints one
    line per feed as it is done (the main command's progress)."""
    started = time.perf_counter()
    drop_dir, report_dir = Path(drop_dir), Path(report_dir)
    if not drop_dir.is_dir():
        raise NotADirectoryError(f"drop folder {drop_dir} does not exist")
    registry = load_registry(project_dir)
    lists = code_lists(str(Path(project_dir).resolve()))
    _, datasource = _gx_context()

    feeds: dict[str, FeedResult] = {}
    with duckdb.connect() as con, _without_batch_fingerprints():
        t = time.perf_counter()
        for outcome, prepared in iter_drop(con, drop_dir, registry):
            feed = outcome.feed
            result = _feed_result(feed, outcome, prepared, drop_dir, con, datasource, lists)
            result.seconds, t = time.perf_counter() - t, time.perf_counter()
            feeds[feed.file] = result
            if echo:
                print(result.one_line(), flush=True)

    result = ValidationResult(
        ok=not any(f.problems for f in feeds.values()), drop_dir=drop_dir, feeds=feeds,
        report_path=report_dir / "index.html", summary_path=report_dir / "summary.md",
        unknown_files=list(unexpected_csv_files(drop_dir)))
    result.seconds = time.perf_counter() - started
    write_reports(result, report_dir)
    return result


def main(args) -> int:
    drop, report = Path(args.drop), Path(args.report)
    if not drop.is_dir():
        print(f"error: drop folder {drop} does not exist", file=sys.stderr)
        return 1
    result = validate_drop(drop, report, echo=True)
    for name in result.unknown_files:
        print(f"{name}: not a file of the drop-folder contract (ignored)")
    print(f"validated in {result.seconds:.1f} s; report: {result.report_path}")
    if not result.ok:
        for problem in result.problems():
            print(f"error: {problem}", file=sys.stderr)
        print("error: the drop cannot be used until the file(s) above are fixed",
              file=sys.stderr)
        return 1
    return 0
