"""`hi validate`: Great Expectations validation of a drop folder against the feed registry.

    validate_drop(drop_dir, report_dir) -> ValidationResult

Modules, each importing only those above it:

- `results`: what validation finds (check outcomes, feed and drop results);
- `rules`: the checks, derived from the feed registry and nothing else;
- `read`: a drop file as the loader reads it, as the DataFrame GX validates;
- `report`: the report pages (index.html, summary.md, results.json);
- `drop`: the run over a drop folder and the `hi validate` command.
"""
import os

# Before Great Expectations is first imported: no analytics, nothing sent anywhere.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

from python_helpers.validate.drop import main, validate_drop  # noqa: E402
from python_helpers.validate.results import (  # noqa: E402
    ABSENT, UNUSABLE, USABLE, CheckOutcome, FeedResult, ValidationResult,
)

__all__ = ["ABSENT", "UNUSABLE", "USABLE", "CheckOutcome", "FeedResult", "ValidationResult",
           "main", "validate_drop"]
