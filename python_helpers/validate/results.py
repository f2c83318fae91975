"""What `hi validate` finds: one outcome per check, one result per feed and per drop.

Plain data classes, read by the run (`drop`), the report (`report`), the main command and
the tests; this module imports nothing of the package, so no two modules import each
other.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

USABLE, UNUSABLE, ABSENT = "usable", "unusable", "absent"


@dataclass
class CheckOutcome:
    """The result of one expectation on one feed."""
    column: str | None           # registry column name; None for a table-level check
    header: str | None           # verbatim header
    expectation: str             # GX expectation type
    check: str                   # what the spec expects, in words
    success: bool
    unexpected_count: int
    element_count: int
    examples: list[str] = field(default_factory=list)   # distinct offending values
    rows: list[int] = field(default_factory=list)       # _source_row of offending rows
    error: str | None = None     # the check itself could not run

    @property
    def message(self) -> str:
        where = f"column {self.header!r}" if self.header else "table"
        return f"{where}: {self.unexpected_count} value(s) not {self.check}"


@dataclass
class FeedResult:
    file: str
    feed: str                    # dbt source.table
    optional: bool
    status: str = USABLE         # usable, unusable, absent
    rows: int | None = None      # rows validated (records the loader lands)
    problems: list[str] = field(default_factory=list)   # why the feed cannot be used
    notes: list[str] = field(default_factory=list)      # file-level warnings
    checks: list[CheckOutcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed_checks(self) -> list[CheckOutcome]:
        return [c for c in self.checks if not c.success]

    def check(self, column: str | None, expectation: str) -> CheckOutcome:
        """The outcome of `expectation` (GX type, or its suffix) on `column`."""
        for c in self.checks:
            if c.column == column and c.expectation.endswith(expectation):
                return c
        raise KeyError(f"{self.file}: no {expectation} check on {column}")

    def one_line(self) -> str:
        if self.status == ABSENT and not self.problems:
            return f"{self.file}: absent (optional)"
        rows = "" if self.rows is None else f", {self.rows:,} rows"
        warn = sum(c.unexpected_count for c in self.failed_checks)
        text = (f"{self.file}: {self.status}{rows}, {len(self.failed_checks)} check(s) with "
                f"warnings ({warn:,} values)")
        return text + "".join(f"\n    ! {p}" for p in self.problems)


@dataclass
class ValidationResult:
    ok: bool
    drop_dir: Path
    feeds: dict[str, FeedResult]           # by file name, registry order
    report_path: Path                      # index.html
    summary_path: Path                     # summary.md
    unknown_files: list[str] = field(default_factory=list)
    seconds: float = 0.0
    # with validate_drop(keep_rows=True): each feed as read (load.reader.FeedRead, by file
    # name), which `hi run` hands to the load so that each file is read once
    read: dict[str, object] = field(default_factory=dict, repr=False)

    def problems(self) -> list[str]:
        """One message per reason the drop cannot be used, each naming its file."""
        return [p for f in self.feeds.values() for p in f.problems]

    def summary(self) -> str:
        lines = [f.one_line() for f in self.feeds.values()]
        lines += [f"{name}: not a file of the drop-folder contract (ignored)"
                  for name in self.unknown_files]
        return "\n".join(lines)
