"""`hi report`: what reviewers and analysts look at, written from a built warehouse.

- the inequality report (`reports/inequality_report.html`): charts of the research
  questions from the published marts, each with a plain-English reading, its disclosure
  note and data-quality caveats; self-contained (works offline);
- the governance pack (`reports/governance/governance_pack.md` and `.html`): what was
  received, objections, quarantine, linkage bias, disclosure control, tests, who can read
  what, retention, and the data-minimisation review.

`hi run` ends with both (after dbt build and docs). Both read the DuckDB warehouse and
dbt's manifest and catalog (target/); numbers come from them when the files are written.
"""
from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from python_helpers import PROJECT_DIR

DEFAULT_OUT = PROJECT_DIR / "reports"
REPORT_FILE = "inequality_report.html"
PACK_DIR = "governance"
PACK_FILE = "governance_pack"


@dataclass
class ReportPaths:
    report: Path | None = None
    pack_markdown: Path | None = None
    pack_html: Path | None = None


def _artefacts(target: Path) -> tuple[dict, dict]:
    manifest_path = target / "manifest.json"
    if not manifest_path.exists():
        raise FileNotFoundError(f"{manifest_path} does not exist: build first (hi build)")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    catalog_path = target / "catalog.json"
    catalog = (json.loads(catalog_path.read_text(encoding="utf-8"))
               if catalog_path.exists() else {"nodes": {}, "sources": {}})
    return manifest, catalog


def _say(message: str, echo: bool) -> float:
    if echo:
        print(message, flush=True)
    return time.perf_counter()


def write_reports(db_path: Path | str, target: Path | str | None = None,
                  out_dir: Path | str = DEFAULT_OUT, which: str = "all",
                  echo: bool = False) -> ReportPaths:
    """Write the inequality report and/or the governance pack; returns their paths."""
    from python_helpers.registry import load_registry
    from python_helpers.report.warehouse import Warehouse

    target = Path(target or PROJECT_DIR / "target")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest, catalog = _artefacts(target)
    paths = ReportPaths()
    with Warehouse(db_path) as wh:
        if which in ("all", "inequality"):
            from python_helpers.report.inequality import render_report
            t = _say("  inequality report: reading the research-question marts, drawing charts",
                     echo)
            paths.report = out_dir / REPORT_FILE
            paths.report.write_text(render_report(wh, manifest), encoding="utf-8")
            _say(f"  inequality report written ({time.perf_counter() - t:.1f} s)", echo)
        if which in ("all", "governance"):
            from python_helpers.report.governance import PackInputs, governance_markdown
            from python_helpers.report.lineage import compute_lineage
            from python_helpers.report.markdown import to_html
            from python_helpers.report.minimisation import review_minimisation
            t = _say("  governance pack: tracing every received field through the compiled "
                     "SQL (column-level lineage)", echo)
            lineage = compute_lineage(manifest, catalog)
            review = review_minimisation(lineage, manifest, load_registry())
            _say(f"  lineage traced ({time.perf_counter() - t:.1f} s); writing the pack", echo)
            text = governance_markdown(PackInputs(wh, manifest, catalog, load_registry(),
                                                  review, docs_path=target / "static_index.html"))
            pack_dir = out_dir / PACK_DIR
            pack_dir.mkdir(parents=True, exist_ok=True)
            paths.pack_markdown = pack_dir / f"{PACK_FILE}.md"
            paths.pack_markdown.write_text(text, encoding="utf-8")
            paths.pack_html = pack_dir / f"{PACK_FILE}.html"
            paths.pack_html.write_text(to_html(text, "Governance pack"), encoding="utf-8")
            if echo:
                print(f"  data minimisation: {len(review.fields) - len(review.unused)} of "
                      f"{len(review.fields)} received fields reach a published mart; "
                      f"{len(review.unused)} received, never used (listed per feed in the pack)")
    return paths


def main(args) -> int:
    try:
        paths = write_reports(args.duckdb, args.target_path, args.out, args.which, echo=True)
    except FileNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for label, path in (("inequality report", paths.report),
                        ("governance pack", paths.pack_html),
                        ("governance pack (Markdown)", paths.pack_markdown)):
        if path:
            print(f"{label + ':':28}{path}")
    return 0
