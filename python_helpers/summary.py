"""The end-of-run summary: where every record went, and which data-test warnings are new.

`hi run` prints it after the build. Per feed: rows read, loaded, quarantined, and feeds
that were empty or absent. Then the data tests: on a synthetic drop, a warning that a
defect planted by the generator explains (same test, same number of rows: the truth
manifest says how many) is *expected*; any other warning, failure or error is *new* and
listed by name, with its row count. On a partner drop no warning is expected: each is a
data-quality finding to read (the failing rows are counted in
data_quality.dq_test_results, never stored).
"""
from __future__ import annotations

from dataclasses import dataclass

from python_helpers.load.outcome import LoadResult
from python_helpers.synth.defects import CONFORMANCE_TEST, WARNING_TESTS


@dataclass(frozen=True)
class Finding:
    name: str
    status: str          # warn, fail or error
    failures: int | None
    explanation: str | None = None   # the planted defect, when expected


def _test_results(run_results: dict) -> list[dict]:
    return [r for r in run_results["results"] if r["unique_id"].startswith("test.")]


def data_test_name(result: dict) -> str:
    return result["unique_id"].split(".")[2]


def classify_findings(run_results: dict, manifest: dict | None
                      ) -> tuple[list[Finding], list[Finding]]:
    """(expected, new) among the tests that did not pass. `manifest` is the synthetic
    drop's truth manifest, or None for a partner drop (nothing is expected)."""
    defects = (manifest or {}).get("defects", {})
    conformance = {CONFORMANCE_TEST.format(feed=feed) for feed, planted in defects.items()
                   if any(d.get("level") == "row" for d in planted.values())}
    expected, new = [], []
    for result in _test_results(run_results):
        if result["status"] in ("pass", "success", "skipped"):
            continue
        name, failures = data_test_name(result), result.get("failures")
        finding = Finding(name, result["status"], failures)
        explanation = None
        if result["status"] == "warn" and manifest is not None:
            if name in WARNING_TESTS:
                feed, defect, rule = WARNING_TESTS[name]
                planted = defects.get(feed, {}).get(defect, {}).get("rows")
                if planted is not None and (failures == planted if rule == "exact"
                                            else 0 < (failures or 0) <= planted):
                    explanation = f"planted {defect} in {feed} ({planted} rows)"
            elif name in conformance:
                explanation = "planted row-level defects in this feed"
        if explanation:
            expected.append(Finding(name, finding.status, failures, explanation))
        else:
            new.append(finding)
    return expected, new


def format_summary(load: LoadResult, run_results: dict | None,
                   manifest: dict | None) -> str:
    lines = ["records, per feed (read = loaded + quarantined):", load.summary()]
    empty = [o.feed.identifier for o in load.outcomes if o.status == "empty"
             or (o.status == "loaded" and o.rows_read == 0)]
    absent = [o.feed.identifier for o in load.outcomes if o.status == "absent"]
    quarantined = sum(o.rows_rejected for o in load.outcomes)
    lines.append(f"{load.rows_read:,} records read, {load.rows_loaded:,} loaded, "
                 f"{quarantined:,} quarantined (raw._quarantine); "
                 f"empty feeds: {', '.join(empty) or 'none'}; "
                 f"absent optional files: {', '.join(absent) or 'none'}")
    if run_results is None:
        return "\n".join(lines)
    tests = _test_results(run_results)
    expected, new = classify_findings(run_results, manifest)
    passed = len(tests) - len(expected) - len(new)
    lines.append(f"data tests: {len(tests):,} run, {passed:,} passed")
    if manifest is not None:
        lines.append(f"  {len(expected)} warning(s) expected: defects the generator planted "
                     "in this synthetic drop")
        for f in expected:
            lines.append(f"    {f.name}: {f.failures} rows ({f.explanation})")
        lines.append(f"  {len(new)} new finding(s){':' if new else ''}")
    else:
        lines.append(f"  {len(new)} finding(s) to read (partner drop: nothing is expected)"
                     f"{':' if new else ''}")
    for f in new:
        lines.append(f"    {f.status}: {f.name}: {f.failures} rows")
    if new or expected:
        lines.append("  counts per test: data_quality.dq_test_results")
    return "\n".join(lines)
