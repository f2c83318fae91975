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

Speed: each feed is read and checked in a worker process
(`checks.read_and_validate_feed`), one per core up to `MAX_WORKERS` (`HI_VALIDATE_WORKERS`
sets another number; 1 runs in this process): Great Expectations' own work is Python, one
core per process, so a 2-core laptop validates two feeds at a time, largest files first. A
trust year (A&E 400,000 x 19, inpatient 200,000 x 49, services 36,000 x 91, waiting list
170,000 x 21, the rest small) takes about 9 s of reading and checking on one core; see the
README's "Speed and memory" for the figures of the whole stage. `hi run` keeps what the
workers read (`keep_rows`) and lands it, so the load does not read the files again.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from python_helpers import PROJECT_DIR
from python_helpers.load.reader import unexpected_csv_files
from python_helpers.registry import Feed, load_registry
from python_helpers.validate.checks import read_and_validate_feed
from python_helpers.validate.report import write_reports
from python_helpers.validate.results import FeedResult, ValidationResult

MAX_WORKERS = 4  # more rarely helps (one or two files dominate) and each holds a frame
# Linux: fork, so each worker inherits the imported Great Expectations (a 3.5 s import)
# instead of importing it again; a worker opens its own in-memory DuckDB connection and
# touches nothing of the parent's. Elsewhere (macOS, Windows) fork is unsafe or missing.
START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"


def _workers(feeds: int) -> int:
    wanted = os.environ.get("HI_VALIDATE_WORKERS")
    if wanted:
        try:
            count = int(wanted)
        except ValueError:
            raise SystemExit(f"error: HI_VALIDATE_WORKERS={wanted!r} is not a whole number")
    else:
        count = min(os.cpu_count() or 1, MAX_WORKERS)
    return max(1, min(count, feeds))


def _largest_first(feeds: tuple[Feed, ...], drop_dir: Path) -> list[Feed]:
    def size(feed: Feed) -> int:
        path = drop_dir / feed.file
        return path.stat().st_size if path.is_file() else 0
    return sorted(feeds, key=size, reverse=True)


def _check_feeds(feeds: tuple[Feed, ...], drop_dir: Path, project_dir: Path,
                 echo: bool, keep_rows: bool) -> tuple[dict[str, FeedResult], dict]:
    """Each feed's result, by file name, in registry order; and with `keep_rows` each
    feed as read (FeedRead, by file name)."""
    done: dict[str, FeedResult] = {}
    read: dict = {}

    def finished(result: FeedResult, feed_read) -> None:
        done[result.file] = result
        if feed_read is not None:
            read[result.file] = feed_read
        if echo:
            print(result.one_line(), flush=True)

    workers = _workers(len(feeds))
    if workers == 1:
        for feed in feeds:
            finished(*read_and_validate_feed(feed, drop_dir, project_dir, keep_rows))
    else:
        context = multiprocessing.get_context(START_METHOD)
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            pending = [pool.submit(read_and_validate_feed, feed, drop_dir, project_dir,
                                   keep_rows)
                       for feed in _largest_first(feeds, drop_dir)]
            for future in as_completed(pending):
                finished(*future.result())
    return {feed.file: done[feed.file] for feed in feeds}, read


def validate_drop(drop_dir: Path | str, report_dir: Path | str, *,
                  project_dir: Path | str = PROJECT_DIR, echo: bool = False,
                  keep_rows: bool = False) -> ValidationResult:
    """Validate every registry file in `drop_dir`; write the report into `report_dir`.

    Never raises for a bad file: unusable feeds are reported in the result. Raises
    NotADirectoryError only when `drop_dir` itself is not a folder. `echo` prints one
    line per feed as it is done (the main command's progress). `keep_rows`: the result's
    `read` holds each feed as the loader's reader read it, for `load_drop(read=...)`
    (`hi run`: each file is read once, for both)."""
    started = time.perf_counter()
    drop_dir, report_dir = Path(drop_dir), Path(report_dir)
    if not drop_dir.is_dir():
        raise NotADirectoryError(f"drop folder {drop_dir} does not exist")
    feeds, read = _check_feeds(tuple(load_registry(project_dir)), drop_dir,
                               Path(project_dir), echo, keep_rows)

    result = ValidationResult(
        ok=not any(f.problems for f in feeds.values()), drop_dir=drop_dir, feeds=feeds,
        report_path=report_dir / "index.html", summary_path=report_dir / "summary.md",
        unknown_files=list(unexpected_csv_files(drop_dir)), read=read)
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
