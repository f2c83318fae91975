"""The governance pack: what an information-governance reviewer (DPO, Caldicott Guardian,
SIRO) needs from each build, as Markdown (to attach to a DPIA) and the same text as HTML.

What was received (feeds, rows, date ranges), objections applied (counts only),
quarantined records by reason (never their text), linkage rates and their bias by group,
disclosure control on each published mart, the data tests, who can read what on
Snowflake, retention, and the data-minimisation review. Every figure is read from the
warehouse and dbt's artefacts when the pack is written; the prose says what the figures
mean. Counts here are exact (not disclosure-controlled): the pack is for the partners'
reviewers, not for publication.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from python_helpers import PROJECT_DIR
from python_helpers.registry import Feed
from python_helpers.report.markdown import bullets, code, table
from python_helpers.report.minimisation import MinimisationReview
from python_helpers.report.warehouse import Warehouse
from python_helpers.settings import RAW_SCHEMA, project_vars

RETENTION_DOC = PROJECT_DIR / "docs" / "snowflake.md"
RETENTION_HEADING = "### What Snowflake keeps of person-level data"
DESTRUCTION_RECORDS = PROJECT_DIR / "reports" / "destruction"
DATE_COLUMNS_SHOWN = 2   # per feed: the first date fields of the registry

# Quarantine reasons (python_helpers/load/quarantine.py) in words, without line numbers,
# field counts or any value: (pattern on the reason, what it means)
QUARANTINE_KINDS = (
    (r"fewer than the header", "fewer fields than the header"),
    (r"more than the header", "more fields than the header"),
    (r"double quote that is not closed", "a double quote not closed correctly"),
    (r"not valid UTF-8", "bytes that are not valid UTF-8"),
    (r"longer than the reader", "a record longer than the reader's maximum line"),
    (r"runs over lines", "stray double quotes joined lines (each line quarantined)"),
)


def quarantine_kind(reason: str) -> str:
    for pattern, kind in QUARANTINE_KINDS:
        if re.search(pattern, reason or ""):
            return kind
    return "other reader error"


@dataclass
class PackInputs:
    warehouse: Warehouse
    manifest: dict
    catalog: dict
    feeds: tuple[Feed, ...]
    review: MinimisationReview
    docs_path: Path | None = None
    destruction_dir: Path = DESTRUCTION_RECORDS


def _header(inputs: PackInputs) -> str:
    now = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    v = project_vars()
    meta = inputs.manifest.get("metadata", {})
    return (
        "# Governance pack: linked health and social care warehouse\n\n"
        f"Written {now} from the warehouse `{inputs.warehouse.path}` (dbt "
        f"{meta.get('dbt_version', '?')}, built {meta.get('generated_at', '?')[:19]}). "
        "For the partners' information-governance reviewers (DPO, Caldicott Guardian, "
        "SIRO), to attach to the DPIA. **Counts in this pack are exact, not "
        "disclosure-controlled: do not publish it.** Published outputs are the "
        "research-question marts and the inequality report, which are.\n\n"
        f"Reference date of the build: {v.get('reference_date')}.\n"
    )


def _received(inputs: PackInputs) -> str:
    wh = inputs.warehouse
    out = ["## What was received\n",
           "Each file of the drop folder, as the loader counted it against the file itself "
           "(rows read = rows loaded + rows quarantined), with its fingerprint (SHA-256) to "
           "trace it to the delivery, and the protocol's specification it follows.\n"]
    log = wh.table(RAW_SCHEMA, "_load_log")
    if log is None:
        return "\n".join(out + ["No load log: nothing has been loaded into this warehouse.\n"])
    by_id = {f.identifier: f for f in inputs.feeds}
    rows = []
    for r in log.itertuples():
        feed = by_id.get(r.feed)
        rows.append([r.file, feed.spec if feed else "", r.status, r.rows_read, r.rows_loaded,
                     r.rows_rejected, r.extra_columns or "", (r.file_sha256 or "")[:16]])
    out.append(table(["file", "spec", "status", "rows read", "loaded", "quarantined",
                      "extra columns", "SHA-256 (first 16)"], rows))
    out.append("### Date ranges\n")
    out.append("The earliest and latest readable dates of the first date fields of each feed "
               "(a date that cannot be read, or an impossible one the data tests flag, is "
               "counted, not shown).\n")
    rows = []
    for feed in inputs.feeds:
        if not wh.has(RAW_SCHEMA, feed.identifier):
            continue
        dates = [c for c in feed.columns if c.type in ("date", "datetime")][:DATE_COLUMNS_SHOWN]
        for c in dates:
            parsed = ("try_strptime(nullif(trim(\"{0}\"), ''), ['%d/%m/%Y %H:%M:%S', "
                      "'%d/%m/%Y %H:%M', '%d/%m/%Y'])").format(c.name)
            first, last, unreadable = wh.con.execute(
                f"select min({parsed})::date, max({parsed})::date, "
                f"count(*) filter (where nullif(trim(\"{c.name}\"), '') is not null "
                f"and {parsed} is null) from raw.\"{feed.identifier}\"").fetchone()
            rows.append([feed.file, code(c.header), first, last, unreadable])
    out.append(table(["file", "field", "earliest", "latest", "unreadable"], rows))
    recon = wh.table("data_quality", "dq_feed_reconciliation")
    if recon is not None:
        out.append("### Where every row went\n")
        out.append("From `data_quality.dq_feed_reconciliation`: rows flagged by staging are "
                   "kept (with their data-quality flags), rows of people whose objection "
                   "stands are removed before any join.\n")
        out.append(table(
            ["feed", "read", "loaded", "quarantined", "flagged", "removed (objections)",
             "permitted"],
            [[r.feed, r.rows_read, r.rows_loaded, r.rows_quarantined, _int(r.rows_flagged),
              r.rows_removed_by_objections, r.rows_permitted] for r in recon.itertuples()]))
    return "\n".join(out)


def _int(value):
    return None if value is None or pd.isna(value) else int(value)


def _objections(inputs: PackInputs) -> str:
    wh = inputs.warehouse
    out = ["## Objections applied\n",
           "Everyone whose objection stands (national data opt-out, UK GDPR Article 21 "
           "objection, Article 18 restriction) is removed from every feed before any join, "
           "by the governance views. Objections last: each drop's `objections.csv` is added "
           "to the objection register, which keeps them until `hi objections withdraw`. "
           "Counts only: no pseudonym is shown.\n"]
    register = wh.table("staging", "stg_governance__objection_register")
    if register is not None:
        counts = register.groupby("reason", dropna=False).size()
        out.append(table(["reason", "objections standing"],
                         [[reason, int(n)] for reason, n in counts.items()]
                         + [["people (any reason)",
                             int(register["nhs_number_pseudonym"].nunique())]]))
    events = wh.table(RAW_SCHEMA, "objection_register")
    if events is not None:
        counts = events.groupby("event").size()
        out.append("Register events (every objection delivered, every withdrawal): "
                   + ", ".join(f"{e} {int(n):,}" for e, n in counts.items())
                   + (f" in {int(events['batch'].nunique())} batch(es)."
                      if len(events) else "none.") + "\n")
    summary = wh.table("data_quality", "dq_linkage_summary")
    if summary is not None:
        s = dict(zip(summary["measure"], summary["persons_or_records"]))
        out.append(f"Listed in this drop's objections file: {_int(s.get('objectors_listed'))}; "
                   f"standing in the register (removed): {_int(s.get('objectors_registered'))}."
                   " Rows removed per feed: see *Where every row went* above.\n")
    return "\n".join(out)


def _quarantine(inputs: PackInputs) -> str:
    wh = inputs.warehouse
    out = ["## Quarantined records\n",
           "Records the loader could not land, by feed, column and kind of fault. The "
           "records themselves stay in `raw._quarantine` for the data engineers (with their "
           "line numbers, to query with the partner); this pack never shows their text.\n"]
    q = wh.df("select feed, column_name, reason from raw._quarantine") \
        if wh.has(RAW_SCHEMA, "_quarantine") else None
    if q is None or q.empty:
        out.append("None: every record of every file was loaded.\n")
        return "\n".join(out)
    q["kind"] = q["reason"].map(quarantine_kind)
    counts = q.groupby(["feed", "kind", q["column_name"].fillna("(whole record)")]).size()
    out.append(table(["feed", "fault", "column", "records"],
                     [[f, k, code(c) if c != "(whole record)" else c, int(n)]
                      for (f, k, c), n in counts.items()]))
    return "\n".join(out)


def _linkage(inputs: PackInputs) -> str:
    wh = inputs.warehouse
    out = ["## Linkage and its bias by group\n",
           "Hospital and social care records link through the shared keyed pseudonym of the "
           "NHS number; a social care record without one cannot link. A group linked less "
           "often than the whole population would be under-counted in the social-care "
           "answers (RQ2, and the vulnerable groups of RQ1 and RQ4).\n"]
    summary = wh.table("data_quality", "dq_linkage_summary")
    if summary is not None:
        out.append(table(["measure", "count"],
                         [[r.measure, _int(r.persons_or_records)]
                          for r in summary.itertuples()]))
    quality = wh.table("data_quality", "dq_linkage_quality")
    if quality is None:
        return "\n".join(out)
    for population, group in quality.groupby("population", sort=False):
        overall = group[group["dimension"] == "all"]
        if overall.empty:
            continue
        rate = float(overall["pct_linked"].iloc[0])
        out.append(f"### {population.replace('_', ' ')}\n")
        out.append(f"Overall {rate:.1f}% linked. Groups whose 95% interval (Wilson) lies "
                   "wholly below or above it are marked.\n")
        rows = []
        detail = group[group["dimension"] != "all"].sort_values(["dimension", "category"])
        for r in detail.itertuples():
            mark = ("below" if r.pct_linked_ci_upper < rate else
                    "above" if r.pct_linked_ci_lower > rate else "")
            rows.append([r.dimension, r.category, _int(r.persons), r.pct_with_nhs_number,
                         r.pct_linked, f"{r.pct_linked_ci_lower:.1f} to {r.pct_linked_ci_upper:.1f}",
                         mark])
        out.append(table(["breakdown", "group", "persons", "% with NHS number", "% linked",
                          "95% interval", "differs"], rows))
    return "\n".join(out)


def _disclosure(inputs: PackInputs) -> str:
    wh, manifest = inputs.warehouse, inputs.manifest
    v = project_vars()
    out = ["## Disclosure control of each published mart\n",
           f"The rule (NHS England's HES/ECDS outputs, as OpenSAFELY applies it; dbt vars "
           f"`disclosure_threshold` {v.get('disclosure_threshold')} and "
           f"`disclosure_rounding_base` {v.get('disclosure_rounding_base')}): a count from 1 "
           f"to {v.get('disclosure_threshold')} is suppressed (null, `is_suppressed` true), "
           f"every other count rounded to the nearest {v.get('disclosure_rounding_base')}; "
           "percentages, rates and ratios come from the rounded counts; a mean or median "
           "whose base is suppressed is suppressed. The data test `disclosure_controlled` "
           "checks every published mart with counts on every build; its outcome below is "
           "the latest build's.\n"]
    tests = wh.table("data_quality", "dq_test_results")
    rows = []
    for uid, node in sorted(manifest["nodes"].items()):
        if node["resource_type"] != "model" or node.get("access") != "public":
            continue
        name = node["name"]
        count_columns, outcome = [], "no counts: built from published values only"
        for test in manifest["nodes"].values():
            meta = test.get("test_metadata") or {}
            if (test["resource_type"] == "test" and meta.get("name") == "disclosure_controlled"
                    and test.get("attached_node") == uid):
                count_columns = (meta.get("kwargs") or {}).get("count_columns", [])
                outcome = "not run"
                if tests is not None:
                    hit = tests[tests["test_name"] == test["name"]]
                    if not hit.empty:
                        outcome = f"{hit['status'].iloc[0]} ({_int(hit['failures'].iloc[0])} rows at fault)"
        built = wh.has("marts", name)
        n_rows = suppressed = None
        if built:
            n_rows = int(wh.con.execute(f"select count(*) from marts.{name}").fetchone()[0])
            if "is_suppressed" in node["columns"]:
                suppressed = int(wh.con.execute(
                    f"select count(*) from marts.{name} where is_suppressed").fetchone()[0])
        rows.append([name, n_rows if built else "not built", suppressed,
                     ", ".join(count_columns), "yes" if node["contract"]["enforced"] else "no",
                     outcome])
    out.append(table(["mart", "rows", "rows with something withheld", "controlled counts",
                      "contract", "disclosure test"], rows))
    return "\n".join(out)


def _tests(inputs: PackInputs) -> str:
    tests = inputs.warehouse.table("data_quality", "dq_test_results")
    out = ["## Data tests of the build\n"]
    if tests is None:
        return "\n".join(out + ["No test results: the build has not run its tests.\n"])
    counts = tests.groupby(["status", "severity"]).size()
    out.append("Every data test's outcome and failing-row count is kept in "
               "`data_quality.dq_test_results` (the failing rows never are: they would hold "
               "person-level values).\n")
    out.append(table(["status", "severity", "tests"],
                     [[s, sev, int(n)] for (s, sev), n in counts.items()]))
    failing = tests[~tests["status"].isin(["pass", "success", "skipped"])]
    if not failing.empty:
        out.append("Tests that did not pass (on a synthetic drop, the generator plants "
                   "defects that warn on purpose; `hi run` tells them apart):\n")
        out.append(table(["test", "model", "status", "rows at fault"],
                         [[code(r.test_name), r.tested_model, r.status, _int(r.failures)]
                          for r in failing.itertuples()]))
    return "\n".join(out)


def _access(inputs: PackInputs) -> str:
    manifest, catalog = inputs.manifest, inputs.catalog
    out = ["## Who can read what\n",
           "On Snowflake the BI role (`SNOWFLAKE_BI_ROLE`) is granted `SELECT` on the "
           "models whose dbt config grants it (below) and `USAGE` on their schema; every "
           "other schema, raw and the snapshots stay with the transformer role that dbt "
           "runs as. dbt's `access` says who may build on a model: a private model can be "
           "read only by models of its own group, so dbt refuses, when it parses the "
           "project, a model elsewhere that would read person-level data. Set up step by "
           "step: docs/snowflake.md.\n"]
    rows = []
    groups: dict[tuple, list[str]] = {}
    for uid, node in manifest["nodes"].items():
        if node["resource_type"] not in ("model", "snapshot", "seed"):
            continue
        if node["config"].get("materialized") == "ephemeral":
            continue
        granted = "grants" in (node.get("unrendered_config") or {}) or bool(
            node["config"].get("grants"))
        columns = (catalog.get("nodes", {}).get(uid) or {}).get("columns") or node["columns"]
        person = any(str(c).lower().endswith("_pseudonym") for c in columns)
        key = (node["schema"], node.get("group") or "", node.get("access") or
               node["resource_type"], "yes" if person else "no",
               "BI role: SELECT" if granted else "transformer role only")
        groups.setdefault(key, []).append(node["name"])
    for (schema, group, access, person, readers), names in sorted(groups.items()):
        shown = ", ".join(sorted(names)[:4]) + (f" and {len(names) - 4} more"
                                                 if len(names) > 4 else "")
        rows.append([schema, group, access, person, readers, shown])
    rows.append([RAW_SCHEMA, "", "loader", "yes", "transformer role only",
                 "the feeds as delivered, _load_log, _quarantine, objection_register"])
    out.append(table(["schema", "dbt group", "access", "holds pseudonyms", "who reads it",
                      "models"], rows))
    return "\n".join(out)


def retention_text(doc: Path = RETENTION_DOC) -> str:
    """The retention section of docs/snowflake.md, as written there (one source)."""
    text = doc.read_text(encoding="utf-8")
    start = text.find(RETENTION_HEADING)
    if start < 0:
        return ""
    body = text[start + len(RETENTION_HEADING):]
    body = body[body.find("\n") + 1:]
    end = body.find("\n### ")
    return body[:end if end >= 0 else None].strip() + "\n"


def _retention(inputs: PackInputs) -> str:
    out = ["## Retention\n",
           "The protocol (section 9) keeps the data no longer than necessary for its "
           "purpose, then destroys it securely. On DuckDB the warehouse is one file "
           f"(`{inputs.warehouse.path}`); `hi destroy` removes its person-level relations "
           "and rewrites it so no freed block keeps the data. On Snowflake "
           "(from docs/snowflake.md):\n",
           retention_text()]
    records = sorted(inputs.destruction_dir.glob("*.md")) if inputs.destruction_dir.is_dir() \
        else []
    out.append("### Destruction records\n")
    if records:
        out.append("Written by `hi destroy` in `" + str(inputs.destruction_dir) + "`:\n")
        out.append(bullets([f"`{p.name}`" for p in records]))
    else:
        out.append(f"None yet in `{inputs.destruction_dir}`: `hi destroy` writes one (when, "
                   "by whom, which objects and how many rows, what was kept and why) each "
                   "time it runs.\n")
    return "\n".join(out)


def minimisation_markdown(review: MinimisationReview) -> str:
    total = len(review.fields)
    used = [f for f in review.fields if f.used]
    by_value = [f for f in used if f.by_value]
    out = ["## Data minimisation: which received fields are used\n",
           "For every field the partners send (the drop-folder contract, with the "
           "protocol's header verbatim), the published columns it reaches through dbt's "
           "column-level lineage (compiled SQL parsed with sqlglot): *by value* when its "
           "values flow into the column (transformed, aggregated or tested in a condition "
           "of the column's expression), or by deciding *which rows are counted* (a "
           "filter, a join, a grouping: a postcode that places a patient in an area, a "
           "date that says whether a service is open). A field that reaches no published column is "
           "**received, never used**: no output needs it, and the partner can stop sending "
           "it (the protocol's necessity test; UK GDPR Article 5(1)(c)).\n",
           f"**{len(used)} of {total} received fields reach a published mart** "
           f"({len(by_value)} by value, {len(used) - len(by_value)} only by deciding which "
           f"rows are counted); **{total - len(used)} are received, never used.** "
           f"Published marts (dbt access public): {', '.join(review.published_models)}.\n"]
    if review.unparsed:
        out.append("Models whose SQL could not be traced, so every field they read counts "
                   "as used (a field is never called unused because of the parser): "
                   + ", ".join(f"`{u.split('.')[-1]}` ({why})"
                               for u, why in sorted(review.unparsed.items())) + "\n")
    out.append("### Received, never used, per feed\n")
    for feed_id, fields in review.by_feed().items():
        unused = [f for f in fields if not f.used]
        feed = fields[0].feed
        out.append(f"**{feed.file}** (spec: {feed.spec}): {len(unused)} of {len(fields)} "
                   "fields never used"
                   + (":" if unused else ".") + "\n")
        if unused:
            out.append(bullets([
                code(f.column.header) + (f" (read only by restricted models: "
                                         f"{', '.join(f.restricted[:3])}"
                                         f"{'...' if len(f.restricted) > 3 else ''})"
                                         if f.restricted else "")
                for f in unused]))
    out.append("### Fields used, and what they reach\n")
    for feed_id, fields in review.by_feed().items():
        used_here = [f for f in fields if f.used]
        if not used_here:
            continue
        out.append(f"**{fields[0].feed.file}**\n")
        out.append(table(["field", "how", "published columns reached"],
                         [[code(f.column.header), "value" if f.by_value else "rows",
                           f.describe_reach(review.published_models)]
                          for f in used_here]))
    return "\n".join(out)


def _docs(inputs: PackInputs) -> str:
    from python_helpers.report.documentation import documentation_gaps

    where = f"`{inputs.docs_path}`" if inputs.docs_path else "`target/static_index.html`"
    gaps = documentation_gaps(inputs.manifest, inputs.catalog)
    out = ["## The dbt docs: the governance record\n",
           f"The static dbt docs ({where}) show the lineage from each partner file to each "
           "published mart; their overview page states the purpose, the legal basis and "
           "data flow, pseudonymisation, objections and disclosure control, and how to "
           "read the lineage. The documentation check (every source, model, column, seed, "
           "macro, test, exposure and group described) finds "
           + ("nothing undescribed.\n" if not gaps else
              f"{sum(len(v) for v in gaps.values())} gap(s):\n")]
    if gaps:
        out.append(bullets([f"{kind}: " + ", ".join(f"`{g}`" for g in items[:10])
                            + (" ..." if len(items) > 10 else "")
                            for kind, items in sorted(gaps.items())]))
    return "\n".join(out)


def governance_markdown(inputs: PackInputs) -> str:
    parts = [_header(inputs), _received(inputs), _objections(inputs), _quarantine(inputs),
             _linkage(inputs), _disclosure(inputs), _tests(inputs), _access(inputs),
             _retention(inputs), minimisation_markdown(inputs.review), _docs(inputs)]
    return "\n".join(parts)
