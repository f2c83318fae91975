"""The validation report: index.html, summary.md and results.json in the report folder.

Plain, self-contained pages (no scripts, no external assets) that a data engineer or an
information-governance reviewer can open from the file system. Values of pseudonym and
postcode columns are shown as their shape only (digits as 9, letters as A).
"""
from __future__ import annotations

import html
import json
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from python_helpers.validate.results import CheckOutcome, FeedResult, ValidationResult
from python_helpers.value_rules import mask

ROW_NOTE = ("Rows are the raw table's _source_row: the record's number among the file's "
            "data records, so row n is on line n + 1 of the file unless a quoted value "
            "spans lines or blank lines occur. Quarantined records are named by file line.")


def shape(value: str) -> str:
    """The shape of a value without its content, masked as the registry says
    (`value_rules.mask`: 'ss1 2AB' -> 'AA9 9AA'), a long one cut short."""
    text = mask(value)
    return text if len(text) <= 24 else f"{text[:20]}... ({len(value)} characters)"


def _status_word(result: ValidationResult) -> str:
    return "OK: every feed can be loaded" if result.ok else "FAILED: the drop cannot be used"


def _pct(check: CheckOutcome) -> str:
    if not check.element_count or check.column is None:
        return ""
    return f"{100 * check.unexpected_count / check.element_count:.2f}%"


def _where(check: CheckOutcome) -> str:
    return check.header if check.header is not None else "(table)"


def _check_outcome_text(check: CheckOutcome) -> str:
    if check.error:
        return f"could not run: {check.error}"
    return "pass" if check.success else "warning"


# --- Markdown --------------------------------------------------------------------------

def _md_cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _markdown(result: ValidationResult, generated: str) -> str:
    out = [f"# Validation of {result.drop_dir}", "",
           f"**{_status_word(result)}** ({generated}, {result.seconds:.1f} s).", ""]
    if result.problems():
        out += ["Feeds that cannot be used:", ""] + [f"- {p}" for p in result.problems()] + [""]
    out += ["| file | status | rows | checks with warnings | values flagged |",
            "|---|---|---:|---:|---:|"]
    for f in result.feeds.values():
        flagged = sum(c.unexpected_count for c in f.failed_checks)
        rows = "" if f.rows is None else f"{f.rows:,}"
        out.append(f"| {f.file} | {f.status} | {rows} | {len(f.failed_checks)} | {flagged:,} |")
    for name in result.unknown_files:
        out.append(f"| {name} | not in the contract (ignored) | | | |")
    for f in result.feeds.values():
        out += ["", f"## {f.file} ({f.status})", ""]
        out += [f"- problem: {p}" for p in f.problems] + [f"- note: {n}" for n in f.notes]
        if f.failed_checks:
            out += ["", "| column | expects | flagged | % | examples | rows |",
                    "|---|---|---:|---:|---|---|"]
            for c in f.failed_checks:
                out.append("| " + " | ".join(_md_cell(x) for x in (
                    _where(c), c.check if not c.error else f"{c.check} ({c.error})",
                    f"{c.unexpected_count:,}", _pct(c), "; ".join(c.examples),
                    ", ".join(map(str, c.rows)))) + " |")
        elif f.status == "usable":
            out.append(f"- all {len(f.checks)} checks pass")
    out += ["", ROW_NOTE, ""]
    return "\n".join(out)


# --- HTML ------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,sans-serif;margin:2em;max-width:75em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3} td.n{text-align:right}
.usable{color:#17602a}.unusable{color:#a00;font-weight:bold}.absent{color:#777}
.warning{color:#8a5a00}.fail{background:#fde8e8;padding:.5em 1em;border-left:4px solid #a00}
.ok{background:#e8f6ec;padding:.5em 1em;border-left:4px solid #17602a}
code{background:#f6f6f6}
"""


def _e(text: object) -> str:
    return html.escape(str(text))


def _html_checks(checks: list[CheckOutcome]) -> str:
    rows = []
    for c in checks:
        cls = "warning" if not c.success else ""
        rows.append(
            f"<tr class='{cls}'><td>{_e(_where(c))}</td><td>{_e(c.check)}</td>"
            f"<td><code>{_e(c.expectation)}</code></td><td>{_e(_check_outcome_text(c))}</td>"
            f"<td class='n'>{c.unexpected_count:,}</td><td class='n'>{_pct(c)}</td>"
            f"<td>{'<br>'.join(_e(x) for x in c.examples)}</td>"
            f"<td>{_e(', '.join(map(str, c.rows)))}</td></tr>")
    return ("<table><tr><th>column</th><th>expects</th><th>GX expectation</th><th>result</th>"
            "<th>flagged</th><th>%</th><th>examples</th><th>rows</th></tr>"
            + "".join(rows) + "</table>")


def _html_feed(f: FeedResult) -> str:
    parts = [f"<h2 id='{_e(f.file)}'>{_e(f.file)} <span class='{f.status}'>({f.status})</span>"
             f"</h2><p>dbt source <code>{_e(f.feed)}</code>"
             + ("" if f.rows is None else f", {f.rows:,} rows") + f", {f.seconds:.1f} s</p>"]
    if f.problems:
        parts.append("<div class='fail'><ul>" + "".join(f"<li>{_e(p)}</li>" for p in f.problems)
                     + "</ul></div>")
    if f.notes:
        parts.append("<ul>" + "".join(f"<li>{_e(n)}</li>" for n in f.notes) + "</ul>")
    if f.failed_checks:
        parts.append("<h3>Checks with warnings</h3>" + _html_checks(f.failed_checks))
    passed = [c for c in f.checks if c.success]
    if passed:
        parts.append(f"<details><summary>{len(passed)} checks pass</summary>"
                     + _html_checks(passed) + "</details>")
    return "\n".join(parts)


def _html(result: ValidationResult, generated: str) -> str:
    banner = "ok" if result.ok else "fail"
    problems = "".join(f"<li>{_e(p)}</li>" for p in result.problems())
    overview = []
    for f in result.feeds.values():
        flagged = sum(c.unexpected_count for c in f.failed_checks)
        rows = "" if f.rows is None else f"{f.rows:,}"
        overview.append(
            f"<tr><td><a href='#{_e(f.file)}'>{_e(f.file)}</a></td><td>{_e(f.feed)}</td>"
            f"<td class='{f.status}'>{f.status}</td><td class='n'>{rows}</td>"
            f"<td class='n'>{len(f.failed_checks)}</td><td class='n'>{flagged:,}</td>"
            f"<td>{_e('; '.join(f.problems))}</td></tr>")
    for name in result.unknown_files:
        overview.append(f"<tr><td>{_e(name)}</td><td></td><td class='absent'>not in the "
                        "contract (ignored)</td><td></td><td></td><td></td><td></td></tr>")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Validation of {_e(result.drop_dir.name)}</title><style>{_CSS}</style></head><body>
<h1>Validation of the drop folder <code>{_e(result.drop_dir)}</code></h1>
<div class="{banner}"><strong>{_e(_status_word(result))}</strong>
{f"<ul>{problems}</ul>" if problems else ""}</div>
<p>Great Expectations checks derived from the feed registry (the dbt sources YAML), run on
every row of every file; generated {_e(generated)} in {result.seconds:.1f} s. Data-level
findings are warnings: staging flags those rows and the loader keeps them. Values of
pseudonym and postcode columns are shown as their shape only. {_e(ROW_NOTE)}</p>
<table><tr><th>file</th><th>dbt source</th><th>status</th><th>rows</th>
<th>checks with warnings</th><th>values flagged</th><th>problem</th></tr>
{''.join(overview)}</table>
{''.join(_html_feed(f) for f in result.feeds.values())}
</body></html>
"""


def write_reports(result: ValidationResult, report_dir: Path) -> None:
    report_dir.mkdir(parents=True, exist_ok=True)
    generated = datetime.now().strftime("%Y-%m-%d %H:%M")
    result.report_path.write_text(_html(result, generated), encoding="utf-8")
    result.summary_path.write_text(_markdown(result, generated), encoding="utf-8")
    payload = {"ok": result.ok, "drop_dir": str(result.drop_dir), "generated": generated,
               "seconds": round(result.seconds, 2), "unknown_files": result.unknown_files,
               "feeds": {name: asdict(f) for name, f in result.feeds.items()}}
    (report_dir / "results.json").write_text(json.dumps(payload, indent=2, default=str),
                                             encoding="utf-8")
