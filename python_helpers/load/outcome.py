"""What a load did, per feed: the rows of `_load_log` and the result callers inspect, and
the rule for files with a header and no records."""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from pathlib import Path

from python_helpers.load.errors import FeedError
from python_helpers.registry import Feed

# empty: the file has a header and no records (allowed for it, or an optional file).
LOADED, EMPTY, FAILED, ABSENT = "loaded", "empty", "failed", "absent"

LOG_COLUMNS = (
    ("feed", "VARCHAR"),
    ("file", "VARCHAR"),
    ("status", "VARCHAR"),
    ("rows_read", "BIGINT"),
    ("rows_loaded", "BIGINT"),
    ("rows_rejected", "BIGINT"),
    ("extra_columns", "VARCHAR"),
    ("message", "VARCHAR"),
    ("file_sha256", "VARCHAR"),
)


@dataclass(frozen=True)
class FeedOutcome:
    """One feed of one load. A failed or absent feed landed nothing: its counts are 0.
    Status: loaded, empty (a header and no records, landed as an empty table), failed (the
    previous table is kept) or absent (an optional file not in the drop)."""
    feed: Feed
    status: str
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    extra_columns: tuple[str, ...] = ()
    message: str | None = None
    file_sha256: str | None = None
    error: FeedError | None = None

    @property
    def file(self) -> str:
        return self.feed.file

    def __repr__(self) -> str:
        return (f"FeedOutcome({self.feed.identifier!r}, {self.status!r}, read={self.rows_read}, "
                f"loaded={self.rows_loaded}, rejected={self.rows_rejected}, "
                f"extra={self.extra_columns!r}, message={self.message!r})")

    def log_row(self) -> tuple:
        return (self.feed.identifier, self.file, self.status, self.rows_read,
                self.rows_loaded, self.rows_rejected,
                ",".join(self.extra_columns) or None, self.message, self.file_sha256)


def failed(feed: Feed, error: FeedError, file_sha256: str | None = None) -> FeedOutcome:
    return FeedOutcome(feed, FAILED, message=str(error), file_sha256=file_sha256, error=error)


def refuse_empty(outcome: FeedOutcome, allowed: Collection[str]) -> FeedOutcome:
    """A required feed whose file has a header and no records fails, unless its identifier
    is in `allowed` (`--allow-empty`): an empty file is more often a failed export than a
    delivery with nothing in it. Optional files (objections) may be empty."""
    feed = outcome.feed
    if outcome.status != EMPTY or feed.optional:
        return outcome
    if feed.identifier in allowed:
        return replace(outcome, message=f"{outcome.message} (allowed by --allow-empty)")
    return failed(feed, FeedError(
        feed.file, "has a header but no records: a required feed is refused when empty, "
        "so that a failed export is not taken for a delivery with nothing in it, and its "
        "previous table, if any, is kept; if the file really has no records this time, "
        f"load it with --allow-empty {feed.file}"), outcome.file_sha256)


@dataclass(frozen=True)
class LoadResult:
    outcomes: tuple[FeedOutcome, ...]
    db_path: Path
    seconds: float = 0.0
    unexpected_files: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        """Every partner feed loaded, and the objections file too when it is present:
        a failed objections file would let objectors through, so it fails the load."""
        return not self.failures and all(
            o.status in (LOADED, EMPTY) for o in self.outcomes if not o.feed.optional)

    @property
    def failures(self) -> list[FeedOutcome]:
        return [o for o in self.outcomes if o.status == FAILED]

    @property
    def rows_loaded(self) -> int:
        return sum(o.rows_loaded for o in self.outcomes)

    @property
    def rows_read(self) -> int:
        return sum(o.rows_read for o in self.outcomes)

    def __getitem__(self, identifier: str) -> FeedOutcome:
        for o in self.outcomes:
            if o.feed.identifier == identifier:
                return o
        raise KeyError(identifier)

    def summary(self) -> str:
        width = max(len(o.feed.identifier) for o in self.outcomes)
        lines = [f"{'feed':{width}}  {'read':>10}  {'loaded':>10}  {'rejected':>8}  "
                 f"{'extra':>5}  status"]
        for o in self.outcomes:
            lines.append(f"{o.feed.identifier:{width}}  {o.rows_read:>10,}  "
                         f"{o.rows_loaded:>10,}  {o.rows_rejected:>8,}  "
                         f"{len(o.extra_columns):>5}  {o.status}")
        notes = [o for o in self.outcomes if o.message and o.status != FAILED]
        if notes:
            lines.append("notes:")
            lines += [f"  {o.feed.identifier}: {o.message}" for o in notes]
        if self.unexpected_files:
            lines.append("CSV files the drop-folder contract does not name (not loaded): "
                         + ", ".join(self.unexpected_files))
        if self.failures:
            lines.append("failed:")
            lines += [f"  {o.message}" for o in self.failures]
        return "\n".join(lines)
