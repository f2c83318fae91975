"""What reviewers and analysts open: the inequality report (charts of the published marts,
each with a reading whose numbers come from the marts) and the governance pack (what was
received, objections, quarantine by reason, linkage, disclosure, grants, retention)."""
from __future__ import annotations

import re
import shutil

import duckdb
import pytest

from python_helpers.report import write_reports
from python_helpers.report.inequality import SECTIONS
from python_helpers.report.warehouse import DisclosureRule, Warehouse

PACK_SECTIONS = [
    "What was received", "Objections applied", "Quarantined records",
    "Linkage and its bias by group", "Disclosure control of each published mart",
    "Data tests of the build", "Who can read what", "Retention",
    "Data minimisation: which received fields are used",
    "The dbt docs: the governance record",
]


def _sections(page: str) -> dict[str, tuple[str, str]]:
    """mart -> (built yes/no, the section's HTML)."""
    found = re.findall(r'<section class="mart" id="[^"]+" data-mart="([^"]+)" '
                       r'data-built="(yes|no)">(.*?)</section>', page, re.S)
    return {mart: (built, body) for mart, built, body in found}


@pytest.fixture()
def warehouse_copy(small_warehouse, tmp_path):
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(small_warehouse["db_path"], copy)
    return copy


def test_the_report_has_a_section_per_mart_with_charts_readings_and_notes(small_reports,
                                                                          small_warehouse):
    page = small_reports["report"].read_text(encoding="utf-8")
    sections = _sections(page)
    assert set(sections) == {s.mart for s in SECTIONS}
    with Warehouse(small_warehouse["db_path"]) as wh:
        for section in SECTIONS:
            built, body = sections[section.mart]
            assert built == ("yes" if wh.has("marts", section.mart) else "no"), section.mart
            if built == "yes":
                assert body.count('class="plotly-graph-div"') >= 1, section.mart
                assert 'class="reading"' in body and "Disclosure control" in body
            else:
                assert "Not built" in body
    # self-contained: plotly's JavaScript is inside the page, nothing is fetched
    assert page.count("<script>") >= 1 and "<script src" not in page and "<link" not in page
    assert "n/a" not in re.sub(r"<script>.*?</script>", "", page, flags=re.S)


def test_readings_are_read_from_the_marts_when_the_report_is_written(
        small_warehouse, warehouse_copy, tmp_path):
    con = duckdb.connect(str(warehouse_copy))
    con.execute("update marts.rq2_social_care_contact set pct_of_service = 42.4 "
                "where service = 'any' and asc_status = 'current'")
    # planted values in the issue 11 marts; the differences disagree with value minus
    # value on purpose: the text must read the mart's own difference columns
    for quintile, value, adjusted, difference, adjusted_difference in (
            ("1", 123.0, 101.0, 44.0, 12.0), ("5", 80.0, 90.0, 0.0, 0.0)):
        con.execute("""update marts.rq4_waiting_time_inequality
            set value = ?, adjusted_value = ?, difference_to_reference = ?,
                adjusted_difference_to_reference = ?, is_suppressed = false
            where dimension = 'imd_quintile' and measure = 'days_median'
              and category = ?""", [value, adjusted, difference, adjusted_difference,
                                    quintile])
    con.execute("delete from marts.rq2_multiple_disadvantage")
    con.execute("""insert into marts.rq2_multiple_disadvantage by name
        select * from (values
            ('all', 'All', 'either', 400::bigint, 60::bigint, 15.0, 77.0, false),
            ('local_authority', 'Basildon', 'either', 100, 20, 20.0, 80.0, false),
            ('local_authority', 'Maldon', 'either', 50, 5, 10.0, 60.0, false))
        as t(dimension, category, social_care_wait, waiting_list_patients, patients,
             pct_of_waiting, median_days_waiting_hospital, is_suppressed)""")
    con.close()
    paths = write_reports(warehouse_copy, small_warehouse["target"], tmp_path / "out",
                          which="inequality")
    sections = _sections(paths.report.read_text(encoding="utf-8"))
    assert "42.4% are currently known to adult social care" in sections[
        "rq2_social_care_contact"][1]
    built, body = sections["rq4_waiting_time_inequality"]
    assert built == "yes"
    assert "wait 123 days (median) against 80 in the least deprived: 44 days crude, " \
           "12 days after adjusting" in body
    built, body = sections["rq2_multiple_disadvantage"]
    assert built == "yes" and "15.0% of ECC-resident patients" in body
    assert "highest in Basildon (20.0%)" in body


def test_the_governance_pack_counts_quarantine_by_reason_and_never_shows_a_record(
        small_warehouse, warehouse_copy, tmp_path):
    con = duckdb.connect(str(warehouse_copy))
    for line in (17, 18):
        con.execute(
            "insert into raw._quarantine values ('mseft_waiting_list', "
            "'mseft_waiting_list.csv', ?, null, 'record has 5 fields, fewer than the header: "
            "the spec expects one value per header column', ?)",
            [line, f"SECRET-RAW-RECORD-{line},AB12CD"])
    con.close()
    paths = write_reports(warehouse_copy, small_warehouse["target"], tmp_path / "out",
                          which="governance")
    for path in (paths.pack_markdown, paths.pack_html):
        text = path.read_text(encoding="utf-8")
        assert "SECRET-RAW-RECORD" not in text and "AB12CD" not in text
    markdown = paths.pack_markdown.read_text(encoding="utf-8")
    quarantine = markdown.split("## Quarantined records")[1].split("\n## ")[0]
    assert "| mseft_waiting_list | fewer fields than the header | (whole record) | 2 |" \
        in quarantine


def test_the_governance_pack_has_every_section_in_markdown_and_html(small_reports,
                                                                    small_manifest):
    markdown = small_reports["pack_markdown"].read_text(encoding="utf-8")
    page = small_reports["pack_html"].read_text(encoding="utf-8")
    for title in PACK_SECTIONS:
        assert f"\n## {title}\n" in markdown, title
        assert re.search(r"<h2 id=\"[a-z0-9-]+\">" + re.escape(title.replace("'", "&#x27;")),
                         page), title
    # the objections applied, counted only, as the generator planted them
    objections = markdown.split("## Objections applied")[1].split("\n## ")[0]
    truth = small_manifest["objections"]
    assert f"| people (any reason) | {truth['people']} |" in objections
    for reason, people in truth["by_reason"].items():
        assert f"| {reason} | {people} |" in objections
    received = markdown.split("## What was received")[1].split("\n## ")[0]
    for file, removed in truth["rows_removed"].items():
        feed = file.removesuffix(".csv")
        assert re.search(rf"\| {feed} \|( [0-9,]+ \|){{4}} {removed} \|", received), feed
    # each published mart's disclosure test outcome, from the build
    disclosure = markdown.split("## Disclosure control of each published mart")[1]
    assert "| rq1_patient_demographics |" in disclosure and "pass (0 rows at fault)" in disclosure


def test_the_python_disclosure_rule_is_the_marts_rule():
    rule = DisclosureRule.from_project()
    assert (rule.threshold, rule.base) == (7, 5)
    assert [rule.publish(n) for n in (0, 1, 7, 8, 12, 13, 1234)] == \
        [0, None, None, 10, 10, 15, 1235]
